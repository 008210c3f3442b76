// Runs the hostile fuzz's cases against a live org and checks every answer and every stored change: no 5xx, nothing invalid or forbidden stored, nothing outside the caller's scope answered [S6, S10, S19, S27, S31].
import { isDeepStrictEqual } from 'node:util';
import type { PublicUser } from '../../schemas/entities/user.ts';
import { tombstone } from '../../schemas/entities/tombstone.ts';
import {
  checkBind, checkBinding, checkCloseForUser, checkCloseOrder, seesForBinding, type OrderFacts, type UserFacts,
} from '../../schemas/rules/administration.ts';
import { checkWrite } from '../../schemas/rules/permissions.ts';
import { canRead, type Actor } from '../../schemas/rules/scope.ts';
import { SYNC_COLLECTIONS, type SyncCollection } from '../../schemas/protocol/sync.ts';
import type { AssignmentRole } from '../../schemas/entities/assignment.ts';
import { bind } from '../../sync-server/db/assignments.ts';
import { actorOf } from '../../sync-server/db/membership.ts';
import { insertDoc, updateDoc } from '../../sync-server/db/store.ts';
import { validateDocument } from '../../sync-server/db/validate-doc.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, makeAttribute, makeClient, makeOrder } from './fixtures.ts';
import type { Suite } from './harness.ts';
import {
  MEMBER_KEYS, freshId, type Assumed, type Case, type CheckpointSpec, type Edit, type IdRef, type PushCollectionName, type RowSpec, type V,
} from './hostile-cases.ts';
import { MEMBERS, buildOrg, type MemberKey, type Org } from './org.ts';

type Mirrored = 'clients' | 'orders' | 'attributes' | 'assignments';
const MIRRORED: readonly Mirrored[] = ['clients', 'orders', 'attributes', 'assignments'];
interface Stored {
  doc: Doc;
  deleted: boolean;
}
interface Change extends Stored {
  collection: Mirrored;
  id: string;
}

export interface Finding {
  seed: number;
  caseIndex: number;
  problems: string[];
  /** The case as generated (symbolic), cut for the log. */
  case: string;
  status: number;
  answer: string;
}

/** What the cases did, for the log: a fuzz that only ever hits refusals would prove little. */
export interface Stats {
  rows: number;
  answers: Record<string, number>;
  /** Documents stored by pushes, per collection and by team calls. */
  written: Record<string, number>;
  refused: Record<string, number>;
  conflicts: number;
  pulled: number;
  removals: number;
}

export const newStats = (): Stats => ({ rows: 0, answers: {}, written: {}, refused: {}, conflicts: 0, pulled: 0, removals: 0 });
const count = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const cut = (text: string, n = 600) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);
const withDeleted = (row: Stored): Doc => ({ ...row.doc, _deleted: row.deleted });

/** A written record with the duplicate flag it had before (a new one's: none), its edit time included [D2]. */
function withoutFlag(change: Change, before: Stored | undefined): Change {
  const times = { ...(change.doc.fieldTimes as Record<string, number>) };
  const beforeTimes = (before?.doc.fieldTimes ?? {}) as Record<string, number>;
  if (Object.hasOwn(beforeTimes, 'duplicateOf')) times.duplicateOf = beforeTimes.duplicateOf!;
  else delete times.duplicateOf;
  return { ...change, doc: { ...change.doc, duplicateOf: before ? before.doc.duplicateOf : '', fieldTimes: times } };
}

/** Sets an own property (never the prototype, whatever the key). */
function defineOwn(target: Record<string, unknown> | unknown[], key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The org every seed starts from, plus what issue 9 needed beyond it: an order its principal deleted
 * (od, with a record and bindings), a deleted record (d-o1), P's choice attribute bound to o1, a
 * rejected record (a-o1), and a secret marker in every record's notes and order's instructions, so
 * an answer carrying foreign content is found by a plain text search.
 */
async function buildWorld(s: Suite): Promise<Org> {
  await s.testDb.reset();
  const org = await buildOrg(s, MEMBER_KEYS);
  const now = s.clock.now;
  await s.db.transaction(async (tx) => {
    const id = org.id;
    await insertDoc(tx, 'orders', makeOrder({ id: 'od', createdBy: id('admin'), principalId: id('P'), now }), false);
    for (const key of ['S', 'A'] as const) {
      await bind(tx, { orderId: 'od', user: { id: id(key), name: org.members[key].user.name }, role: MEMBERS[key], by: id('admin'), now });
    }
    await insertDoc(tx, 'clients', makeClient({ id: 'a-od', orderId: 'od', ownerId: id('A'), now }), false);
    await updateDoc(tx, 'orders', makeOrder({ id: 'od', createdBy: id('admin'), principalId: id('P'), now }), true);
    await insertDoc(tx, 'clients', makeClient({ id: 'd-o1', orderId: 'o1', ownerId: id('A'), now }), true);
    await insertDoc(tx, 'attributes', makeAttribute({ id: 'att2', createdBy: id('P'), now }, {
      kind: 'choice',
      choices: [
        { key: 'k1', label: 'Tak', labelEn: '', retired: false },
        { key: 'k2', label: 'Nie', labelEn: '', retired: false },
        { key: 'k3', label: 'Stare', labelEn: '', retired: true },
      ],
    }), false);
    await tx.query(`UPDATE clients SET doc = jsonb_set(doc, '{notes}', to_jsonb('SECRET:' || id))`);
    await tx.query(`UPDATE orders SET doc = jsonb_set(doc, '{instructions}', to_jsonb('SECRET:' || id))`);
    await tx.query(`UPDATE orders SET doc = jsonb_set(doc, '{attributeIds}', '["att2"]') WHERE id = 'o1'`);
    await tx.query(`UPDATE orders SET doc = jsonb_set(doc, '{attributeIds}', '["att1"]') WHERE id = 'x1'`);
    // V's rejection of a-o1, one value with a note [M11].
    const rejection = { state: 'rejected', reason: 'Dane się nie zgadzają', verifierId: id('V'), at: now, notes: { nip: 'NIP innej firmy' } };
    await tx.query(
      `UPDATE clients SET doc = jsonb_set(jsonb_set(doc, '{verification}', $1::jsonb), '{fieldTimes,verification}', to_jsonb($2::bigint)) WHERE id = 'a-o1'`,
      [JSON.stringify(rejection), now],
    );
  });
  return org;
}

/** Rows written since `mark` (a snapshot's xmax: every later transaction has an xid at or above it), and the next mark. */
async function readChanges(s: Suite, mark: string): Promise<{ changes: Change[]; mark: string }> {
  const parts = MIRRORED.map((t) => `SELECT '${t}' AS c, id, doc, deleted FROM ${t} WHERE xid >= $1::xid8`);
  const result = await s.db.query<{ c: string; id: string; doc: Doc | null; deleted: boolean | null }>(
    `${parts.join(' UNION ALL ')} UNION ALL SELECT 'mark', pg_snapshot_xmax(pg_current_snapshot())::text, NULL, NULL`,
    [mark],
  );
  let next = mark;
  const changes: Change[] = [];
  for (const row of result.rows) {
    if (row.c === 'mark') next = row.id;
    else changes.push({ collection: row.c as Mirrored, id: row.id, doc: row.doc ?? {}, deleted: row.deleted === true });
  }
  return { changes, mark: next };
}

/** Every string inside a value (ids a readable document refers to), bounded. */
function strings(value: unknown, into: Set<string>, depth = 0): void {
  if (typeof value === 'string') into.add(value);
  else if (depth < 6 && typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) strings(v, into, depth + 1);
  }
}

/** One seed's run: the world, the mirror of every stored row, the callers' actors and what each caller has been told. */
class Run {
  private mirror: Record<Mirrored, Map<string, Stored>> = { clients: new Map(), orders: new Map(), attributes: new Map(), assignments: new Map() };
  private mark = '0';
  private actors = {} as Record<MemberKey, Actor>;
  /** Ids each caller sent or was given (pulls, conflicts), per collection: removals may name only these [S4, S27]. */
  private known = new Map<string, Set<string>>();
  private checkpoints = new Map<string, unknown[]>();
  /** user id → manager id, as stored. */
  private managers = new Map<string, string>();

  constructor(
    private readonly s: Suite,
    private readonly org: Org,
    private readonly stats: Stats,
  ) {}

  async start(): Promise<string[]> {
    const problems = await this.absorb((await this.pullChanges()).changes, null);
    await this.loadActors();
    const users = await this.s.db.query<{ id: string; manager_id: string }>('SELECT id, manager_id FROM users');
    for (const u of users.rows) this.managers.set(u.id, u.manager_id ?? '');
    return problems;
  }

  private async pullChanges() {
    const read = await readChanges(this.s, this.mark);
    this.mark = read.mark;
    return read;
  }

  private async loadActors(): Promise<void> {
    for (const key of MEMBER_KEYS) this.actors[key] = await actorOf(this.s.db, this.org.members[key].user as PublicUser);
  }

  private knownOf(key: MemberKey, collection: string): Set<string> {
    const name = `${key}/${collection}`;
    let set = this.known.get(name);
    if (!set) this.known.set(name, (set = new Set()));
    return set;
  }

  private cps(key: MemberKey, collection: string): unknown[] {
    const name = `${key}/${collection}`;
    let list = this.checkpoints.get(name);
    if (!list) this.checkpoints.set(name, (list = []));
    return list;
  }

  /** Validates changed documents and applies them to the mirror; `check` judges each change against its case. */
  private async absorb(changes: Change[], check: ((change: Change, before: Stored | undefined) => string[]) | null): Promise<string[]> {
    const problems: string[] = [];
    for (const change of changes) {
      const before = this.mirror[change.collection].get(change.id);
      if (before && before.deleted === change.deleted && isDeepStrictEqual(before.doc, change.doc)) continue; // re-announced, unchanged [S7]
      if (change.collection !== 'assignments') {
        const issues = validateDocument(change.collection, change.doc);
        if (issues.length) problems.push(`[S10] stored ${change.collection}/${change.id} fails validation: ${JSON.stringify(issues)} ${cut(JSON.stringify(change.doc), 300)}`);
        if (change.doc.id !== change.id) problems.push(`stored ${change.collection}/${change.id} has doc.id ${JSON.stringify(change.doc.id)}`);
      }
      if (check) {
        problems.push(...check(change, before));
        count(this.stats.written, change.collection);
      }
      this.mirror[change.collection].set(change.id, { doc: change.doc, deleted: change.deleted });
    }
    return problems;
  }

  // ---- resolving a symbolic case into a request ----------------------------------------------

  private idOf(ref: IdRef, as: MemberKey, raws: string[]): unknown {
    if ('self' in ref) return this.org.id(as);
    if ('mine' in ref) {
      const m = this.actors[as].membership;
      const mine = [...new Set([...m.assignments.keys(), ...m.principalOf])].sort();
      return mine.length ? mine[ref.mine % mine.length] : 'o1';
    }
    if ('member' in ref) return this.org.id(ref.member);
    if ('record' in ref) return ref.record;
    if ('order' in ref) return ref.order;
    if ('attribute' in ref) return ref.attribute;
    if ('fresh' in ref) return freshId(ref.fresh);
    return this.value(ref.literal, as, raws);
  }

  private value(v: V, as: MemberKey, raws: string[]): unknown {
    if (Array.isArray(v)) return v.map((x) => this.value(x, as, raws));
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const token = v as Record<string, unknown>;
      if ('$id' in token) return this.idOf(token.$id as IdRef, as, raws);
      if ('$raw' in token) {
        raws.push(String(token.$raw));
        return `@@RAW${raws.length - 1}@@`;
      }
      if ('$now' in token) return T0 + Number(token.$now);
      if ('$own' in token) {
        const out: Record<string, unknown> = {};
        for (const [key, x] of token.$own as [string, V][]) defineOwn(out, key, this.value(x, as, raws));
        return out;
      }
      if ('$otherSet' in token || '$otherSig' in token) {
        const field = '$otherSet' in token ? 'set' : 'sig';
        for (const list of this.checkpoints.values()) {
          const cp = list[list.length - 1];
          if (isObject(cp) && typeof cp[field] === 'string') return cp[field];
        }
        return 'A'.repeat(43);
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) defineOwn(out, key, this.value(v[key], as, raws));
    return out;
  }

  private applyEdits(doc: Record<string, unknown>, edits: readonly Edit[], as: MemberKey, raws: string[]): void {
    for (const edit of edits) {
      let at: Record<string, unknown> = doc;
      for (const segment of edit.path.slice(0, -1)) {
        const next = Object.hasOwn(at, segment) ? at[segment] : undefined;
        if (typeof next === 'object' && next !== null) at = next as Record<string, unknown>;
        else {
          const fresh: Record<string, unknown> = {};
          defineOwn(at, segment, fresh);
          at = fresh;
        }
      }
      const last = edit.path[edit.path.length - 1]!;
      if (isObject(edit.value) && '$delete' in edit.value) delete at[last];
      else defineOwn(at, last, this.value(edit.value, as, raws));
    }
  }

  /** The stored copy a caller could hold: only documents they may read (an attacker never sees the others). */
  private readable(collection: Mirrored, id: unknown, actor: Actor): Doc | null {
    if (typeof id !== 'string') return null;
    const row = this.mirror[collection].get(id);
    if (!row) return null;
    const doc = withDeleted(row);
    return canRead(actor, collection, doc) ? (JSON.parse(JSON.stringify(doc)) as Doc) : null;
  }

  private template(collection: PushCollectionName, spec: RowSpec, as: MemberKey, raws: string[]): Doc {
    const id = this.idOf(spec.id, as, raws);
    const owner = this.idOf(spec.owner, as, raws);
    const text = (v: unknown) => (typeof v === 'string' ? v : 'x');
    let doc: Doc;
    if (collection === 'clients') {
      const orderId = this.idOf(spec.orderId, as, raws);
      doc = makeClient({ id: text(id), orderId: text(orderId), ownerId: text(owner) });
      defineOwn(doc, 'orderId', orderId);
    } else if (collection === 'orders') {
      doc = makeOrder({ id: text(id), createdBy: text(owner), principalId: text(this.idOf(spec.principal, as, raws)) });
    } else {
      doc = makeAttribute({ id: text(id), createdBy: text(owner) });
    }
    defineOwn(doc, 'id', id);
    return doc;
  }

  private row(collection: PushCollectionName, spec: RowSpec, as: MemberKey, raws: string[]): { row: unknown; id: unknown } {
    const actor = this.actors[as];
    if (spec.base === 'junk' && spec.junk) {
      const junk = this.value(spec.junk.value, as, raws);
      if (spec.junk.where === 'row') return { row: junk, id: undefined };
      return { row: { assumedMasterState: null, newDocumentState: junk }, id: isObject(junk) ? junk.id : undefined };
    }
    const stored = this.readable(collection, this.idOf(spec.id, as, raws), actor);
    const base = spec.base === 'stored' && stored ? stored : { ...this.template(collection, spec, as, raws), _deleted: false };
    const next = JSON.parse(JSON.stringify(base)) as Doc;
    this.applyEdits(next, spec.edits, as, raws);
    if (spec.deleted === 'absent') delete next._deleted;
    else defineOwn(next, '_deleted', this.value(spec.deleted, as, raws));
    const assumed = this.assumed(spec.assumed, stored ?? base, next, as, raws);
    const row: Record<string, unknown> = { newDocumentState: next };
    if (assumed !== undefined) row.assumedMasterState = assumed;
    return { row, id: next.id };
  }

  private assumed(kind: Assumed, known: Doc, next: Doc, as: MemberKey, raws: string[]): unknown {
    if (kind === 'null') return null;
    if (kind === 'missing') return undefined;
    if (kind === 'stored') return known;
    if (kind === 'stale') return { ...known, name: 'Stara nazwa', updatedAt: 1 };
    if (kind === 'self') return JSON.parse(JSON.stringify(next)) as unknown;
    if (kind === 'storedDeleted') return { ...known, _deleted: true };
    return this.value(kind.garbage, as, raws);
  }

  private checkpoint(spec: CheckpointSpec, as: MemberKey, collection: string, raws: string[]): unknown {
    const mine = this.cps(as, collection);
    if (spec === 'null') return null;
    if (spec === 'absent') return undefined;
    if (spec === 'last') return mine[mine.length - 1] ?? null;
    if (spec === 'first') return mine[0] ?? null;
    if (spec === 'otherCollection') {
      const other = SYNC_COLLECTIONS.find((c) => c !== collection && this.cps(as, c).length > 0);
      return other ? this.cps(as, other).at(-1) : null;
    }
    if ('other' in spec) return this.cps(spec.other, collection).at(-1) ?? null;
    if ('garbage' in spec) return this.value(spec.garbage, as, raws);
    const base = mine[mine.length - 1] ?? { v: 2, at: { xid: '0', seq: 0 }, set: 'A'.repeat(43), iat: T0, sig: 'x' };
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    this.applyEdits(copy, spec.mutate, as, raws);
    return copy;
  }

  /** The request of a case: method, path, body text, headers, and the ids it names. */
  private request(c: Case): { path: string; body: string; headers: Record<string, string | undefined>; sentIds: Set<string> } {
    const raws: string[] = [];
    const sentIds = new Set<string>();
    let path: string;
    let payload: unknown;
    let headers: Record<string, string | undefined> = {};
    if (c.kind === 'push') {
      path = `/api/sync/${c.collection}/push`;
      const rows = c.rows.map((spec) => this.row(c.collection, spec, c.as, raws));
      for (const r of rows) if (typeof r.id === 'string') sentIds.add(r.id);
      this.stats.rows += rows.length;
      payload = { rows: rows.map((r) => r.row) };
    } else if (c.kind === 'pull') {
      path = `/api/sync/${c.collection}/pull`;
      const body: Record<string, unknown> = {};
      const checkpoint = this.checkpoint(c.checkpoint, c.as, c.collection, raws);
      if (checkpoint !== undefined) body.checkpoint = checkpoint;
      if (!(isObject(c.limit) && '$delete' in c.limit)) body.limit = this.value(c.limit, c.as, raws);
      payload = body;
    } else if (c.kind === 'team') {
      const segment = (v: unknown) => {
        try {
          return encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v) ?? 'x');
        } catch {
          return 'x%20y'; // a lone surrogate has no URL form
        }
      };
      const orderId = this.idOf(c.order, c.as, raws);
      const userId = this.idOf(c.user, c.as, raws);
      for (const v of [orderId, userId]) if (typeof v === 'string') sentIds.add(v);
      const o = segment(orderId);
      const u = segment(userId);
      const valid = {
        bind: { path: `/api/orders/${o}/team`, body: { userId } },
        unbind: { path: `/api/orders/${o}/team/${u}/unbind`, body: {} },
        close: { path: `/api/orders/${o}/team/${u}/close`, body: { closed: true } },
        reopen: { path: `/api/orders/${o}/team/${u}/close`, body: { closed: false } },
        closeOrder: { path: `/api/orders/${o}/close`, body: { confirm: true } },
      }[c.action];
      path = valid.path;
      payload = c.body === 'valid' ? valid.body : this.value(c.body.garbage, c.as, raws);
    } else {
      if (c.kind !== 'raw') throw new Error(`no request for a ${c.kind} case`);
      path = c.path;
      headers = { 'content-type': c.contentType ?? undefined };
      return { path, body: c.body, headers, sentIds };
    }
    let body = JSON.stringify(payload) ?? '';
    raws.forEach((text, i) => {
      body = body.split(`"@@RAW${i}@@"`).join(text);
    });
    return { path, body, headers, sentIds };
  }

  // ---- checking --------------------------------------------------------------------------------

  /** Text that must not appear in an answer to `as`: ids and secret markers of documents they cannot read [S6, S19, S31]. */
  private forbiddenTokens(as: MemberKey, actors: readonly Actor[], sentText: string): string[] {
    const readable = (collection: Mirrored, row: Stored) => actors.some((a) => canRead(a, collection, withDeleted(row)));
    const referenced = new Set<string>();
    for (const collection of MIRRORED) {
      for (const row of this.mirror[collection].values()) if (readable(collection, row)) strings(row.doc, referenced);
    }
    for (const a of actors) for (const orderId of [...a.membership.assignments.keys(), ...a.membership.principalOf]) referenced.add(orderId);
    const tokens: string[] = [];
    // An id is one text whatever collection holds it (a record and an order may share one): known in any is known.
    const known = new Set(SYNC_COLLECTIONS.flatMap((collection) => [...this.knownOf(as, collection)]));
    for (const collection of ['clients', 'orders'] as const) {
      for (const [id, row] of this.mirror[collection]) {
        if (readable(collection, row)) continue;
        // Left out: digits-only ids (checkpoint positions are digit strings too) and ids equal to a user's id.
        if (!referenced.has(id) && !known.has(id) && !/^\d+$/.test(id) && !this.managers.has(id)) tokens.push(`"${id}"`);
        const secret = `SECRET:${id}`;
        if (JSON.stringify(row.doc).includes(secret)) tokens.push(secret);
      }
    }
    return tokens.filter((t) => !sentText.includes(t));
  }

  private assignmentOf(orderId: string, userId: string): Stored | undefined {
    for (const row of this.mirror.assignments.values()) if (row.doc.orderId === orderId && row.doc.userId === userId) return row;
    return undefined;
  }

  private orderFacts(orderId: unknown): (OrderFacts & { doc: Doc }) | null {
    const row = typeof orderId === 'string' ? this.mirror.orders.get(orderId) : undefined;
    if (!row || row.deleted) return null;
    return { id: String(row.doc.id), principalId: String(row.doc.principalId), status: String(row.doc.status), doc: row.doc };
  }

  private userFacts(userId: unknown): UserFacts | null {
    const key = MEMBER_KEYS.find((k) => this.org.id(k) === userId);
    if (!key) return null;
    return { id: this.org.id(key), role: MEMBERS[key], managerId: this.managers.get(this.org.id(key)) ?? '', active: true };
  }

  /** A team call that succeeded: the administration rules, applied to the state before it, must have allowed it [P4–P6, S31]. */
  private teamRule(c: Extract<Case, { kind: 'team' }>, actor: Actor): string[] {
    const orderId = this.idOf(c.order, c.as, []);
    const order = this.orderFacts(orderId);
    if (!order || !canRead(actor, 'orders', withDeleted({ doc: order.doc, deleted: false }))) {
      return [`[S31] ${c.action} succeeded on an order the caller cannot read: ${JSON.stringify(orderId)}`];
    }
    if (c.action === 'closeOrder') {
      return checkCloseOrder(actor, { ...order, status: 'open' }).length ? [`[P4] closeOrder succeeded against the rules`] : [];
    }
    const target = this.userFacts(this.idOf(c.user, c.as, []));
    if (!target || !seesForBinding(actor, order, target)) return [`[S31] ${c.action} succeeded for a user the caller cannot name`];
    if (c.action === 'bind') return checkBind(actor, order, target).length ? ['[P6] bind succeeded against the rules'] : [];
    if (c.action === 'unbind') return checkBinding(actor, order, target).length ? ['[P6] unbind succeeded against the rules'] : [];
    const binding = this.assignmentOf(order.id, target.id);
    if (!binding || binding.deleted) return [`${c.action} succeeded without a binding`];
    return checkCloseForUser(actor, order, target, binding.doc.role as AssignmentRole).length ? [`[P4] ${c.action} succeeded against the rules`] : [];
  }

  private changeRule(c: Case, status: number, actor: Actor): (change: Change, before: Stored | undefined) => string[] {
    return (written, before) => {
      const what = `${written.collection}/${written.id}`;
      // [D2] A duplicate flag is the server's own write beside the push: judge the rest as the caller's.
      const change = written.collection === 'clients' && c.kind === 'push' ? withoutFlag(written, before) : written;
      const onlyFlag = before && change !== written && change.deleted === before.deleted
        && isDeepStrictEqual({ ...change.doc, updatedAt: 0 }, { ...before.doc, updatedAt: 0 });
      if (onlyFlag) return [];
      if (c.kind === 'push') {
        if (change.collection !== c.collection) return [`a push to ${c.collection} changed ${what}`];
        if (before && !canRead(actor, change.collection, withDeleted(before))) return [`[S19] a push changed ${what}, which the caller cannot read`];
        const orderId = String((before?.doc ?? change.doc).orderId ?? '');
        const order = this.mirror.orders.get(orderId);
        const verdict = checkWrite({
          user: actor,
          collection: c.collection,
          stored: before ? withDeleted(before) : null,
          next: withDeleted(change),
          orderStatus: c.collection === 'clients' ? (order && !order.deleted ? String(order.doc.status) : null) : undefined,
        });
        return verdict.ok ? [] : [`[P1–P8] stored ${what} though the rules refuse it: ${JSON.stringify(verdict)}`];
      }
      if (c.kind === 'team' && status < 300) {
        if (change.collection === 'assignments') return [];
        if (change.collection === 'orders' && c.action === 'closeOrder' && change.id === this.idOf(c.order, c.as, [])) {
          return change.doc.status === 'closed' ? [] : [`closeOrder left ${what} with status ${String(change.doc.status)}`];
        }
      }
      return [`a ${c.kind} case (status ${status}) changed ${what}`];
    };
  }

  /** Runs one case; the problems it shows (empty when it held). */
  async play(c: Case): Promise<{ problems: string[]; status: number; answer: string }> {
    if (c.kind === 'sync') {
      for (const collection of SYNC_COLLECTIONS) {
        const outcome = await this.play({ kind: 'pull', as: c.as, collection, checkpoint: 'last', limit: 1000 });
        if (outcome.problems.length) return outcome;
      }
      return { problems: [], status: 200, answer: '' };
    }
    if (c.kind === 'team' && c.around) {
      const target = MEMBER_KEYS.find((k) => this.org.id(k) === this.idOf(c.user, c.as, []));
      const sync = async () => (target ? this.play({ kind: 'sync', as: target }) : { problems: [] as string[], status: 200, answer: '' });
      const first = await sync();
      if (first.problems.length) return first;
      const outcome = await this.play({ ...c, around: false });
      if (outcome.problems.length) return outcome;
      return sync();
    }
    const member = this.org.members[c.as];
    const client: TestClient = member.client;
    const before = this.actors[c.as];
    const { path, body, headers, sentIds } = this.request(c);
    const response = await client.request('POST', path, body, headers);
    const answer = await response.text();
    const status = response.status;
    const problems: string[] = [];
    if (status >= 500) problems.push(`[S10] answered ${status}`);

    const { changes } = await this.pullChanges();
    problems.push(...(await this.absorb(changes, this.changeRule(c, status, before))));
    if (changes.some((ch) => ch.collection === 'orders' || ch.collection === 'assignments')) await this.loadActors();
    const after = this.actors[c.as];

    for (const token of this.forbiddenTokens(c.as, [before, after], body)) {
      if (answer.includes(token)) problems.push(`[S6] the answer carries ${token}, outside the caller's scope`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch {
      json = undefined;
    }
    if (status === 200 || status === 201) problems.push(...this.judgeAnswer(c, json, before, after, sentIds));
    return { problems, status, answer };
  }

  private judgeAnswer(c: Case, json: unknown, before: Actor, after: Actor, sentIds: Set<string>): string[] {
    const problems: string[] = [];
    if (!isObject(json)) return [`a ${c.kind} answered 2xx without a JSON object`];
    if (c.kind === 'push') {
      const { conflicts, refused } = json as { conflicts?: unknown; refused?: unknown };
      if (!Array.isArray(conflicts) || !Array.isArray(refused)) return ['a push answer without conflicts and refused arrays'];
      const known = this.knownOf(c.as, c.collection);
      for (const id of sentIds) known.add(id);
      for (const doc of conflicts as Doc[]) {
        // [S18] The one answer about a document out of scope: the removal of the caller's own one (no data).
        const stored = typeof doc.id === 'string' ? this.mirror[c.collection as Mirrored]?.get(doc.id) : undefined;
        const creator = stored && (c.collection === 'clients' ? stored.doc.ownerId : stored.doc.createdBy);
        const ownRemoval = creator === before.id && isDeepStrictEqual(doc, tombstone(c.collection as SyncCollection, String(doc.id)));
        if (!canRead(before, c.collection, doc) && !ownRemoval) problems.push(`[S6][S19] conflict document ${String(doc.id)} outside the caller's scope`);
        if (typeof doc.id !== 'string' || !sentIds.has(doc.id)) problems.push(`[S6] conflict document ${String(doc.id)} the caller did not send`);
        else known.add(doc.id);
      }
      this.stats.conflicts += conflicts.length;
      for (const r of refused as { id?: unknown; code?: unknown; issues?: { code?: unknown }[] }[]) {
        count(this.stats.refused, `${String(r.code)} ${String(r.issues?.[0]?.code)}`);
        if (r.id !== '' && !(typeof r.id === 'string' && sentIds.has(r.id))) problems.push(`[S19] refused id ${JSON.stringify(r.id)} the caller did not send`);
      }
    } else if (c.kind === 'pull' && (SYNC_COLLECTIONS as readonly string[]).includes(c.collection)) {
      const collection = c.collection as SyncCollection;
      const { documents, checkpoint } = json as { documents?: unknown; checkpoint?: unknown };
      if (!Array.isArray(documents)) return ['a pull answer without documents'];
      const known = this.knownOf(c.as, collection);
      const fresh: string[] = [];
      for (const doc of documents as Doc[]) {
        const id = String(doc.id);
        if (isDeepStrictEqual(doc, tombstone(collection, id))) {
          // [S4][S27] A removal names only an id the device was given (pulled or sent) before.
          if (!known.has(id)) problems.push(`[S27] removal of ${collection}/${id}, which this caller was never given`);
          this.stats.removals++;
        } else if (!canRead(before, collection, doc)) {
          problems.push(`[S3][S6] pulled ${collection}/${id} outside the caller's scope`);
        } else fresh.push(id);
      }
      for (const id of fresh) known.add(id);
      this.stats.pulled += fresh.length;
      if (checkpoint !== undefined) this.cps(c.as, collection).push(checkpoint);
    } else if (c.kind === 'team') {
      const assignment = (json as { assignment?: unknown }).assignment;
      if (isObject(assignment) && !canRead(before, 'assignments', assignment) && !canRead(after, 'assignments', assignment)) {
        problems.push('[S31] a team answer carries a binding outside the caller\'s scope');
      }
      problems.push(...this.teamRule(c, before));
    }
    return problems;
  }
}

/** Plays `count` cases generated from `seed` on a fresh world; stops at the first case that shows a problem. */
export async function runSeed(s: Suite, seed: number, cases: readonly Case[], found: Finding[], stats = newStats()): Promise<void> {
  const org = await buildWorld(s);
  const run = new Run(s, org, stats);
  const initial = await run.start();
  if (initial.length) {
    found.push({ seed, caseIndex: -1, problems: initial, case: 'the world', status: 0, answer: '' });
    return;
  }
  for (const [i, c] of cases.entries()) {
    const { problems, status, answer } = await run.play(c);
    count(stats.answers, `${c.kind} ${status}`);
    if (problems.length) {
      found.push({ seed, caseIndex: i, problems, case: cut(JSON.stringify(c), 2000), status, answer: cut(answer, 1000) });
      return;
    }
  }
}
