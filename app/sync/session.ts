// Who is signed in on this device, online or offline: start-up check, login, logout, and the wipe on refusal.
import { createSignal } from 'solid-js';
import { setConflictActor } from '../local-db/conflict-handler.ts';
import { closeDatabase, getDatabase, wipeDatabase } from '../local-db/database.ts';
import { pendingIds } from '../local-db/pending.ts';
import type { RefusedChange } from '../local-db/refused.ts';
import { log } from '../log.ts';
import { NetworkError, isOutdated, isUnauthorized } from './api.ts';
import * as auth from './auth.ts';
import type { SessionUser } from './auth.ts';
import { startSync, stopSync } from './engine.ts';
import {
  forgetProfile, logoutPending, markLogoutPending, markSessionRefused, onProfileRemovedElsewhere, sessionRefused,
  storeProfile, storedProfile,
} from './profile-store.ts';
import { statusInput } from './status.ts';

export type SessionState = 'starting' | 'signed-out' | 'signed-in';
/** Why the user sees the login page: shown there as an explanation. */
export type SessionNotice = 'refused' | 'refused-kept' | 'logged-out' | null;

const [state, setState] = createSignal<SessionState>('starting');
const [user, setUser] = createSignal<SessionUser | null>(null);
const [notice, setNotice] = createSignal<SessionNotice>(null);
const [lastRefused, setLastRefused] = createSignal<RefusedChange[]>([]);

export { state as sessionState, user as currentUser, notice as sessionNotice, lastRefused };
export const clearNotice = () => setNotice(null);

let ending = false;

async function begin(profile: SessionUser): Promise<void> {
  setConflictActor({ id: profile.id, role: profile.role });
  setUser(profile);
  setState('signed-in');
  const db = await getDatabase();
  startSync(db, {
    onUnauthorized: () => void refuseSession(),
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
    await wipeDatabase().catch((error: unknown) => log.error('wiping the local database failed', error));
    forgetProfile();
    setConflictActor(null);
    setUser(null);
    setNotice(why);
    setState('signed-out');
  } finally {
    ending = false;
  }
}

/** Unsynced local writes of both collections; a refused session must not throw them away. */
async function hasUnsynced(): Promise<boolean> {
  try {
    const db = await getDatabase();
    const [orders, clients] = await Promise.all([pendingIds(db, 'orders'), pendingIds(db, 'clients')]);
    return orders.length + clients.length > 0;
  } catch (error) {
    log.error('reading the pending writes failed; keeping the local database', error);
    return true;
  }
}

/**
 * The server answered 401: the session is gone (expired, logged out elsewhere, user deactivated).
 * With nothing unsynced the device is wiped. With unsynced writes nothing is lost: the database and
 * profile stay, the user must sign in again, and the same user carries on where they left off
 * (another user signing in on this device starts from an empty one, see adopt()).
 */
export async function refuseSession(): Promise<void> {
  if (ending) return;
  if (!(await hasUnsynced())) return end('refused');
  ending = true;
  try {
    await stopSync();
    await closeDatabase();
    markSessionRefused(true);
    setConflictActor(null);
    setUser(null);
    setNotice('refused-kept');
    setState('signed-out');
  } finally {
    ending = false;
  }
}

async function recheckSession(): Promise<void> {
  try {
    await auth.me();
  } catch (error) {
    if (isUnauthorized(error)) await refuseSession();
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
      await closeDatabase();
      setConflictActor(null);
      setUser(null);
      setNotice('logged-out');
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
    markSessionRefused(false);
    await begin(fresh);
  } catch (error) {
    if (isUnauthorized(error)) {
      if (stored) await refuseSession();
      else await end(null);
      return;
    }
    if (sessionRefused()) {
      // Refused earlier and not signed in again: the kept data waits for that user's next login.
      setNotice('refused-kept');
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
  storeProfile(fresh);
  markSessionRefused(false);
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
  await end('logged-out');
}
