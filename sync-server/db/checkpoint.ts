// Pull checkpoints: parsing and verifying what a device sends back, signing what the server hands out [S3, S4, S25–S28].
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Checkpoint, Position, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Queryable } from './database.ts';
import { isPlainObject } from './json-safety.ts';

export const START: Position = { xid: '0', seq: 0 };
/** [S27] A checkpoint older than this (a session's lifetime) is not honoured: the pull starts again (reset). */
export const CHECKPOINT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/** [S28] Removal walks one checkpoint carries at most; a scope that shrinks more often mid-walk is answered with a reset. */
export const MAX_REMOVAL_WALKS = 32;
const MAX_XID8 = 2n ** 64n - 1n;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

/** The parts of a checkpoint the signature covers; what pull.ts works with. */
export type CheckpointBody = Omit<Checkpoint, 'sig' | 'v'>;

export type ParsedCheckpoint =
  | { kind: 'none' }
  /** Not usable: malformed, older format, forged, expired or too old for the rows' creation marks. */
  | { kind: 'reset'; why: 'format' | 'signature' | 'expired' }
  | { kind: 'ok'; body: CheckpointBody };

function position(raw: unknown): Position | null {
  if (!isPlainObject(raw)) return null;
  const { xid, seq } = raw;
  // xid8 is unsigned 64-bit: anything else would make PostgreSQL throw instead of answering.
  if (typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || BigInt(xid) > MAX_XID8) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { xid, seq };
}

const digestOk = (raw: unknown): raw is string => typeof raw === 'string' && DIGEST.test(raw);

/** The checkpoint's shape only; null when it is not one this server could have made. */
function shape(raw: Record<string, unknown>): (CheckpointBody & { sig: string }) | null {
  const at = position(raw.at);
  if (raw.v !== 2 || !at || !digestOk(raw.set) || typeof raw.sig !== 'string' || typeof raw.iat !== 'number') return null;
  const body: CheckpointBody & { sig: string } = { at, set: raw.set, iat: raw.iat, sig: raw.sig };
  if (raw.fill !== undefined && raw.fill !== null) {
    const fill = isPlainObject(raw.fill) ? raw.fill : {};
    const fillAt = position(fill.at);
    if (!fillAt || !digestOk(fill.set)) return null;
    body.fill = { set: fill.set, at: fillAt };
  }
  if (raw.rm !== undefined && !(Array.isArray(raw.rm) && raw.rm.length === 0)) {
    if (!Array.isArray(raw.rm) || raw.rm.length > MAX_REMOVAL_WALKS) return null;
    body.rm = [];
    for (const walk of raw.rm) {
      const w = isPlainObject(walk) ? walk : {};
      const bound = position(w.bound);
      const walkAt = position(w.at);
      if (!bound || !walkAt || !digestOk(w.set)) return null;
      body.rm.push({ set: w.set, bound, at: walkAt });
    }
  }
  return body;
}

export interface CheckpointSigner {
  sign(body: CheckpointBody): Checkpoint;
  /** Parses what the device sent back [S25, S27]: never an error, at worst a reset. */
  parse(raw: unknown, now: number): ParsedCheckpoint;
}

/** The canonical text the signature covers: the user, the collection and every field, in a fixed order. */
function signedText(userId: string, collection: SyncCollection, body: CheckpointBody): string {
  const rm = (body.rm ?? []).map((w) => [w.set, w.bound.xid, w.bound.seq, w.at.xid, w.at.seq]);
  const fill = body.fill ? [body.fill.set, body.fill.at.xid, body.fill.at.seq] : null;
  return JSON.stringify([userId, collection, body.at.xid, body.at.seq, body.set, fill, rm, body.iat]);
}

/** Signs and verifies one user's checkpoints of one collection with the server-wide secret [S25]. */
export function checkpointSigner(secret: string, userId: string, collection: SyncCollection): CheckpointSigner {
  const mac = (body: CheckpointBody) =>
    createHmac('sha256', secret).update(signedText(userId, collection, body)).digest('base64url');
  return {
    sign: (body) => ({ v: 2, ...body, sig: mac(body) }),
    parse(raw, now) {
      if (raw === null || raw === undefined) return { kind: 'none' };
      const parsed = isPlainObject(raw) ? shape(raw) : null;
      if (!parsed) return { kind: 'reset', why: 'format' };
      const { sig, ...body } = parsed;
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'reset', why: 'signature' };
      if (!(body.iat <= now + 60_000 && now - body.iat <= CHECKPOINT_MAX_AGE_MS)) return { kind: 'reset', why: 'expired' };
      return { kind: 'ok', body };
    },
  };
}

/** The digest naming a bucket set: sha256 of its sorted keys [S25]. */
export function setDigest(buckets: readonly string[]): string {
  return createHash('sha256').update([...buckets].sort().join('\n')).digest('base64url');
}

/** The bucket sets these digests name; a digest the server never stored is missing from the map. */
export async function loadSets(tx: Queryable, digests: readonly string[]): Promise<Map<string, string[]>> {
  if (digests.length === 0) return new Map();
  const result = await tx.query<{ digest: string; buckets: string[] }>(
    'SELECT digest, buckets FROM bucket_sets WHERE digest = ANY($1::text[])',
    [[...new Set(digests)]],
  );
  return new Map(result.rows.map((r) => [r.digest, r.buckets]));
}

/** Stores bucket sets a checkpoint names (idempotent: content-addressed rows never change). */
export async function storeSets(db: Queryable, sets: readonly string[][]): Promise<void> {
  const unique = new Map(sets.map((buckets) => [setDigest(buckets), [...buckets].sort()]));
  if (unique.size === 0) return;
  await db.query(
    `INSERT INTO bucket_sets (digest, buckets)
     SELECT d, ARRAY(SELECT jsonb_array_elements_text(b)) FROM jsonb_each($1::jsonb) AS t(d, b)
     ON CONFLICT (digest) DO NOTHING`,
    [JSON.stringify(Object.fromEntries(unique))],
  );
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
