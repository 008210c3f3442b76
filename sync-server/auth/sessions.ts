// Server-side sessions: a random token in an HttpOnly cookie, only its SHA-256 in the database, a fixed server-side expiry.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { isRole, type PublicUser } from '../../schemas/entities/user.ts';
import type { Queryable } from '../db/database.ts';

export const SESSION_COOKIE = 'kartoteka_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
// A session in use is extended at most once a day: one UPDATE per day, not per request.
const RENEW_AFTER_MS = 24 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export function isTokenShaped(token: string | undefined): token is string {
  return token !== undefined && TOKEN_PATTERN.test(token);
}

/** Creates a session and returns its token (32 random bytes, base64url): the only copy is the cookie. */
export async function createSession(db: Queryable, userId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz)',
    [hashToken(token), userId, iso(now), iso(now + SESSION_TTL_MS)],
  );
  return token;
}

export interface SessionLookup {
  user: PublicUser;
  /** True when the expiry was just extended and the cookie should be sent again. */
  renewed: boolean;
}

/** The active user of an unexpired session, or null. An expired session is deleted on sight. */
export async function findSession(db: Queryable, token: string, now: number): Promise<SessionLookup | null> {
  const hash = hashToken(token);
  const result = await db.query<{ id: string; login: string; name: string; role: string; active: boolean; expires_at: Date | string }>(
    `SELECT u.id, u.login, u.name, u.role, u.active, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [hash],
  );
  const row = result.rows[0];
  if (!row) return null;
  const expiresAt = new Date(row.expires_at).getTime();
  if (expiresAt <= now) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
    return null;
  }
  if (!row.active || !isRole(row.role)) return null;
  let renewed = false;
  if (expiresAt - now < SESSION_TTL_MS - RENEW_AFTER_MS) {
    await db.query('UPDATE sessions SET expires_at = $2::timestamptz WHERE token_hash = $1', [hash, iso(now + SESSION_TTL_MS)]);
    renewed = true;
  }
  return { user: { id: row.id, login: row.login, name: row.name, role: row.role }, renewed };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Browsers refuse Secure cookies over plain http, except on localhost (a secure context). */
function isLocalHost(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax', // sent with EventSource and top-level navigation, not with cross-site subrequests
    path: '/',
    secure: !isLocalHost(c),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: !isLocalHost(c) });
}
