// Device-side edits: the one way a new document state is made, stamping each changed field's edit time [M2].
import { NESTED_MAPS, fieldPath } from '../entities/field-times.ts';
import type { FieldTimes } from '../entities/field-times.ts';
import { STANDARD_KEYS, type Client, type Verification } from '../entities/client.ts';
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

/** The field paths a verdict's notes may name: standard attributes and custom values [V8]. */
export function isNotePath(path: string): boolean {
  return (STANDARD_KEYS as readonly string[]).includes(path) || /^custom:[A-Za-z0-9_-]{1,64}$/.test(path);
}

/**
 * An edit of a client record's data by its operator (or supervisor). Every data field edited after a
 * verdict is stamped later than the verdict, whatever the device clock says, so the verdict's note on
 * that field is known to be answered [V8]. An edit of a data field (standard or custom) of a rejected
 * record sends it back to the verifier as `corrected` [P3]: the whole verdict, reason and notes kept.
 */
export function applyOperatorEdit(client: Client, changes: Changes<Client>, now: number): Client {
  const { verification: _ignored, ...data } = changes;
  const after = Math.max(now, (client.fieldTimes.verification ?? 0) + 1);
  const { doc, paths } = edit(client, data as Changes<Client>, after);
  if (paths.length === 0 || doc.verification.state !== 'rejected') return doc;
  return edit(doc, { verification: { ...doc.verification, state: 'corrected' } }, after).doc;
}

export interface VerdictInput {
  state: 'approved' | 'rejected';
  reason: string;
  notes: Record<string, string>;
}

/**
 * A verifier's verdict: the whole `verification` value replaced at once [M11]. An approval carries no
 * reason and no notes; blank notes are dropped. The caller checks the reason (required on a rejection).
 */
export function applyVerdict(client: Client, verdict: VerdictInput, verifierId: string, now: number): Client {
  const approved = verdict.state === 'approved';
  const notes: Record<string, string> = {};
  if (!approved) {
    for (const [path, note] of Object.entries(verdict.notes)) {
      const text = note.trim();
      if (text !== '' && isNotePath(path)) notes[path] = text;
    }
  }
  const at = Math.max(now, (client.fieldTimes.verification ?? 0) + 1);
  const value: Verification = { state: verdict.state, reason: approved ? '' : verdict.reason.trim(), verifierId, at, notes };
  return applyEdit(client, { verification: value }, at);
}

/**
 * The verdict's notes the operator has not answered yet: a note stays on its field until the field is
 * edited after the verdict (the edit time tells, see applyOperatorEdit). None unless rejected or corrected.
 */
export function openNotes(client: Client): Record<string, string> {
  const v = client.verification;
  if (v.state !== 'rejected' && v.state !== 'corrected') return {};
  // The verdict's own time: the correction (rejected → corrected) re-stamps the `verification` path at
  // the time of the edit that answers a note, so that stamp alone would keep the note open. The lower
  // of the two also covers a verdict time the server clamped [M9].
  const verdictTime = Math.min(v.at, client.fieldTimes.verification ?? v.at);
  const open: Record<string, string> = {};
  for (const [path, note] of Object.entries(v.notes ?? {})) {
    if (!Object.hasOwn(client.fieldTimes, path) || client.fieldTimes[path]! <= verdictTime) open[path] = note;
  }
  return open;
}
