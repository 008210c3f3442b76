// Per-field edit times carried inside documents (RxDB's _meta is not replicated), used by the merge.

/**
 * Edit time (epoch ms) per field path. A top-level field is its key (`nip`, and `verification`,
 * a verdict being one value [M11]); a key inside a nested map is `map:key` (`custom:purchasing`).
 * See SPEC.md M2.
 */
export type FieldTimes = Record<string, number>;

export const NESTED_MAPS = ['custom'] as const;

export function fieldPath(map: string | null, key: string): string {
  return map ? `${map}:${key}` : key;
}

/**
 * Names of the members every plain object inherits. A user-named key (a fieldTimes path, the key
 * inside a nested map, an attribute id) equal to one of them is refused [V7]: code that reads
 * `obj[key]` without an own-property check would find the inherited function instead of nothing.
 * A fixed list, not `Object.getOwnPropertyNames(Object.prototype)`, so every engine agrees.
 */
export const INHERITED_NAMES: ReadonlySet<string> = new Set([
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  '__lookupSetter__',
]);

/** Does this field path (`toString`, `custom:constructor`) name an inherited member at either level [V7]? */
export function namesInheritedMember(path: string): boolean {
  const colon = path.indexOf(':');
  return INHERITED_NAMES.has(path) || (colon >= 0 && (INHERITED_NAMES.has(path.slice(0, colon)) || INHERITED_NAMES.has(path.slice(colon + 1))));
}
