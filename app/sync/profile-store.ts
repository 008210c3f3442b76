// The signed-in profile kept in localStorage after an online login, so the app can start offline.
import { isRole } from '../../schemas/entities/user.ts';
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

// Set when the server refused the session while unsynced writes were on the device: they are kept
// for the same user's next sign-in, and the app does not resume offline on the refused session.
const REFUSED_KEY = 'kartoteka.session-refused';

export function markSessionRefused(refused: boolean): void {
  if (refused) localStorage.setItem(REFUSED_KEY, '1');
  else localStorage.removeItem(REFUSED_KEY);
}

export const sessionRefused = (): boolean => localStorage.getItem(REFUSED_KEY) === '1';

/** Calls `listener` when another tab signs out (its profile disappears), so this tab follows. */
export function onProfileRemovedElsewhere(listener: () => void): () => void {
  const handler = (event: StorageEvent) => {
    if (event.key === PROFILE_KEY && event.newValue === null) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
