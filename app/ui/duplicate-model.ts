// Duplicates while typing [DESIGN.md, Duplicates]: a valid NIP or REGON in the record form that another
// local record of the same order already holds. Shown and announced, never blocking the save; the
// server's `duplicateOf` flag covers records entered offline on other devices.
import { checkNip, checkRegon } from '../../schemas/entities/polish-identifiers.ts';

/** What matching needs of the order's other local records. */
export interface Candidate {
  id: string;
  name: string;
  nip: string;
  regon: string;
  createdAt: number;
}

export interface DuplicateMatch {
  id: string;
  name: string;
}

export type DuplicateField = 'nip' | 'regon';
export type Matches = Partial<Record<DuplicateField, DuplicateMatch>>;

const CHECKS = { nip: checkNip, regon: checkRegon } as const;

/** The stored value a typed NIP / REGON would match (the valid, normalised value), or none. */
export function matchableValue(field: DuplicateField, typed: string): string | undefined {
  const input = typed.trim();
  if (input === '') return undefined;
  const checked = CHECKS[field](input);
  return checked.ok ? checked.value : undefined;
}

/**
 * The earliest other record (by creation) with the same stored NIP / REGON as the typed one. Only a
 * valid value is matched: a half-typed number or a typo in a check digit is not a duplicate.
 */
export function duplicateMatches(typed: Record<DuplicateField, string>, candidates: readonly Candidate[], selfId: string | null): Matches {
  const found: Matches = {};
  for (const field of ['nip', 'regon'] as const) {
    const value = matchableValue(field, typed[field]);
    if (value === undefined) continue;
    let best: Candidate | undefined;
    for (const c of candidates) {
      if (c.id === selfId || c[field] !== value) continue;
      if (!best || c.createdAt < best.createdAt) best = c;
    }
    if (best) found[field] = { id: best.id, name: best.name };
  }
  return found;
}

/** The fields whose match has not been announced yet in this form; remembers them in `heard`. */
export function newMatchKeys(matches: Matches, heard: Set<string>): DuplicateField[] {
  const fresh: DuplicateField[] = [];
  for (const field of ['nip', 'regon'] as const) {
    const match = matches[field];
    if (!match) continue;
    const key = `${field}:${match.id}`;
    if (heard.has(key)) continue;
    heard.add(key);
    fresh.push(field);
  }
  return fresh;
}
