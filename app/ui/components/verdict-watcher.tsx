// Mounted once in the frame: while the user works, a rejection of one of their records and a new comment
// in a thread they take part in are announced politely, once each (attention-model.ts). A re-render, a
// second pull or a reload announces nothing again; what the device already held when it first watched
// is not news. A hidden tab waits: what arrived is announced when the user comes back to it.
import { createEffect, createMemo, onCleanup } from 'solid-js';
import { debounceTime, filter, startWith, switchMap, type Subscription } from 'rxjs';
import type { Comment } from '../../../schemas/entities/comment.ts';
import { t } from '../../i18n/i18n.ts';
import { getDatabase, type KartotekaDatabase } from '../../local-db/database.ts';
import { log } from '../../log.ts';
import { currentUser, sessionState } from '../../sync/session.ts';
import { commentArrivals, rejectionArrivals, type WatchedRecord } from '../attention-model.ts';
import { loadAttention, setCommentThreads, unloadAttention, updateAttention } from '../attention.ts';
import { authorOf } from '../comment-model.ts';
import { announce } from './announcer.tsx';

/** More arrivals at once than this (a sync after days offline) are told as one count, not a flood. */
const ONE_BY_ONE = 3;
/** Changes arriving together (a pull of a thousand records) are read once, this long after the last. */
const COALESCE_MS = 100;

export function VerdictWatcher() {
  const userId = createMemo(() => (sessionState() === 'signed-in' ? currentUser()?.id ?? null : null));
  createEffect(() => {
    const me = userId();
    if (!me) {
      unloadAttention();
      return;
    }
    loadAttention(me);
    let stopped = false;
    let stop = () => {};
    getDatabase()
      .then((db) => {
        if (!stopped) stop = watch(db, me);
      })
      .catch((error: unknown) => log.warn('arrival watcher could not open the database', error));
    onCleanup(() => {
      stopped = true;
      stop();
    });
  });
  return null;
}

const hidden = () => document.visibilityState === 'hidden';

function watch(db: KartotekaDatabase, me: string): () => void {
  let records: WatchedRecord[] = [];
  let comments: Comment[] = [];

  const checkRejections = () => {
    if (hidden()) return;
    let arrivals: WatchedRecord[] = [];
    updateAttention((state) => {
      const found = rejectionArrivals(state, records, me);
      arrivals = found.arrivals;
      return found.next;
    });
    if (arrivals.length > ONE_BY_ONE) announce(t().rejectionsArrived(arrivals.length));
    else for (const r of arrivals) announce(t().rejectionArrived(r.name || t().recUnnamed, r.verification.reason));
  };

  const checkComments = () => {
    if (hidden()) return;
    let arrivals: Comment[] = [];
    updateAttention((state) => {
      const found = commentArrivals(state, comments, me);
      arrivals = found.arrivals;
      return found.next;
    });
    // Recorded as heard before the names are looked up, so a second emission meanwhile adds nothing.
    if (arrivals.length > 0) void announceComments(db, me, arrivals, comments);
  };

  const subscriptions: Subscription[] = [
    // The user's rejected records, read by index at start and again when one of their records changes.
    db.clients.$.pipe(
      filter((event) => event.documentData?.ownerId === me || event.previousDocumentData?.ownerId === me),
      debounceTime(COALESCE_MS),
      startWith(null),
      // The reader comes with the database's code, not with the app shell.
      switchMap(async () => (await import('../../local-db/list-reader.ts')).readOwnedInState(db.name, me, 'rejected')),
    ).subscribe({
      next: (docs) => {
        records = docs;
        checkRejections();
      },
      error: (error: unknown) => log.warn('rejection watch failed', error),
    }),
    db.comments.find().$.subscribe({
      next: (docs) => {
        comments = docs.map((doc) => doc.toJSON() as Comment);
        setCommentThreads(comments);
        checkComments();
      },
      error: (error: unknown) => log.warn('comment watch failed', error),
    }),
  ];
  const onVisible = () => {
    checkRejections();
    checkComments();
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    subscriptions.forEach((s) => s.unsubscribe());
  };
}

/**
 * Announces the comments of threads the user takes part in: their own records, records they gave the
 * verdict on, threads they wrote in. Others' threads only show in the unread counts.
 */
async function announceComments(db: KartotekaDatabase, me: string, arrivals: Comment[], all: Comment[]): Promise<void> {
  try {
    const found = await db.clients.findByIds([...new Set(arrivals.map((c) => c.recordId))]).exec();
    const users = await db.users.findByIds([...new Set(arrivals.map((c) => c.authorId))]).exec();
    const wrote = new Set(all.filter((c) => c.authorId === me).map((c) => c.recordId));
    const relevant = arrivals.filter((c) => {
      const record = found.get(c.recordId);
      return wrote.has(c.recordId) || (record !== undefined && (record.ownerId === me || record.verification.verifierId === me));
    });
    if (relevant.length > ONE_BY_ONE) {
      announce(t().commentsArrived(relevant.length));
      return;
    }
    for (const c of relevant) {
      const record = found.get(c.recordId);
      const names = new Map([...users.values()].map((u) => [u.id, u.name]));
      const label = authorOf(c.authorId, { me, names, verifierId: record?.verification.verifierId ?? '' });
      const author = label.kind === 'name' ? label.name : label.kind === 'verifier' ? t().commentVerifier : t().commentOther;
      announce(t().commentArrived(record?.name || t().recUnnamed, author));
    }
  } catch (error) {
    log.warn('announcing new comments failed', error);
  }
}
