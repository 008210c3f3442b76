// Per-field edit times carried inside documents (RxDB's _meta is not replicated), used by the merge.

/**
 * Edit time (epoch ms) per field path. A top-level field is its key (`nip`); a key inside a nested
 * map is `map:key` (`custom:purchasing`, `verification:state`). See SPEC.md M2.
 */
export type FieldTimes = Record<string, number>;

export const NESTED_MAPS = ['custom', 'verification'] as const;

export function fieldPath(map: string | null, key: string): string {
  return map ? `${map}:${key}` : key;
}
