// Who is signed in on this device, online or offline: start-up check, login, logout, and the wipe on refusal.
import { createSignal } from 'solid-js';
import { SESSION_END_REASONS, type SessionEndReason } from '../../schemas/protocol/admin.ts';
import { PUSH_COLLECTIONS } from '../../schemas/protocol/sync.ts';
import { closeDatabase, getDatabase, wipeDatabase } from '../local-db/database.ts';
import { followMembership, unfollowMembership } from '../local-db/membership.ts';
import { pendingIds } from '../local-db/pending.ts';
import { refusedOnDevice, type RefusedChange } from '../local-db/refused.ts';
import { log } from '../log.ts';
import { ApiError, NetworkError, isOutdated, isUnauthorized } from './api.ts';
import { forgetDrafts, keptDraft } from './draft-store.ts';
import * as auth from './auth.ts';
import type { SessionUser } from './auth.ts';
import { startSync, stopSync } from './engine.ts';
import {
  forgetProfile, logoutPending, markLogoutPending, markSessionRefused, onProfileRemovedElsewhere, sessionRefused,
  storeProfile, storedProfile,
} from './profile-store.ts';
import { statusInput } from './status.ts';

export type SessionState = 'starting' | 'signed-out' | 'signed-in';
/**
 * Why the user sees the login page, shown there: they logged out, or the server refused the session
 * (`reason`), with `kept` unsent records still on the device (0: the device was wiped) and `draft`:
 * what was typed in an open form was kept (app/sync/draft-store.ts).
 */
export type SessionNotice = { kind: 'logged-out' } | { kind: 'refused'; reason: SessionEndReason; kept: number; draft: boolean } | null;

/** The reason a 401 carries; 'ended' when the answer has none (a proxy, an older server). */
export function refusalReason(error: unknown): SessionEndReason {
  const reason = error instanceof ApiError ? error.reason : undefined;
  return (SESSION_END_REASONS as readonly string[]).includes(reason ?? '') ? (reason as SessionEndReason) : 'ended';
}

const [state, setState] = createSignal<SessionState>('starting');
const [user, setUser] = createSignal<SessionUser | null>(null);
const [notice, setNotice] = createSignal<SessionNotice>(null);
const [lastRefused, setLastRefused] = createSignal<RefusedChange[]>([]);

export { state as sessionState, user as currentUser, notice as sessionNotice, lastRefused };
export const clearNotice = () => setNotice(null);

let ending = false;

// True from the server's refusal until the login page shows: the open page is about to go, so it must
// not announce or move focus for its own reasons (a form turning read-only) meanwhile [issue 14].
const [refusing, setRefusing] = createSignal(false);
export { refusing as sessionRefusing };

// Forms that keep what is typed when the session is refused (they unmount next); each returns true
// when it kept something.
const keepers = new Set<(userId: string) => boolean>();

/** Registers `keep`, called first thing on a refusal with the user's id; returns the unregister. */
export function keepOnRefusal(keep: (userId: string) => boolean): () => void {
  keepers.add(keep);
  return () => keepers.delete(keep);
}

function keepDrafts(): boolean {
  const userId = user()?.id ?? storedProfile()?.id;
  if (!userId) return false;
  let kept = false;
  for (const keep of keepers) kept = keep(userId) || kept;
  return kept || keptDraft(userId) !== null;
}

async function begin(profile: SessionUser): Promise<void> {
  setUser(profile);
  setState('signed-in');
  const db = await getDatabase();
  followMembership(db, profile);
  startSync(db, {
    onUnauthorized: (error) => void refuseSession(refusalReason(error)),
    onRefused: (changes) => setLastRefused(changes),
    onStreamRefused: () => void recheckSession(),
  });
}

/** Local end of a session: stop syncing, delete the device's data and the stored profile. */
async function end(why: SessionNotice): Promise<void> {
  if (ending) return;
  ending = true;
  try {
    await stopSync();
    unfollowMembership();
    await wipeDatabase().catch((error: unknown) => log.error('wiping the local database failed', error));
    // A refused session's typed draft stays for that user's next sign-in; otherwise it goes with the rest.
    if (why?.kind !== 'refused' || !why.draft) forgetDrafts();
    forgetProfile();
    markSessionRefused(null);
    setUser(null);
    setNotice(why);
    setState('signed-out');
  } finally {
    ending = false;
  }
}

/** How many unsynced local writes there are; a refused session must not throw them away. */
export async function unsyncedCount(): Promise<number> {
  try {
    const db = await getDatabase();
    const pending = await Promise.all(PUSH_COLLECTIONS.map((name) => pendingIds(db, name)));
    // A change this device refused itself (too large to send, S29) is kept nowhere else.
    return pending.reduce((sum, ids) => sum + ids.length, 0) + (await refusedOnDevice(db)).length;
  } catch (error) {
    log.error('reading the pending writes failed; keeping the local database', error);
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The server answered 401: the session is gone (expired, logged out, password reset, user
 * deactivated). With nothing unsynced the device is wiped and the login page says why. With
 * unsynced writes nothing is lost: the database stays (closed) and the login page says how many
 * records wait. After an expiry, logout or password reset the same user signs in and they are sent;
 * a deactivated user can never send them, so the page offers them as a file to hand over, then
 * removes them (sign-in of another user also removes them, after saying so).
 */
export async function refuseSession(reason: SessionEndReason): Promise<void> {
  if (ending || refusing()) return;
  setRefusing(true);
  try {
    // First, while the open form is still there: what is typed is kept, then the page may go.
    const draft = keepDrafts();
    const kept = await unsyncedCount();
    if (kept === 0) return await end({ kind: 'refused', reason, kept: 0, draft });
    ending = true;
    try {
      await stopSync();
      unfollowMembership();
      await closeDatabase();
      markSessionRefused(reason);
      setUser(null);
      setNotice({ kind: 'refused', reason, kept: Number.isFinite(kept) ? kept : 1, draft });
      setState('signed-out');
    } finally {
      ending = false;
    }
  } finally {
    setRefusing(false);
  }
}

/** Removes the records a refused session left on this device, once the user has chosen to. */
export async function discardKeptData(): Promise<void> {
  const notice = sessionNoticeValue();
  await end(notice?.kind === 'refused' ? { ...notice, kept: 0, draft: false } : null);
}

const sessionNoticeValue = () => notice();

async function recheckSession(): Promise<void> {
  try {
    await auth.me();
  } catch (error) {
    if (isUnauthorized(error)) await refuseSession(refusalReason(error));
    else if (isOutdated(error)) statusInput.setOutdated(true);
  }
}

/**
 * At start-up: ask the server who we are. Unreachable → carry on offline with the stored profile;
 * 401 → wipe and sign out; 426 → carry on with the stored profile, unsynced writes kept.
 */
export async function startSession(): Promise<void> {
  onProfileRemovedElsewhere(() => {
    // Another tab signed out and wiped the shared database: follow it without wiping twice.
    void stopSync().then(async () => {
      unfollowMembership();
      await closeDatabase();
      setUser(null);
      setNotice({ kind: 'logged-out' });
      setState('signed-out');
    });
  });
  if (logoutPending()) {
    await auth.logout().then(() => markLogoutPending(false), (error: unknown) => {
      if (isUnauthorized(error)) markLogoutPending(false);
    });
    // Still open on the server: never resume it from the cookie, the user chose to log out.
    if (logoutPending()) {
      setState('signed-out');
      return;
    }
  }
  const stored = storedProfile();
  try {
    const fresh = await auth.me();
    if (stored && stored.id !== fresh.id) await wipeDatabase();
    storeProfile(fresh);
    markSessionRefused(null);
    await begin(fresh);
  } catch (error) {
    if (isUnauthorized(error)) {
      if (stored) await refuseSession(sessionRefused() ?? refusalReason(error));
      else await end(null);
      return;
    }
    const refused = sessionRefused();
    if (refused) {
      // Refused earlier and not signed in again: the kept data waits for that user's next login.
      const kept = await unsyncedCount();
      await closeDatabase();
      const draft = stored !== null && keptDraft(stored.id) !== null;
      setNotice({ kind: 'refused', reason: refused, kept: Number.isFinite(kept) ? kept : 1, draft });
      setState('signed-out');
      return;
    }
    if (isOutdated(error)) statusInput.setOutdated(true);
    else if (!(error instanceof NetworkError)) log.warn('session check failed', error);
    if (stored) await begin(stored);
    else setState('signed-out');
  }
}

async function adopt(fresh: SessionUser): Promise<void> {
  // The database belongs to the previously stored user; another user starts from an empty one.
  if (storedProfile()?.id !== fresh.id) {
    await stopSync();
    await wipeDatabase();
  }
  // Another user's typed draft goes with their data; this user's comes back on its form.
  forgetDrafts(fresh.id);
  storeProfile(fresh);
  markSessionRefused(null);
  setNotice(null);
  await begin(fresh);
}

export async function signIn(credentials: { login: string; password: string }): Promise<void> {
  await adopt(await auth.login(credentials));
}

export async function setUpFirstAdmin(input: { name: string; login: string; password: string }): Promise<void> {
  await adopt(await auth.createFirstAdmin(input));
}

/**
 * Logs out and wipes the device. Callers make sure nothing is pending first (the logout dialog);
 * offline, the server session is closed on the next contact.
 */
export async function signOut(): Promise<void> {
  // Replication stops first: a pull answered 401 after the logout must not read as a refused session.
  await stopSync();
  try {
    await auth.logout();
  } catch (error) {
    // Unreachable or failing: close the server session on the next contact (401 = already closed).
    if (!isUnauthorized(error)) markLogoutPending(true);
    if (!(error instanceof NetworkError) && !isUnauthorized(error)) log.warn('logout request failed', error);
  }
  await end({ kind: 'logged-out' });
}
