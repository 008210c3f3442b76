// Pull checkpoints: parsing what a device sends back, and signing the buckets the server hands out [S1–S4].
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Position, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Queryable } from './database.ts';
import { isPlainObject } from './json-safety.ts';

/**
 * A position as handed out: `sig` binds the bucket to the user, so a device can ask for removals
 * only of buckets the server gave it; a forged key would otherwise list ids outside its scope [S4].
 */
export interface SignedPosition extends Position {
  sig: string;
}

export const START: Position = { xid: '0', seq: 0 };
/** Checkpoint key of a bucket whose removals are still being sent: `removing:<bucket>`. */
export const REMOVING = 'removing:';
// One key per bucket: a supervisor holds one per operator, a principal one per order.
export const MAX_CHECKPOINT_KEYS = 2000;
const MAX_XID8 = 2n ** 64n - 1n;

export interface IncomingEntry {
  position: Position;
  sig: string;
}

/** A checkpoint sent back by a device; null means "not a checkpoint this server could have made". */
export function parseCheckpoint(raw: unknown): Map<string, IncomingEntry> | null {
  const entries = new Map<string, IncomingEntry>();
  if (raw === null || raw === undefined) return entries;
  if (!isPlainObject(raw) || !isPlainObject(raw.buckets)) return null;
  const keys = Object.keys(raw.buckets);
  if (keys.length > MAX_CHECKPOINT_KEYS) return null;
  for (const key of keys) {
    const value = raw.buckets[key];
    if (key.length > 200 || !isPlainObject(value)) return null;
    const { xid, seq, sig } = value;
    // xid8 is unsigned 64-bit: anything else would make PostgreSQL throw instead of answering 400.
    if (typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || BigInt(xid) > MAX_XID8) return null;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
    entries.set(key, { position: { xid, seq }, sig: typeof sig === 'string' ? sig : '' });
  }
  return entries;
}

export type BucketSigner = (key: string) => string;

/** Signs bucket keys for one user and collection with the server-wide secret. */
export function bucketSigner(secret: string, userId: string, collection: SyncCollection): BucketSigner {
  return (key) => createHmac('sha256', secret).update(`${userId}\n${collection}\n${key}`).digest('base64url').slice(0, 22);
}

export function signatureMatches(sign: BucketSigner, key: string, sig: string): boolean {
  const expected = Buffer.from(sign(key));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const secrets = new WeakMap<object, Promise<string>>();

/** The 'checkpoint' secret of server_secrets (created by the first migration), read once per database. */
export function checkpointSecret(db: Queryable): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = db.query<{ value: string }>("SELECT value FROM server_secrets WHERE name = 'checkpoint'").then((r) => {
      const value = r.rows[0]?.value;
      if (!value) throw new Error('server_secrets has no checkpoint secret: run the migrations');
      return value;
    });
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}
