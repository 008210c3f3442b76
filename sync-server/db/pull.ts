// A pull: the changes of each bucket in the user's scope after its position, and removals of buckets that left it [S1–S4].
import type { Position, PullResponse, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import { bucketsFor } from '../../schemas/rules/scope.ts';
import { bucketCondition, isBucketKey } from './bucket-sql.ts';
import { REMOVING, START, bucketSigner, checkpointSecret, signatureMatches, type IncomingEntry, type SignedPosition } from './checkpoint.ts';
import type { Database, Queryable } from './database.ts';
import { actorOf } from './membership.ts';
import { tableOf, type Doc } from './store.ts';
import { tombstone } from './tombstone.ts';

export interface PullInput {
  user: PublicUser;
  collection: SyncCollection;
  checkpoint: Map<string, IncomingEntry>;
  limit: number;
}

interface Row {
  id: string;
  doc?: Doc;
  deleted?: boolean;
  xid: string;
  seq: number | string;
}

/**
 * Rows of `bucket` (minus those any of `except` holds) strictly after `from`, in (xid, seq) order,
 * and only below the oldest transaction still running: a transaction that commits late has a
 * lower xid than that horizon until it ends, so no position handed out can pass it [S1].
 */
async function readBucket(
  tx: Queryable, collection: SyncCollection, bucket: string, except: readonly string[], from: Position, limit: number, withDoc: boolean,
): Promise<Row[]> {
  const params: unknown[] = [from.xid, from.seq, limit];
  const inBucket = bucketCondition(collection, bucket, params);
  const excluded = except.map((b) => bucketCondition(collection, b, params));
  const notHeld = excluded.length ? `AND NOT (${excluded.join(' OR ')})` : '';
  const result = await tx.query<Row>(
    `SELECT id, ${withDoc ? 'doc, deleted, ' : ''}xid::text AS xid, seq FROM ${tableOf(collection)}
     WHERE ${inBucket} ${notHeld}
       AND (xid, seq) > ($1::xid8, $2::bigint)
       AND xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY xid, seq LIMIT $3`,
    params,
  );
  return result.rows;
}

/** Whether rows of a leaving bucket remain after `from` at all, committed above the horizon included. */
async function rowsRemain(tx: Queryable, collection: SyncCollection, bucket: string, except: readonly string[], from: Position): Promise<boolean> {
  const params: unknown[] = [from.xid, from.seq];
  const inBucket = bucketCondition(collection, bucket, params);
  const excluded = except.map((b) => bucketCondition(collection, b, params));
  const notHeld = excluded.length ? `AND NOT (${excluded.join(' OR ')})` : '';
  const result = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${tableOf(collection)} WHERE ${inBucket} ${notHeld} AND (xid, seq) > ($1::xid8, $2::bigint)) AS found`,
    params,
  );
  return result.rows[0]?.found === true;
}

/**
 * Whether committed rows of the bucket after `from` wait above the horizon (an older transaction,
 * in any database of the cluster, is still running): the device is told to pull again soon, since
 * the commit's own stream event has already been spent on this pull [S1, S11].
 */
async function heldBack(tx: Queryable, collection: SyncCollection, bucket: string, from: Position): Promise<boolean> {
  const params: unknown[] = [from.xid, from.seq];
  const inBucket = bucketCondition(collection, bucket, params);
  const result = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${tableOf(collection)} WHERE ${inBucket}
       AND (xid, seq) > ($1::xid8, $2::bigint) AND xid >= pg_snapshot_xmin(pg_current_snapshot())) AS found`,
    params,
  );
  return result.rows[0]?.found === true;
}

const positionOf = (row: Row): Position => ({ xid: row.xid, seq: Number(row.seq) });

export async function pullChanges(db: Database, input: PullInput): Promise<PullResponse<Doc>> {
  const { user, collection, checkpoint, limit } = input;
  const sign = bucketSigner(await checkpointSecret(db), user.id, collection);
  const signed = (key: string, position: Position): SignedPosition => ({ ...position, sig: sign(key) });

  // One snapshot for the whole pull: the scope, the buckets and the horizon agree with each other.
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const scope = bucketsFor(await actorOf(tx, user), collection); // computed at each pull [S3]

    // [S4] a bucket the device held (signed by us) that left the scope: walk it from its start and
    // send removals of what no remaining bucket holds; a walk in progress continues where it stopped.
    const removals: { bucket: string; from: Position }[] = [];
    for (const [key, entry] of checkpoint) {
      const removing = key.startsWith(REMOVING);
      const bucket = removing ? key.slice(REMOVING.length) : key;
      if (!isBucketKey(bucket) || scope.includes(bucket) || !signatureMatches(sign, bucket, entry.sig)) continue;
      if (removing) removals.push({ bucket, from: entry.position });
      else if (!checkpoint.has(REMOVING + bucket)) removals.push({ bucket, from: START });
    }

    const documents = new Map<string, Doc>();
    const buckets: Record<string, SignedPosition> = {};
    let room = limit;
    let behind = false;

    for (const { bucket, from } of removals) {
      let at = from;
      let finished = false;
      if (room > 0) {
        const rows = await readBucket(tx, collection, bucket, scope, from, room, false);
        for (const row of rows) documents.set(row.id, tombstone(collection, row.id));
        room -= rows.length;
        at = rows.length ? positionOf(rows[rows.length - 1]!) : from;
        finished = room > 0 && !(await rowsRemain(tx, collection, bucket, scope, at));
      }
      if (!finished) buckets[REMOVING + bucket] = signed(bucket, at);
    }

    for (const bucket of scope) {
      // A bucket new to the device is read from its beginning [S4]; the checkpoint advances only
      // over rows returned, so `limit` may split a bucket across pulls.
      let at = checkpoint.get(bucket)?.position ?? START;
      if (room > 0) {
        const rows = await readBucket(tx, collection, bucket, [], at, room, true);
        for (const row of rows) documents.set(row.id, { ...row.doc, _deleted: row.deleted === true });
        room -= rows.length;
        if (rows.length) at = positionOf(rows[rows.length - 1]!);
        // Read to its end below the horizon: is anything committed waiting above it?
        if (room > 0 && !behind) behind = await heldBack(tx, collection, bucket, at);
      }
      buckets[bucket] = signed(bucket, at);
    }
    const response: PullResponse<Doc> = { documents: [...documents.values()] as PullResponse<Doc>['documents'], checkpoint: { buckets } };
    if (behind) response.behind = true;
    return response;
  });
}
