// The signed-in profile kept in localStorage after an online login, so the app can start offline.
import { isRole } from '../../schemas/entities/user.ts';
import { SESSION_END_REASONS, type SessionEndReason } from '../../schemas/protocol/admin.ts';
import type { SessionUser } from './auth.ts';

const PROFILE_KEY = 'kartoteka.profile';
// Set by a logout that could not reach the server: the cookie session is closed on the next contact.
const LOGOUT_KEY = 'kartoteka.logout-pending';

export function storedProfile(): SessionUser | null {
  try {
    const raw = localStorage.getItem(PROFILE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SessionUser>;
    const valid = ['id', 'login', 'name'].every((k) => typeof value[k as keyof SessionUser] === 'string');
    return valid && isRole(value.role) ? (value as SessionUser) : null;
  } catch {
    return null;
  }
}

export function storeProfile(user: SessionUser): void {
  const { id, login, name, role } = user; // only these four: nothing else of the answer is kept
  localStorage.setItem(PROFILE_KEY, JSON.stringify({ id, login, name, role }));
}

export function forgetProfile(): void {
  localStorage.removeItem(PROFILE_KEY);
}

export function markLogoutPending(pending: boolean): void {
  if (pending) localStorage.setItem(LOGOUT_KEY, '1');
  else localStorage.removeItem(LOGOUT_KEY);
}

export const logoutPending = (): boolean => localStorage.getItem(LOGOUT_KEY) === '1';

// Set, to the server's reason, when the server refused the session while unsynced writes were on the
// device: they are kept, and the app does not resume offline on the refused session.
const REFUSED_KEY = 'kartoteka.session-refused';

export function markSessionRefused(reason: SessionEndReason | null): void {
  if (reason) localStorage.setItem(REFUSED_KEY, reason);
  else localStorage.removeItem(REFUSED_KEY);
}

export function sessionRefused(): SessionEndReason | null {
  const value = localStorage.getItem(REFUSED_KEY);
  if (value === null) return null;
  // '1' was written by earlier versions, which did not know the reason.
  return (SESSION_END_REASONS as readonly string[]).includes(value) ? (value as SessionEndReason) : 'ended';
}

/** Calls `listener` when another tab signs out (its profile disappears), so this tab follows. */
export function onProfileRemovedElsewhere(listener: () => void): () => void {
  const handler = (event: StorageEvent) => {
    if (event.key === PROFILE_KEY && event.newValue === null) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
