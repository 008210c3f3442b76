// A pull: one ordered scan over every bucket of the user's scope, removals of buckets that left it, a signed compact checkpoint [S1–S4, S25–S28].
import type { Checkpoint, Position, PullResponse, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import { tombstone } from '../../schemas/entities/tombstone.ts';
import { bucketsFor } from '../../schemas/rules/scope.ts';
import { bucketSetCondition } from './bucket-sql.ts';
import {
  MAX_REMOVAL_WALKS, START, checkpointSecret, checkpointSigner, loadSets, setDigest, storeSets, type CheckpointBody,
} from './checkpoint.ts';
import type { Database, Queryable } from './database.ts';
import { actorOf } from './membership.ts';
import { tableOf, type Doc } from './store.ts';

export interface PullInput {
  user: PublicUser;
  collection: SyncCollection;
  /** The checkpoint as the device sent it (validated here). */
  checkpoint: unknown;
  limit: number;
  /** Server time, epoch ms. */
  now: number;
}

interface Row {
  id: string;
  doc?: Doc;
  deleted?: boolean;
  xid: string;
  seq: number | string;
}

const positionOf = (row: Row): Position => ({ xid: row.xid, seq: Number(row.seq) });
const after = (a: Position, b: Position) => BigInt(a.xid) > BigInt(b.xid) || (a.xid === b.xid && a.seq > b.seq);
const latest = (a: Position, b: Position) => (after(a, b) ? a : b);
const minus = (a: readonly string[], b: ReadonlySet<string>) => a.filter((x) => !b.has(x));

/** A removal walk: buckets that left the scope, ids created no later than `bound`, read after `at` [S4, S27]. */
interface Walk {
  buckets: string[];
  bound: Position;
  at: Position;
}

/** "(xid, seq) after $from" for a group of buckets; `from` as parameters. */
function groupCondition(collection: SyncCollection, buckets: readonly string[], from: Position, params: unknown[]): string {
  const inSet = bucketSetCondition(collection, buckets, params);
  params.push(from.xid, from.seq);
  return `(${inSet} AND (xid, seq) > ($${params.length - 1}::xid8, $${params.length}::bigint))`;
}

/**
 * Rows of the groups, strictly after each group's position, in (xid, seq) order and only below the
 * oldest transaction still running: a transaction that commits late has a lower xid than that horizon
 * until it ends, so no position handed out can pass it [S1]. One statement for every bucket [S25].
 */
async function readGroups(
  tx: Queryable, collection: SyncCollection, groups: readonly { buckets: readonly string[]; from: Position }[], limit: number,
): Promise<Row[]> {
  const params: unknown[] = [];
  const conditions = groups.filter((g) => g.buckets.length).map((g) => groupCondition(collection, g.buckets, g.from, params));
  if (conditions.length === 0) return [];
  params.push(limit);
  const result = await tx.query<Row>(
    `SELECT id, doc, deleted, xid::text AS xid, seq FROM ${tableOf(collection)}
     WHERE (${conditions.join(' OR ')}) AND xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY xid, seq LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}

/** The column naming who created a row: their own rows a device may hold without having pulled them. */
const CREATOR: Record<SyncCollection, string | null> = {
  clients: 'owner_id', orders: "(doc->>'createdBy')", attributes: 'created_by', assignments: null, users: null,
  comments: "(doc->>'authorId')",
};

/**
 * Rows of a removal walk: in its buckets, in none of the scope's, and either created by `bound` at the
 * latest (what the device could have pulled) or created by the user (what it may hold from its own
 * pushes) [S4, S27].
 */
function walkCondition(collection: SyncCollection, walk: Walk, scope: readonly string[], userId: string, params: unknown[]): string {
  const group = groupCondition(collection, walk.buckets, walk.at, params);
  const held = bucketSetCondition(collection, scope, params);
  params.push(walk.bound.xid);
  const bound = `first_xid <= $${params.length}::xid8`;
  const creator = CREATOR[collection];
  if (!creator) return `${group} AND NOT ${held} AND ${bound}`;
  params.push(userId);
  return `${group} AND NOT ${held} AND (${bound} OR ${creator} = $${params.length})`;
}

async function readWalk(
  tx: Queryable, collection: SyncCollection, walk: Walk, scope: readonly string[], userId: string, limit: number,
): Promise<Row[]> {
  const params: unknown[] = [];
  const condition = walkCondition(collection, walk, scope, userId, params);
  params.push(limit);
  const result = await tx.query<Row>(
    `SELECT id, xid::text AS xid, seq FROM ${tableOf(collection)}
     WHERE ${condition} AND xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY xid, seq LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}

/** Whether a walk has rows left at all, committed above the horizon included. */
async function walkRemains(tx: Queryable, collection: SyncCollection, walk: Walk, scope: readonly string[], userId: string): Promise<boolean> {
  const params: unknown[] = [];
  const condition = walkCondition(collection, walk, scope, userId, params);
  const result = await tx.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${tableOf(collection)} WHERE ${condition}) AS found`, params);
  return result.rows[0]?.found === true;
}

/**
 * Whether committed rows of the scope after `from` wait above the horizon (an older transaction, in
 * any database of the cluster, is still running): the device is told to pull again soon, since the
 * commit's own stream event has already been spent on this pull [S1, S11].
 */
async function heldBack(tx: Queryable, collection: SyncCollection, scope: readonly string[], from: Position): Promise<boolean> {
  const params: unknown[] = [];
  const condition = groupCondition(collection, scope, from, params);
  const result = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${tableOf(collection)} WHERE ${condition} AND xid >= pg_snapshot_xmin(pg_current_snapshot())) AS found`,
    params,
  );
  return result.rows[0]?.found === true;
}

/** Where the device stands, its bucket sets resolved; null when the checkpoint cannot be used (a reset) [S27]. */
interface Standing {
  held: string[];
  at: Position;
  fill: { buckets: string[]; at: Position } | null;
  walks: Walk[];
}

async function standingOf(tx: Queryable, body: CheckpointBody, scope: string[], scopeDigest: string): Promise<Standing | null> {
  // The usual pull: the scope has not changed since the last one, so its set needs no reading.
  if (body.set === scopeDigest && !body.fill && !body.rm) return { held: scope, at: body.at, fill: null, walks: [] };
  const sets = await loadSets(tx, [body.set, ...(body.fill ? [body.fill.set] : []), ...(body.rm ?? []).map((w) => w.set)]);
  const held = sets.get(body.set);
  const fill = body.fill ? sets.get(body.fill.set) : [];
  const walks = (body.rm ?? []).map((w) => ({ buckets: sets.get(w.set), bound: w.bound, at: w.at }));
  if (!held || !fill || walks.some((w) => !w.buckets)) return null;
  return {
    held,
    at: body.at,
    fill: body.fill ? { buckets: fill, at: body.fill.at } : null,
    walks: walks as Walk[],
  };
}

const FRESH: Standing = { held: [], at: START, fill: null, walks: [] };

export async function pullChanges(db: Database, input: PullInput): Promise<PullResponse<Doc>> {
  const { user, collection, limit, now } = input;
  const signer = checkpointSigner(await checkpointSecret(db), user.id, collection);
  const parsed = signer.parse(input.checkpoint, now);

  // One snapshot for the whole pull: the scope, the buckets and the horizon agree with each other.
  const { response, sets } = await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const scope = [...new Set(bucketsFor(await actorOf(tx, user), collection))].sort(); // computed at each pull [S3]
    const inScope = new Set(scope);
    const scopeDigest = setDigest(scope);

    let reset = parsed.kind === 'reset';
    let standing = parsed.kind === 'ok' ? await standingOf(tx, parsed.body, scope, scopeDigest) : FRESH;
    if (!standing) {
      reset = true; // a set this database never stored (e.g. restored from a backup)
      standing = FRESH;
    }

    // [S4] Buckets that left the scope start a removal walk bounded by what the device could hold.
    const walks: Walk[] = standing.walks.map((w) => ({ ...w, buckets: minus(w.buckets, inScope) })).filter((w) => w.buckets.length);
    const leftHeld = minus(standing.held, inScope);
    if (leftHeld.length) walks.push({ buckets: leftHeld, bound: standing.at, at: START });
    const leftFill = standing.fill ? minus(standing.fill.buckets, inScope) : [];
    if (leftFill.length) walks.push({ buckets: leftFill, bound: standing.fill!.at, at: START });
    if (walks.length > MAX_REMOVAL_WALKS) {
      reset = true; // [S28] degrade to a fresh start rather than refuse
      standing = FRESH;
      walks.length = 0;
    }

    // [S3] Buckets that entered the scope are read from their beginning, beside the ones already held.
    const heldSet = new Set([...standing.held, ...(standing.fill?.buckets ?? [])]);
    const stay = standing.held.filter((b) => inScope.has(b));
    const entered = scope.filter((b) => !heldSet.has(b));
    const fillStay = standing.fill ? standing.fill.buckets.filter((b) => inScope.has(b)) : [];
    let fill = entered.length || fillStay.length
      ? { buckets: [...fillStay, ...entered].sort(), at: entered.length ? START : standing.fill!.at }
      : null;
    let at = standing.at;

    const documents = new Map<string, Doc>();
    const room = () => limit - documents.size;
    // [S26] A page is shorter than `limit` only when nothing remains: each source is read until the
    // page is full or the source is exhausted (the same id from two walks counts once).
    for (const walk of walks) {
      while (room() > 0) {
        const asked = room();
        const rows = await readWalk(tx, collection, walk, scope, user.id, asked);
        for (const row of rows) documents.set(row.id, tombstone(collection, row.id));
        if (rows.length) walk.at = positionOf(rows[rows.length - 1]!);
        if (rows.length < asked) break;
      }
    }
    const openWalks: Walk[] = [];
    for (const walk of walks) {
      if (room() === 0 || (await walkRemains(tx, collection, walk, scope, user.id))) openWalks.push(walk);
    }

    let exhausted = false;
    while (room() > 0) {
      const asked = room();
      const groups = [{ buckets: stay, from: at }, ...(fill ? [{ buckets: fill.buckets, from: fill.at }] : [])];
      const rows = await readGroups(tx, collection, groups, asked);
      for (const row of rows) documents.set(row.id, { ...row.doc, _deleted: row.deleted === true });
      if (rows.length) {
        const last = positionOf(rows[rows.length - 1]!);
        // Rows come in position order: once past `at`, the filling buckets have caught up with the rest.
        if (fill && !after(last, at)) fill.at = last;
        else {
          at = latest(at, last);
          if (fill) {
            stay.push(...fill.buckets);
            fill = null;
          }
        }
      }
      if (rows.length < asked) {
        exhausted = true;
        break;
      }
    }
    if (exhausted && fill) {
      stay.push(...fill.buckets); // nothing between fill.at and at: caught up
      fill = null;
    }
    const held = [...new Set(stay)].sort();
    const behind = exhausted && (await heldBack(tx, collection, held, at));

    const heldDigest = held.length === scope.length ? scopeDigest : setDigest(held);
    const body: CheckpointBody = { at, set: heldDigest, iat: now };
    if (fill) body.fill = { set: setDigest(fill.buckets), at: fill.at };
    if (openWalks.length) body.rm = openWalks.map((w) => ({ set: setDigest(w.buckets), bound: w.bound, at: w.at }));
    // RxDB stacks a batch's checkpoint onto the previous one key by key (Object.assign): every key is
    // always present, or a `fill` or `rm` of an older checkpoint would survive into this one.
    const checkpoint: Checkpoint = { fill: null, rm: [], ...signer.sign(body) };
    const response: PullResponse<Doc> = { documents: [...documents.values()] as PullResponse<Doc>['documents'], checkpoint };
    if (behind) response.behind = true;
    if (reset) response.reset = true;
    // Sets the device's checkpoint named are stored already; only new ones need writing.
    const known = new Set(parsed.kind === 'ok' ? [parsed.body.set, parsed.body.fill?.set, ...(parsed.body.rm ?? []).map((w) => w.set)] : []);
    const sets = [held, ...(fill ? [fill.buckets] : []), ...openWalks.map((w) => w.buckets)];
    return { response, sets: sets.filter((buckets) => !known.has(buckets === held ? heldDigest : setDigest(buckets))) };
  });
  // The sets the checkpoint names must exist before the device can send it back (idempotent).
  await storeSets(db, sets);
  return response;
}
