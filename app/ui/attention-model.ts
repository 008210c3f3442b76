// What one user has seen and been told, per record, as plain data: the newest comment seen in each thread
// (unread counts), and the verdicts and comments already announced, so each arrival is announced once,
// never again after a re-render, a second pull or a reload. Stored per user by attention.ts.
import type { Verification } from '../../schemas/entities/client.ts';

export interface Attention {
  /**
   * When this user's device first watched (device time): verdicts and comments stamped before it were
   * already there, or arrived with the first sync of a new device — never announced.
   */
  since: number;
  /** Record id → createdAt of the newest comment shown to the user in its thread. */
  seen: Record<string, number>;
  /** Record id → time (`verification.at`) of the rejection last announced. */
  verdicts: Record<string, number>;
  /** Record id → createdAt of the newest comment by someone else announced. */
  comments: Record<string, number>;
}

export const blankAttention = (now: number): Attention => ({ since: now, seen: {}, verdicts: {}, comments: {} });

const isTimes = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((t) => typeof t === 'number');

/** The stored state, or a first run starting at `now` when there is none or it is unreadable. */
export function parseAttention(raw: string | null, now: number): Attention {
  if (raw === null) return blankAttention(now);
  try {
    const v = JSON.parse(raw) as Partial<Attention>;
    if (typeof v.since === 'number' && isTimes(v.seen) && isTimes(v.verdicts) && isTimes(v.comments)) {
      return { since: v.since, seen: v.seen, verdicts: v.verdicts, comments: v.comments };
    }
  } catch {
    // Unreadable: start over (at worst, nothing older than now is announced).
  }
  return blankAttention(now);
}

const mergeTimes = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [key, time] of Object.entries(b)) out[key] = Math.max(out[key] ?? -Infinity, time);
  return out;
};

/** Two copies (two tabs) combined: nothing either has seen or announced is forgotten. */
export function mergeAttention(a: Attention, b: Attention): Attention {
  return {
    since: Math.min(a.since, b.since),
    seen: mergeTimes(a.seen, b.seen),
    verdicts: mergeTimes(a.verdicts, b.verdicts),
    comments: mergeTimes(a.comments, b.comments),
  };
}

/** What the rejection watcher reads of a record. */
export interface WatchedRecord {
  id: string;
  name: string;
  ownerId: string;
  verification: Pick<Verification, 'state' | 'reason' | 'verifierId' | 'at'>;
}

export interface Arrivals<T> {
  arrivals: T[];
  /** The state with the arrivals recorded; the same object when nothing changed. */
  next: Attention;
}

/**
 * Rejections of the user's own records not announced yet: one per record and verdict time (a record
 * rejected again later is announced again). The user's own verdicts (an administrator) are not news.
 */
export function rejectionArrivals(state: Attention, records: readonly WatchedRecord[], me: string): Arrivals<WatchedRecord> {
  const arrivals: WatchedRecord[] = [];
  let verdicts: Record<string, number> | undefined;
  for (const record of records) {
    const v = record.verification;
    if (record.ownerId !== me || v.state !== 'rejected' || v.verifierId === me) continue;
    const heard = state.verdicts[record.id];
    if (heard !== undefined && v.at <= heard) continue;
    (verdicts ??= { ...state.verdicts })[record.id] = v.at;
    if (v.at > state.since) arrivals.push(record);
  }
  arrivals.sort((a, b) => a.verification.at - b.verification.at);
  return { arrivals, next: verdicts ? { ...state, verdicts } : state };
}

/** What the comment watcher reads of a comment. */
export interface WatchedComment {
  id: string;
  recordId: string;
  authorId: string;
  createdAt: number;
}

/**
 * Others' comments newer than the newest one announced in their thread (and than the first watch),
 * oldest first. The caller passes only threads the user takes part in.
 */
export function commentArrivals<C extends WatchedComment>(state: Attention, comments: readonly C[], me: string): Arrivals<C> {
  const arrivals: C[] = [];
  let heard: Record<string, number> | undefined;
  for (const comment of [...comments].sort((a, b) => a.createdAt - b.createdAt)) {
    if (comment.authorId === me) continue;
    const last = (heard ?? state.comments)[comment.recordId];
    if (last !== undefined && comment.createdAt <= last) continue;
    (heard ??= { ...state.comments })[comment.recordId] = comment.createdAt;
    if (comment.createdAt > state.since) arrivals.push(comment);
  }
  return { arrivals, next: heard ? { ...state, comments: heard } : state };
}

/** The thread of `recordId` shown with these comments: everything up to its newest is read. */
export function markThreadSeen(state: Attention, recordId: string, comments: readonly { createdAt: number }[]): Attention {
  const newest = Math.max(-Infinity, ...comments.map((c) => c.createdAt));
  if (!Number.isFinite(newest) || newest <= (state.seen[recordId] ?? -Infinity)) return state;
  return { ...state, seen: { ...state.seen, [recordId]: newest } };
}
