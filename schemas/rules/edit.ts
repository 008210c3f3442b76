// Device-side edits: the one way a new document state is made, stamping each changed field's edit time [M2].
import { NESTED_MAPS, fieldPath } from '../entities/field-times.ts';
import type { FieldTimes } from '../entities/field-times.ts';
import type { Client } from '../entities/client.ts';
import { valuesEqual } from './merge.ts';
import type { DocLike } from './merge.ts';

type NestedMap = (typeof NESTED_MAPS)[number];

/**
 * The changes of one edit. Nested maps (`custom`, `verification`) are patches applied key by key:
 * keys left out stay as they are, a key set to `undefined` is removed. Every `Partial<T>` fits.
 */
export type Changes<T> = {
  [K in keyof T]?: K extends NestedMap ? { [P in keyof T[K]]?: T[K][P] | undefined } : T[K];
};

type Fields = Record<string, unknown>;

/** Derived or storage keys an edit never sets directly (deletion goes through RxDB's `remove()`). */
const NOT_EDITABLE: ReadonlySet<string> = new Set(['fieldTimes', 'updatedAt', '_deleted', '_meta', '_rev', '_attachments']);
const NESTED: ReadonlySet<string> = new Set(NESTED_MAPS);

const isMap = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

function edit<T extends DocLike>(doc: T, changes: Changes<T>, now: number): { doc: T; paths: string[] } {
  const fields = doc as unknown as Fields;
  const oldTimes = doc.fieldTimes ?? {};
  const paths: string[] = [];
  let out: Fields | undefined;
  let times: FieldTimes | undefined;
  let latest = now;

  // An edit is later than every edit it has seen: with a clock behind, the time of the value being
  // replaced + 1. Otherwise a slow device could not overwrite what it sees (a Lamport clock per field).
  const stamp = (path: string) => {
    const time = Math.max(now, (oldTimes[path] ?? -Infinity) + 1);
    (times ??= { ...oldTimes })[path] = time;
    latest = Math.max(latest, time);
    paths.push(path);
  };

  for (const [key, value] of Object.entries(changes as Fields)) {
    if (NOT_EDITABLE.has(key)) continue;
    if (NESTED.has(key) && isMap(value)) {
      const before = isMap(fields[key]) ? (fields[key] as Fields) : {};
      let after: Fields | undefined;
      for (const [inner, innerValue] of Object.entries(value)) {
        if (valuesEqual(before[inner], innerValue)) continue;
        after ??= { ...before };
        if (innerValue === undefined) delete after[inner];
        else after[inner] = innerValue;
        stamp(fieldPath(key, inner));
      }
      if (after) (out ??= { ...fields })[key] = after;
      continue;
    }
    if (valuesEqual(fields[key], value)) continue;
    out ??= { ...fields };
    if (value === undefined) delete out[key];
    else out[key] = value;
    stamp(key);
  }

  if (!out) return { doc, paths };
  out.fieldTimes = times;
  // Never earlier than before: updatedAt stays at least every field time, which the merge relies on.
  const previous = fields.updatedAt;
  out.updatedAt = typeof previous === 'number' && previous > latest ? previous : latest;
  return { doc: out as unknown as T, paths };
}

/**
 * The new state of `doc` after `changes` made at device time `now`: each changed field (nested maps
 * key by key) gets `fieldTimes[path]`, `updatedAt` moves. Nothing changed: the same object comes back.
 */
export function applyEdit<T extends DocLike>(doc: T, changes: Changes<T>, now: number): T {
  return edit(doc, changes, now).doc;
}

/**
 * An operator's edit of a client record: as `applyEdit`, and an edit of a data field (standard or
 * custom) of a rejected record sends it back to the verifier as `corrected` [P3].
 */
export function applyOperatorEdit(client: Client, changes: Changes<Client>, now: number): Client {
  const { doc, paths } = edit(client, changes, now);
  const editedData = paths.some((path) => !path.startsWith('verification:'));
  if (!editedData || doc.verification.state !== 'rejected') return doc;
  return edit(doc, { verification: { state: 'corrected' } }, now).doc;
}
