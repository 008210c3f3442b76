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

/** A value still to look at, and where it sits: its path (keys joined by ':', array indexes left out) is built only for an issue. */
interface Item {
  value: unknown;
  depth: number;
  parent: Item | null;
  /** Its key in the parent object; null in an array or at the top. */
  key: string | null;
}

function pathOf(item: Item): string {
  const keys: string[] = [];
  for (let at: Item | null = item; at; at = at.parent) if (at.key !== null) keys.push(at.key);
  return keys.reverse().join(':');
}

/**
 * Whether a parsed JSON value has none of unsafeJson's problems: the common answer, found without
 * building anything (every pushed row is checked). Recursive, but never deeper than MAX_JSON_DEPTH.
 */
function isSafe(v: unknown, depth: number): boolean {
  if (typeof v === 'string') return !unstorable(v);
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isSafe(v[i], depth + 1)) return false;
    return true;
  }
  // for…in: no array of keys per object. It meets every own key Object.keys gives (and inherited
  // enumerable ones, which only make it answer false, and then unsafeJson looks again).
  for (const key in v) {
    if (FORBIDDEN_KEYS.has(key) || unstorable(key) || !isSafe((v as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * The first problem of a parsed JSON value: a forbidden key, nesting deeper than MAX_JSON_DEPTH,
 * a string or key the database cannot store, a number that is not finite. Iterative, so a hostile
 * nesting depth cannot overflow the stack here.
 */
export function unsafeJson(value: unknown): FieldIssue | null {
  if (isSafe(value, 0)) return null;
  const stack: Item[] = [{ value, depth: 0, parent: null, key: null }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      if (unstorable(v)) return { field: safeFieldName(pathOf(item)), code: 'chars.control' };
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { field: safeFieldName(pathOf(item)), code: 'value.type' };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) return { field: safeFieldName(pathOf(item)), code: 'json.tooDeep' };
    // An array's elements sit at its own path; only the array itself is kept as their parent.
    const parent = item;
    if (Array.isArray(v)) {
      for (const element of v) stack.push({ value: element, depth: item.depth + 1, parent, key: null });
      continue;
    }
    for (const key of Object.keys(v)) {
      const child: Item = { value: (v as Record<string, unknown>)[key], depth: item.depth + 1, parent, key };
      if (FORBIDDEN_KEYS.has(key)) return { field: safeFieldName(pathOf(child)), code: 'json.forbiddenKey' };
      if (unstorable(key)) return { field: safeFieldName(pathOf(child)), code: 'chars.control' };
      stack.push(child);
    }
  }
  return null;
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
