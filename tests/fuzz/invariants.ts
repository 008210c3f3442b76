// What must hold at the end of every fuzz run, once everyone has settled: each device equals the server
// within its scope, nothing typed or judged is lost without a trace, no verdict is mixed, no comment is
// lost, duplicated or altered, and a corrected rejection stays corrected unless a later verdict replaced it.
import type { Verification } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import { canRead } from '../../schemas/rules/scope.ts';
import type { TestDatabase } from '../contract/backends.ts';
import { actorOf } from '../../sync-server/db/membership.ts';
import { pendingIds } from '../../app/local-db/pending.ts';
import type { Device } from './device.ts';

type Db = TestDatabase['db'];

/** A value a user typed into a record field. */
export interface Typed { device: string; recordId: string; field: string; value: string; step: number }
/** A verdict as the verifier's device wrote it, whole [M11]. */
export interface Given { device: string; recordId: string; verdict: Verification; step: number }
/** An edit of a rejected record that moved it to `corrected` on the device [P3]: `from` is the rejection answered. */
export interface Correction { device: string; recordId: string; from: Verification; step: number }
/** A comment as its author's device wrote it [C1]. */
export interface Written { device: string; comment: Comment; step: number }
/** A restore the server answered 200 [H4]: the value it put back, and whether it replaced another. */
export interface Restored { by: string; recordId: string; path: string; value: unknown; changed: boolean; step: number }

/** A field's value as stored: an entry's null is a blank standard field or an absent custom value [H4]. */
export const storedForm = (path: string, value: unknown): unknown => value ?? (path.startsWith('custom:') ? null : '');

export interface History {
  typed: Typed[];
  deletes: { device: string; recordId: string }[];
  creates: { device: string; recordId: string }[];
  verdicts: Given[];
  corrections: Correction[];
  comments: Written[];
  restores: Restored[];
  /** The verdicts stored before the run (the organisation's records). */
  initialVerdicts: Verification[];
}

export const emptyHistory = (): History => ({
  typed: [], deletes: [], creates: [], verdicts: [], corrections: [], comments: [], restores: [], initialVerdicts: [],
});

const strip = (doc: Record<string, unknown>) => {
  const { _meta, _rev, _attachments, _deleted, ...rest } = doc;
  return rest;
};
export const canonical = (value: unknown): string => JSON.stringify(value, (_, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);

const corrected = (v: Verification): Verification => ({ ...v, state: 'corrected' });

/** Standard fields hold strings; a custom path `custom:<id>` names a key of `custom`. */
export function fieldOf(doc: Record<string, unknown>, path: string): unknown {
  if (!path.startsWith('custom:')) return doc[path];
  return (doc.custom as Record<string, unknown> | undefined)?.[path.slice('custom:'.length)];
}

type Row = { id: string; doc: Record<string, unknown>; deleted: boolean };
type Refused = { collection: string; doc_id: string; user_id: string; doc: unknown };
type Audit = { doc_id: string; path: string; old: unknown; new: unknown; kind: string };

const json = (value: unknown): Record<string, unknown> | null =>
  (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown> | null));

export async function checkInvariants(db: Db, devices: Device[], history: History): Promise<string[]> {
  const problems: string[] = [];
  const table = async (name: string) => (await db.query<Row>(`SELECT id, doc, deleted FROM ${name}`)).rows;
  const rows = await table('clients');
  const serverById = new Map(rows.map((r) => [r.id, r]));
  const commentRows = await table('comments');
  const assignmentRows = await table('assignments');
  const audit = (await db.query<Audit>(
    "SELECT doc_id, path, old, new, kind FROM audit WHERE collection = 'clients' ORDER BY id")).rows;
  const refused = (await db.query<Refused>('SELECT collection, doc_id, user_id, doc FROM refused_changes')).rows;
  const refusedClients = refused.filter((r) => r.collection === 'clients');

  // 1. Every device holds exactly the server's documents in its user's scope, with the server's values [S3, S4, C3].
  for (const device of devices) {
    const actor = await db.transaction((tx) => actorOf(tx, device.spec.user));
    const compare = async (name: SyncCollection, server: Row[]) => {
      const expected = new Map(server.filter((r) => !r.deleted && canRead(actor, name, r.doc)).map((r) => [r.id, r.doc]));
      const local = await (device.db[name as 'clients'] as Device['db']['clients']).find().exec();
      const held = new Map(local.map((d) => [d.primary, strip(d.toMutableJSON() as never)]));
      for (const [id, doc] of expected) {
        const mine = held.get(id);
        if (!mine) problems.push(`${device.spec.name}: ${name}/${id} is on the server in scope but missing on the device`);
        else if (canonical(mine) !== canonical(doc)) {
          problems.push(`${device.spec.name}: ${name}/${id} differs from the server: device ${canonical(mine)} server ${canonical(doc)}`);
        }
      }
      const byId = new Map(server.map((r) => [r.id, r]));
      for (const id of held.keys()) {
        if (expected.has(id)) continue;
        const stored = byId.get(id);
        // A new document the server refused stays on its device, listed as refused [S8].
        if (!stored && refused.some((r) => r.collection === name && r.doc_id === id && r.user_id === device.spec.user.id)) continue;
        problems.push(`${device.spec.name}: ${name}/${id} is on the device but ${stored?.deleted ? 'deleted on the server (a deleted document came back)' : 'not in its scope on the server'}`);
      }
    };
    await compare('clients', rows);
    if (device.replications.has('assignments')) await compare('assignments', assignmentRows);
    if (device.replications.has('comments')) await compare('comments', commentRows);
    for (const name of ['clients', 'comments'] as const) {
      if (!device.replications.has(name)) continue;
      const unsent = await pendingIds(device.db, name);
      if (unsent.length > 0) problems.push(`${device.spec.name}: ${name} still marked unsent after settling: ${unsent.join(', ')}`);
    }
  }

  // 2. No typed value lost without a trace: in the final state, in the audit history, or refused [S8, S9, S19].
  for (const [index, t] of history.typed.entries()) {
    // The same device's later edit of the same field replaced it before anyone saw it: the user's own choice.
    if (history.typed.slice(index + 1).some((l) => l.device === t.device && l.recordId === t.recordId && l.field === t.field)) continue;
    const stored = serverById.get(t.recordId);
    if (stored && stored.doc[t.field] === t.value) continue;
    if (audit.some((a) => a.doc_id === t.recordId && (a.old === t.value || a.new === t.value || canonical(a.old).includes(JSON.stringify(t.value))))) continue;
    if (refusedClients.some((r) => r.doc_id === t.recordId && json(r.doc)?.[t.field] === t.value)) continue;
    problems.push(`typed value lost without a trace: ${t.device} typed ${t.field}="${t.value}" into ${t.recordId} at step ${t.step}; server has ${stored ? `"${String(stored.doc[t.field])}"${stored.deleted ? ' (deleted)' : ''}` : 'no such record'}`);
  }

  // 3. A deletion stays (never back), unless the server refused it and logged the refusal [M7, S8].
  for (const d of history.deletes) {
    const stored = serverById.get(d.recordId);
    if (stored?.deleted) continue;
    if (refusedClients.some((r) => r.doc_id === d.recordId && json(r.doc)?._deleted === true)) continue;
    problems.push(`${d.device} deleted ${d.recordId}: the server still has it and logged no refusal`);
  }
  for (const c of history.creates) {
    if (!serverById.has(c.recordId) && !refusedClients.some((r) => r.doc_id === c.recordId)) {
      problems.push(`${c.device} created ${c.recordId}: never reached the server and no refusal was logged`);
    }
  }

  problems.push(...checkVerdicts(history, serverById, audit, refusedClients));
  problems.push(...checkComments(history, commentRows, refused.filter((r) => r.collection === 'comments')));
  return problems;
}

/** [M11][P3][S19][H4] Verdicts whole, judged values kept or traced, corrections kept, restores audited. */
function checkVerdicts(history: History, serverById: Map<string, Row>, audit: Audit[], refused: Refused[]): string[] {
  const problems: string[] = [];
  const verdictOf = (doc: Record<string, unknown> | null | undefined) => canonical(doc?.verification);

  // No verdict mixed: every verdict stored — on a record or in its history — is one a device wrote
  // whole (or the rejection it answered, as `corrected`); devices equal the server (1.).
  const whole = new Set<string>();
  for (const v of [...history.initialVerdicts, ...history.verdicts.map((g) => g.verdict)]) {
    whole.add(canonical(v));
    if (v.state === 'rejected') whole.add(canonical(corrected(v)));
  }
  for (const row of serverById.values()) {
    if (!whole.has(verdictOf(row.doc))) problems.push(`mixed verdict stored on ${row.id}: ${verdictOf(row.doc)}`);
  }
  for (const a of audit) {
    if (a.path !== 'verification') continue;
    for (const side of [a.old, a.new]) {
      if (side !== null && !whole.has(canonical(side))) problems.push(`mixed verdict in the history of ${a.doc_id} (${a.kind}): ${canonical(side)}`);
    }
  }

  // No verdict lost without a trace: stored, answered by a correction, in the history, or refused.
  for (const [index, g] of history.verdicts.entries()) {
    if (history.verdicts.slice(index + 1).some((l) => l.device === g.device && l.recordId === g.recordId)) continue;
    const mine = new Set([canonical(g.verdict), canonical(corrected(g.verdict))]);
    const stored = serverById.get(g.recordId);
    if (stored && mine.has(verdictOf(stored.doc))) continue;
    if (audit.some((a) => a.doc_id === g.recordId && a.path === 'verification' && (mine.has(canonical(a.old)) || mine.has(canonical(a.new))))) continue;
    if (refused.some((r) => r.doc_id === g.recordId && mine.has(verdictOf(json(r.doc))))) continue;
    problems.push(`verdict lost without a trace: ${g.device} gave ${canonical(g.verdict)} on ${g.recordId} at step ${g.step}; server has ${stored ? verdictOf(stored.doc) : 'no such record'}`);
  }

  // A rejection its operator answered by an edit is `corrected`, unless a later verdict replaced it (the
  // record then holds another verdict), the record is gone, or the server refused the correction and logged it.
  for (const c of history.corrections) {
    const stored = serverById.get(c.recordId);
    if (!stored || stored.deleted) continue;
    if (verdictOf(stored.doc) !== canonical(c.from)) continue;
    if (refused.some((r) => r.doc_id === c.recordId && verdictOf(json(r.doc)) === canonical(corrected(c.from)))) continue;
    problems.push(`${c.device} edited ${c.recordId} at step ${c.step} while it was rejected; the server still holds that rejection (${canonical(c.from)}) and logged no refusal`);
  }

  // A restored value stays, or the history says what replaced it; a restore that changed a value is audited [H4].
  for (const r of history.restores) {
    const stored = serverById.get(r.recordId);
    const value = canonical(storedForm(r.path, r.value));
    const same = (side: unknown) => canonical(storedForm(r.path, side)) === value;
    const entries = audit.filter((a) => a.doc_id === r.recordId && a.path === r.path);
    if (r.changed && !entries.some((a) => a.kind === 'restore' && same(a.new))) {
      problems.push(`restore of ${r.path}=${value} into ${r.recordId} at step ${r.step} by ${r.by} has no 'restore' audit entry`);
    }
    if (stored && same(fieldOf(stored.doc, r.path))) continue;
    if (entries.some((a) => same(a.old))) continue;
    problems.push(`restored value lost without a trace: ${r.path}=${value} on ${r.recordId} at step ${r.step}; server has ${stored ? canonical(fieldOf(stored.doc, r.path)) : 'no such record'}`);
  }
  return problems;
}

/** [C1][C2] Every comment written is on the server exactly once and never altered, or its refusal is logged. */
function checkComments(history: History, rows: Row[], refused: Refused[]): string[] {
  const problems: string[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const written = new Map(history.comments.map((w) => [w.comment.id, w]));
  for (const { device, comment, step } of history.comments) {
    const row = byId.get(comment.id);
    if (!row) {
      if (!refused.some((r) => r.doc_id === comment.id)) problems.push(`comment lost: ${device} wrote ${comment.id} ("${comment.text}") at step ${step}; not on the server, no refusal logged`);
      continue;
    }
    if (row.deleted) problems.push(`comment ${comment.id} by ${device} is deleted on the server`);
    // The server may clamp a creation time that lies in its future [M9]; nothing else may differ.
    const { createdAt, ...rest } = row.doc as unknown as Comment;
    const { createdAt: typedAt, ...mine } = comment;
    if (canonical(rest) !== canonical(mine) || !(createdAt <= typedAt)) {
      problems.push(`comment ${comment.id} by ${device} altered: wrote ${canonical(comment)}, server ${canonical(row.doc)}`);
    }
    const copies = rows.filter((r) => (r.doc as unknown as Comment).text === comment.text);
    if (copies.length > 1) problems.push(`comment "${comment.text}" by ${device} stored ${copies.length} times: ${copies.map((r) => r.id).join(', ')}`);
  }
  for (const row of rows) {
    if (!written.has(row.id)) problems.push(`comment ${row.id} on the server was written by no device: ${canonical(row.doc)}`);
  }
  return problems;
}
