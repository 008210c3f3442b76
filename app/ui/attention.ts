// The signed-in user's attention state (attention-model.ts) kept in localStorage under their id, with the
// comments the device holds per record, as signals: unread counts for lists, "read" when a thread is shown.
//
// Why localStorage and not an RxDB local document: the database is wiped at logout and re-pulled after
// a refused session or an eviction; the next sync would then bring every comment and verdict back as
// new, unread and announced again. Kept per user id beside the database, what the user has seen and
// heard survives that; it is read synchronously at start (the first render has the right counts) and
// other tabs see each write through the `storage` event.
import { createSignal } from 'solid-js';
import type { Comment } from '../../schemas/entities/comment.ts';
import { unreadCount as countUnread } from './comment-model.ts';
import { markThreadSeen, mergeAttention, parseAttention, type Attention } from './attention-model.ts';

const KEY_PREFIX = 'kartoteka.attention.';

type ThreadEntry = Pick<Comment, 'authorId' | 'createdAt'>;

const [owner, setOwner] = createSignal<string | null>(null);
const [state, setState] = createSignal<Attention | null>(null);
const [threads, setThreads] = createSignal<ReadonlyMap<string, readonly ThreadEntry[]>>(new Map());

function read(userId: string): string | null {
  try {
    return localStorage.getItem(KEY_PREFIX + userId);
  } catch {
    return null; // storage blocked: this visit keeps its state in memory only
  }
}

function write(userId: string, value: Attention | string): void {
  try {
    localStorage.setItem(KEY_PREFIX + userId, typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // Full or blocked: counts and announcements still work for this visit.
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    const userId = owner();
    const current = state();
    if (!userId || !current || event.key !== KEY_PREFIX + userId || event.newValue === null) return;
    setState(mergeAttention(current, parseAttention(event.newValue, current.since)));
  });
}

/** Starts (or switches to) this user's state; a first run on this device starts its watermark now. */
export function loadAttention(userId: string, now = Date.now()): Attention {
  const loaded = parseAttention(read(userId), now);
  setOwner(userId);
  setState(loaded);
  setThreads(new Map());
  write(userId, loaded);
  return loaded;
}

/** Forgets the signed-out user's state in memory (their stored copy stays for their next login). */
export function unloadAttention(): void {
  setOwner(null);
  setState(null);
  setThreads(new Map());
}

/**
 * Applies `change` to the newest state (another tab's writes merged in first) and stores it; returns
 * the new state, or null when no user is loaded.
 */
export function updateAttention(change: (current: Attention) => Attention): Attention | null {
  const userId = owner();
  const current = state();
  if (!userId || !current) return null;
  const stored = read(userId);
  const base = stored === null ? current : mergeAttention(current, parseAttention(stored, current.since));
  const next = change(base);
  const text = JSON.stringify(next);
  // Written only when it differs: every write wakes the other tabs (storage event).
  if (text !== stored) write(userId, text);
  if (text !== JSON.stringify(current)) setState(next);
  return next;
}

/** The state now (not tracked). */
export const attentionNow = (): Attention | null => state();

/** The comments the device holds, grouped by record: fed by the watcher (verdict-watcher.tsx). */
export function setCommentThreads(comments: readonly Pick<Comment, 'recordId' | 'authorId' | 'createdAt'>[]): void {
  const byRecord = new Map<string, ThreadEntry[]>();
  for (const c of comments) {
    let list = byRecord.get(c.recordId);
    if (!list) byRecord.set(c.recordId, (list = []));
    list.push({ authorId: c.authorId, createdAt: c.createdAt });
  }
  setThreads(byRecord);
}

/** How many comments by others in the record's thread the user has not seen (reactive). */
export function unreadCount(recordId: string): number {
  const userId = owner();
  const thread = threads().get(recordId);
  if (!userId || !thread) return 0;
  return countUnread(thread, userId, state()?.seen[recordId]);
}

/** The thread is on screen: every comment it shows is read. */
export function markThreadRead(recordId: string, comments: readonly { createdAt: number }[]): void {
  updateAttention((current) => markThreadSeen(current, recordId, comments));
}
