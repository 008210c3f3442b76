// Rejects parsed JSON the database or the JavaScript runtime would mishandle, before any other check sees it [S10].
import type { FieldIssue } from '../../schemas/protocol/errors.ts';

// Prototype-polluting keys: harmless as JSON.parse own properties, dangerous once spread or merged.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
// PostgreSQL jsonb (and text) cannot hold U+0000; an unpaired surrogate is not valid Unicode and jsonb refuses it.
// isWellFormed (native, ES2024) is false exactly when a string holds an unpaired surrogate.
const unstorable = (s: string) => s.includes('\u0000') || !(s as string & { isWellFormed(): boolean }).isWellFormed();

/** Deeper than any replicated document (custom values are at depth 3); keeps recursive code elsewhere safe. */
export const MAX_JSON_DEPTH = 12;

/** A readable, storable rendering of a field path built from untrusted keys. */
export function safeFieldName(path: string): string {
  return path.replace(/[^\p{L}\p{N}_:.\-]/gu, '?').slice(0, 200);
}

/** The first problem found, with the keys from the problem up to the top (array indexes left out). */
interface Problem {
  code: FieldIssue['code'];
  keys: string[];
}

/**
 * The first problem of `v` at `depth`. Recursive but bounded: it never goes deeper than
 * MAX_JSON_DEPTH, so a hostile nesting depth cannot overflow the stack. Builds nothing for a safe
 * value (every pushed row is checked); the path is collected only on the way back from a problem.
 */
function problemOf(v: unknown, depth: number): Problem | null {
  if (typeof v === 'string') return unstorable(v) ? { code: 'chars.control', keys: [] } : null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : { code: 'value.type', keys: [] };
  if (typeof v !== 'object' || v === null) return null;
  if (depth >= MAX_JSON_DEPTH) return { code: 'json.tooDeep', keys: [] };
  if (Array.isArray(v)) {
    // An array's elements sit at its own path.
    for (let i = 0; i < v.length; i++) {
      const problem = problemOf(v[i], depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  // for…in: no array of keys per object (parsed JSON has no inherited enumerable keys).
  for (const key in v) {
    if (FORBIDDEN_KEYS.has(key)) return { code: 'json.forbiddenKey', keys: [key] };
    if (unstorable(key)) return { code: 'chars.control', keys: [key] };
    const problem = problemOf((v as Record<string, unknown>)[key], depth + 1);
    if (problem) {
      problem.keys.push(key);
      return problem;
    }
  }
  return null;
}

/**
 * The first problem of a parsed JSON value: a forbidden key, nesting deeper than MAX_JSON_DEPTH,
 * a string or key the database cannot store, a number that is not finite.
 */
export function unsafeJson(value: unknown): FieldIssue | null {
  const problem = problemOf(value, 0);
  return problem && { field: safeFieldName(problem.keys.reverse().join(':')), code: problem.code };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KEEP_DEPTH = 64;

/**
 * A copy of parsed JSON cut at a depth JSON.stringify can always handle (deeper parts become a
 * marker), for logging what a hostile or broken client sent without overflowing the stack.
 */
export function boundedCopy(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= KEEP_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => boundedCopy(v, depth + 1));
  // A null-prototype object: an own '__proto__' key stays a plain key here.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = boundedCopy((value as Record<string, unknown>)[key], depth + 1);
  return out;
}
