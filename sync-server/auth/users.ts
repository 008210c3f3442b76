// The users table: creating accounts and finding them by login.
import { randomUUID } from 'node:crypto';
import { isRole, type PublicUser, type Role } from '../../schemas/entities/user.ts';
import type { Queryable } from '../db/database.ts';

export interface UserRow extends PublicUser {
  passwordHash: string;
  active: boolean;
}

interface DbUser {
  id: string;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  active: boolean;
}

function toUser(row: DbUser): UserRow {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role`);
  return { id: row.id, login: row.login, name: row.name, role: row.role, passwordHash: row.password_hash, active: row.active };
}

export function publicUser(user: PublicUser): PublicUser {
  return { id: user.id, login: user.login, name: user.name, role: user.role };
}

export interface NewUser {
  /** Already normalised (normalizeLogin) and checked (checkNewAccount). */
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
  active?: boolean;
}

export async function insertUser(db: Queryable, user: NewUser, now: number): Promise<PublicUser> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO users (id, login, name, role, password_hash, active, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz)`,
    [id, user.login, user.name, user.role, user.passwordHash, user.active ?? true, new Date(now).toISOString()],
  );
  return { id, login: user.login, name: user.name, role: user.role };
}

/** `login` must already be normalised and match LOGIN_PATTERN (it goes to the database as is). */
export async function findUserByLogin(db: Queryable, login: string): Promise<UserRow | null> {
  const result = await db.query<DbUser>(
    'SELECT id, login, name, role, password_hash, active FROM users WHERE lower(login) = $1',
    [login],
  );
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

export async function countUsers(db: Queryable): Promise<number> {
  const result = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM users');
  return Number(result.rows[0]?.n ?? 0);
}

export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}
