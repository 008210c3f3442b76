// The per-field three-way merge of replicated documents (SPEC M1–M9), shared by RxDB's conflict handler and the server.
import { NESTED_MAPS, fieldPath } from '../entities/field-times.ts';
import type { FieldTimes } from '../entities/field-times.ts';

/** A replicated document as RxDB's conflict handler sees it (WithDeleted, no `_meta`). */
export type Doc = { [k: string]: unknown; fieldTimes: Record<string, number>; _deleted?: boolean };

/**
 * What the functions below need of a document. Wider than `Doc` because an `interface` (such as
 * `Order`) has no implicit index signature and so is not assignable to `Doc`; every `Doc` is a `DocLike`.
 */
export type DocLike = { fieldTimes: FieldTimes; _deleted?: boolean };

export interface MergeInput<T extends DocLike> {
  /** The master state the device last saw; missing when the device created the document itself. */
  assumed: T | null | undefined;
  /** The server (master) state. */
  real: T;
  /** The device's new state. */
  next: T;
  /** False for paths that keep the server's value (refused by the server [M6]); `_deleted` asks about a deletion. */
  canWrite?: (path: string) => boolean;
}

type Fields = Record<string, unknown>;

/** Keys that are not fields: merged by their own rule (`_deleted`, `updatedAt`, `fieldTimes`) or not replicated. */
const NOT_FIELDS: ReadonlySet<string> = new Set(['fieldTimes', 'updatedAt', '_deleted', '_meta', '_rev', '_attachments']);
/** RxDB storage bookkeeping that never takes part in equality. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['_deleted', '_meta', '_rev', '_attachments']);
const NESTED: ReadonlySet<string> = new Set(NESTED_MAPS);
/** What `sameDataIgnoringTimes` always leaves out. */
const BOOKKEEPING_AND_TIMES: ReadonlySet<string> = new Set([...BOOKKEEPING, 'fieldTimes', 'updatedAt']);
const NO_TIMES: FieldTimes = Object.freeze({});

/**
 * A key's own value. Keys come from users (fieldTimes paths, custom attribute ids): `toString` or
 * `constructor` must read as absent, never as the member every object inherits [V7].
 */
const own = (obj: Fields, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);
const ownTime = (times: FieldTimes, key: string): number | undefined => (Object.hasOwn(times, key) ? times[key] : undefined);

/** Sets an own data key: a plain assignment to `__proto__` would swap the object's prototype instead. */
function put(obj: Fields, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Deep equality of JSON values; a key whose value is `undefined` counts as absent. */
export function valuesEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!valuesEqual(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  return objectsEqual(x as Fields, y as Fields, null);
}

// for…in rather than Object.keys: no array per object, and documents are plain JSON objects (whose
// inherited members are not enumerable, so for…in meets own keys only).
// `skip` and `alsoSkip` (read only with `skip`) name keys left out: a few keys, so an array's `includes` is cheaper than a new Set per call.
function objectsEqual(a: Fields, b: Fields, skip: ReadonlySet<string> | null, alsoSkip: readonly string[] = NONE): boolean {
  let counted = 0;
  for (const k in a) {
    if (a[k] === undefined || (skip !== null && (skip.has(k) || alsoSkip.includes(k)))) continue;
    counted++;
    if (!valuesEqual(a[k], own(b, k))) return false;
  }
  for (const k in b) {
    if (b[k] === undefined || (skip !== null && (skip.has(k) || alsoSkip.includes(k)))) continue;
    counted--;
  }
  return counted === 0;
}
const NONE: readonly string[] = Object.freeze([]);

const isDeleted = (d: DocLike) => d._deleted === true;

/**
 * Equality of replicated data, used as RxDB's `conflictHandler.isEqual`: synchronous and cheap,
 * blind to storage bookkeeping (`_meta`, `_rev`, `_attachments`); a missing `_deleted` means false.
 */
export function docsEqual<T extends DocLike>(a: T, b: T): boolean {
  if (a === b) return true;
  if (isDeleted(a) !== isDeleted(b)) return false;
  return objectsEqual(a as Fields, b as Fields, BOOKKEEPING);
}

/**
 * Equality ignoring edit times (`fieldTimes`, `updatedAt`) and the listed keys: the server's test
 * that a re-sent row is already stored [S7], since the stored copy carries clamped times [M9].
 * When the times do differ, the acknowledged device now holds times the server does not: the
 * server must announce the stored copy again (a new change position) so the device pulls it.
 */
export function sameDataIgnoringTimes<T extends DocLike>(a: T, b: T, ignore: readonly string[]): boolean {
  if (isDeleted(a) !== isDeleted(b)) return false;
  return objectsEqual(a as Fields, b as Fields, BOOKKEEPING_AND_TIMES, ignore);
}

const isMap = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field path split into its nested map (null at the top level) and key. */
type PathParts = readonly [map: string | null, key: string];

/**
 * Every field path any of the documents holds, in first-seen order (so the output is deterministic).
 * Paths known only from `fieldTimes` are included: a removed custom value keeps its edit time, so an
 * older concurrent re-add cannot win over the removal.
 */
function collectPaths(docs: readonly (DocLike | null | undefined)[], withTimes: boolean): Map<string, PathParts> {
  const paths = new Map<string, PathParts>();
  const add = (map: string | null, key: string) => {
    const path = fieldPath(map, key);
    if (!paths.has(path)) paths.set(path, [map, key]);
  };
  for (const doc of docs) {
    if (!doc) continue;
    const fields = doc as Fields;
    for (const k of Object.keys(fields)) {
      if (NOT_FIELDS.has(k)) continue;
      const v = fields[k];
      if (NESTED.has(k) && isMap(v)) for (const inner of Object.keys(v)) add(k, inner);
      else if (!NESTED.has(k)) add(null, k);
    }
    if (!withTimes) continue;
    for (const path of Object.keys(doc.fieldTimes ?? NO_TIMES)) {
      const colon = path.indexOf(':');
      const map = colon > 0 ? path.slice(0, colon) : null;
      if (map !== null && NESTED.has(map)) add(map, path.slice(colon + 1));
      else if (!NOT_FIELDS.has(path)) add(null, path);
    }
  }
  return paths;
}

function read(doc: DocLike | null | undefined, [map, key]: PathParts): unknown {
  if (!doc) return undefined;
  const fields = doc as Fields;
  if (map === null) return own(fields, key);
  const inner = own(fields, map);
  return isMap(inner) ? own(inner, key) : undefined;
}

/** The value of one field path (`nip`, `custom:abc`, `verification:state`), for audits and tests. */
export function fieldValue(doc: DocLike, path: string): unknown {
  const colon = path.indexOf(':');
  const map = colon > 0 ? path.slice(0, colon) : null;
  return map !== null && NESTED.has(map) ? read(doc, [map, path.slice(colon + 1)]) : read(doc, [null, path]);
}

/** The field paths whose values differ between two states (timestamps aside): what an audit records [S9]. */
export function changedPaths(before: DocLike | null | undefined, after: DocLike): string[] {
  const changed: string[] = [];
  for (const [path, parts] of collectPaths([after, before], false)) {
    if (!valuesEqual(read(before, parts), read(after, parts))) changed.push(path);
  }
  return changed;
}

const maxTime = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

type Choice = readonly [value: unknown, time: number | undefined];

/**
 * One field's three-way decision; `base` undefined means every differing field counts as changed on
 * both sides. A side changed a field when its value or its edit time differs from the assumed state:
 * by value alone, a value changed and changed back (x → y → x) would look untouched, and an older
 * concurrent edit on the other side would silently replace the later one (the ABA problem).
 */
function choose(
  base: Choice | undefined, r: unknown, n: unknown, tr: number | undefined, tn: number | undefined,
): Choice {
  if (base) {
    const [a, ta] = base;
    if (valuesEqual(a, n) && ta === tn) return [r, tr]; // [M3] unchanged on the device: the server's value
    if (valuesEqual(a, r) && ta === tr) return [n, tn]; // [M3] changed on the device only
  }
  if (valuesEqual(r, n)) return [r, maxTime(tr, tn)]; // [M5] same value on both sides, later time
  return (tn ?? 0) > (tr ?? 0) ? [n, tn] : [r, tr]; // [M4] later edit wins, a tie goes to the server
}

/**
 * Three-way merge of a device's new state with the server's state, against the state the device
 * last saw [M1]. Pure and deterministic [M8]: it reads its inputs only and returns a new object.
 */
export function mergeDocs<T extends DocLike>(input: MergeInput<T>): T {
  const { real, next, canWrite } = input;
  // [M7] A record deleted on the server stays exactly as stored: edits to it are moot, and a merge
  // that kept them would be pushed again and again to a server that refuses writes to tombstones.
  if (isDeleted(real)) return { ...real };
  const assumed = input.assumed ?? undefined;
  const realFields = real as Fields;
  const nextFields = next as Fields;
  const out: Fields = {};
  const times: FieldTimes = {};

  // A nested map present on a live side stays a map in the result, even when it ends up empty.
  for (const map of NESTED_MAPS) if (isMap(realFields[map]) || isMap(nextFields[map])) out[map] = {};

  const realTimes = real.fieldTimes ?? NO_TIMES;
  const nextTimes = next.fieldTimes ?? NO_TIMES;
  const assumedTimes = assumed?.fieldTimes ?? NO_TIMES;
  for (const [path, parts] of collectPaths([real, next, assumed], true)) {
    const r = read(real, parts);
    const tr = ownTime(realTimes, path);
    const base: Choice | undefined = assumed ? [read(assumed, parts), ownTime(assumedTimes, path)] : undefined;
    const [value, time] = canWrite && !canWrite(path)
      ? [r, tr] // [M6] a field the user may not write keeps the server's value
      : choose(base, r, read(next, parts), tr, ownTime(nextTimes, path));
    if (time !== undefined) put(times, path, time);
    if (value === undefined) continue;
    const [map, key] = parts;
    if (map === null) put(out, key, value);
    else put((out[map] ??= {}) as Fields, key, value);
  }

  out.fieldTimes = times;
  // updatedAt is the latest edit the result holds, not max(real, next): when every device edit lost
  // (refused [M6] or older [M4]) the result is exactly the server state and nothing is pushed again.
  if (typeof realFields.updatedAt === 'number' || typeof nextFields.updatedAt === 'number') {
    let updatedAt = numberOrUndefined(realFields.updatedAt) ?? 0;
    for (const time of Object.values(times)) if (time > updatedAt) updatedAt = time;
    out.updatedAt = updatedAt;
  }
  // [M7] a deletion on the device wins too, unless the user may not delete [M6]: path `_deleted`.
  if ('_deleted' in real || '_deleted' in next) out._deleted = isDeleted(next) && (!canWrite || canWrite('_deleted'));
  return out as T;
}

const numberOrUndefined = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * [M6] The write rule a device resolves a refused row's conflict with: the paths the server refused
 * ('' = the whole document) keep the server's value, every other path merges as usual. When no named
 * path differs between the pushed and the stored state, the names cannot explain the refusal (a
 * closed order, a reason about the whole record, or the same refusal after the device already took
 * the server's values): then the whole stored state is kept, so a refusal can never loop.
 */
export function refusedWriteRule(paths: Iterable<string>, pushed: DocLike, stored: DocLike): (path: string) => boolean {
  const named = new Set(paths);
  // Only a merged path can explain a refusal: `fieldTimes` or `updatedAt` are no choice the merge makes.
  const differs = (path: string) =>
    path === '_deleted'
      ? isDeleted(pushed) !== isDeleted(stored)
      : !NOT_FIELDS.has(path) && !valuesEqual(fieldValue(pushed, path), fieldValue(stored, path));
  const explained = !named.has('') && [...named].some(differs);
  return explained ? (path) => !named.has(path) : () => false;
}

/** The shape of RxDB 17's `RxConflictHandler`, kept structural so schemas/ does not depend on RxDB. */
export interface ConflictHandler<T> {
  isEqual(a: T, b: T, context: string): boolean;
  resolve(
    input: { assumedMasterState?: T; realMasterState: T; newDocumentState: T },
    context: string,
  ): Promise<T>;
}

/**
 * RxDB's conflict handler for a collection, built on the shared merge so device and server agree [M8].
 * `canWrite` gets the server state too; a device passes none, or `refusedWriteRule` for a row the
 * server has just refused [M6], never its own guess of the user's permissions.
 */
export function createConflictHandler<T extends DocLike>(
  canWrite?: (path: string, real: T) => boolean,
): ConflictHandler<T> {
  return {
    isEqual: (a, b) => docsEqual(a, b),
    resolve: (input) => {
      const real = input.realMasterState;
      const rule = canWrite && ((path: string) => canWrite(path, real));
      return Promise.resolve(mergeDocs({ assumed: input.assumedMasterState, real, next: input.newDocumentState, canWrite: rule }));
    },
  };
}

/**
 * [M9] Edit times in the server's future become the server's time, so a device clock set ahead
 * cannot win later edits. `createdAt`/`updatedAt` are clamped too; data fields (such as
 * `verification.at`) are values, not edit times, and stay as they are.
 */
export function clampFieldTimes<T extends DocLike>(doc: T, serverNow: number): T {
  const fieldTimes: FieldTimes = {};
  for (const [path, time] of Object.entries(doc.fieldTimes ?? NO_TIMES)) put(fieldTimes, path, Math.min(time, serverNow));
  const out: Fields = { ...(doc as Fields), fieldTimes };
  for (const key of ['createdAt', 'updatedAt']) {
    const time = out[key];
    if (typeof time === 'number' && time > serverNow) out[key] = serverNow;
  }
  return out as T;
}
