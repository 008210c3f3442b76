// Server-side sessions: a random token in an HttpOnly cookie, only its SHA-256 in the database, a fixed server-side expiry.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { isRole, type PublicUser } from '../../schemas/entities/user.ts';
import type { SessionEndReason } from '../../schemas/protocol/admin.ts';
import type { Queryable } from '../db/database.ts';

export const SESSION_COOKIE = 'kartoteka_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
// A session in use is extended at most once a day: one UPDATE per day, not per request.
const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Ended and expired sessions are kept this long after they end, so a device returning later is told why. */
export const SESSION_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export function isTokenShaped(token: string | undefined): token is string {
  return token !== undefined && TOKEN_PATTERN.test(token);
}

/** Creates a session and returns its token (32 random bytes, base64url): the only copy is the cookie. */
export async function createSession(db: Queryable, userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM sessions WHERE expires_at < $1::timestamptz', [iso(now - SESSION_KEEP_MS)]);
  await db.query(
    'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz)',
    [hashToken(token), userId, iso(now), iso(now + SESSION_TTL_MS)],
  );
  return token;
}

export type SessionLookup =
  /** `renewed`: the expiry was just extended and the cookie should be sent again. */
  | { ok: true; user: PublicUser; renewed: boolean }
  /** Why the session is no longer valid; the app tells the user (and wipes the device). */
  | { ok: false; reason: SessionEndReason };

const REASONS: readonly string[] = ['expired', 'ended', 'password-reset', 'deactivated'];

/** The active user of a valid session, or why there is none. */
export async function findSession(db: Queryable, token: string, now: number): Promise<SessionLookup> {
  const hash = hashToken(token);
  const result = await db.query<{
    id: string; login: string; name: string; role: string; active: boolean; expires_at: Date | string; ended_reason: string | null;
  }>(
    `SELECT u.id, u.login, u.name, u.role, u.active, s.expires_at, s.ended_reason
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [hash],
  );
  const row = result.rows[0];
  // Logged out (the row is deleted) or never issued.
  if (!row) return { ok: false, reason: 'ended' };
  if (row.ended_reason !== null) return { ok: false, reason: REASONS.includes(row.ended_reason) ? (row.ended_reason as SessionEndReason) : 'ended' };
  if (!row.active) return { ok: false, reason: 'deactivated' };
  const expiresAt = new Date(row.expires_at).getTime();
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  if (!isRole(row.role)) return { ok: false, reason: 'ended' };
  let renewed = false;
  if (expiresAt - now < SESSION_TTL_MS - RENEW_AFTER_MS) {
    await db.query('UPDATE sessions SET expires_at = $2::timestamptz WHERE token_hash = $1', [hash, iso(now + SESSION_TTL_MS)]);
    renewed = true;
  }
  return { ok: true, user: { id: row.id, login: row.login, name: row.name, role: row.role }, renewed };
}

/** Ends every session of a user at once (password reset, deactivation): the next request of each is refused. */
export async function endSessionsOf(db: Queryable, userId: string, reason: SessionEndReason, keepToken?: string): Promise<void> {
  // The session that made the change (someone resetting their own password) stays signed in.
  await db.query(
    'UPDATE sessions SET ended_reason = $2 WHERE user_id = $1 AND ended_reason IS NULL AND token_hash <> $3',
    [userId, reason, keepToken ? hashToken(keepToken) : ''],
  );
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/**
 * Secure as decided by allowedHosts from the configuration (PUBLIC_URL's scheme; plain http on
 * loopback), never from an attacker-chosen Host [S20]. Unknown (no middleware ran): Secure.
 */
function isSecure(c: Context): boolean {
  return (c.get('secureCookie') as boolean | undefined) ?? true;
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax', // sent with EventSource and top-level navigation, not with cross-site subrequests
    path: '/',
    secure: isSecure(c),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c) });
}
