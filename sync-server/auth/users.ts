// The users table: accounts, the structure (manager_id) and the directory document devices replicate.
import { randomUUID } from 'node:crypto';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import { isRole, type PublicUser, type Role } from '../../schemas/entities/user.ts';
import type { ManagedUser } from '../../schemas/protocol/admin.ts';
import type { UserFacts } from '../../schemas/rules/administration.ts';
import type { Queryable } from '../db/database.ts';

export interface UserRow extends PublicUser {
  passwordHash: string;
  active: boolean;
  managerId: string;
  createdAt: number;
}

interface DbUser {
  id: string;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  active: boolean;
  manager_id: string;
  created_at: Date | string;
}

const COLUMNS = 'id, login, name, role, password_hash, active, manager_id, created_at';

function toUser(row: DbUser): UserRow {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role`);
  return {
    id: row.id, login: row.login, name: row.name, role: row.role, passwordHash: row.password_hash,
    active: row.active, managerId: row.manager_id, createdAt: new Date(row.created_at).getTime(),
  };
}

export function publicUser(user: PublicUser): PublicUser {
  return { id: user.id, login: user.login, name: user.name, role: user.role };
}

export function managedUser(user: UserRow, manageable: boolean): ManagedUser {
  return {
    id: user.id, login: user.login, name: user.name, role: user.role, managerId: user.managerId,
    active: user.active, createdAt: user.createdAt, manageable,
  };
}

export const factsOf = (user: UserRow): UserFacts => ({ id: user.id, role: user.role, managerId: user.managerId, active: user.active });

export interface NewUser {
  /** Already normalised (normalizeLogin) and checked (checkNewAccount). */
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
  active?: boolean;
  managerId?: string;
}

/**
 * Rewrites a user's directory document from its columns at a new change position [S1], and the
 * name on their assignments, so devices holding either receive the change.
 */
export async function publishUser(tx: Queryable, userId: string, now: number): Promise<void> {
  await tx.query(
    `UPDATE users SET updated_at = $2::timestamptz,
       doc = jsonb_build_object('id', id, 'name', name, 'role', role, 'managerId', manager_id, 'active', active, 'updatedAt', $3::bigint),
       xid = pg_current_xact_id(), seq = nextval('change_seq')
     WHERE id = $1`,
    [userId, new Date(now).toISOString(), now],
  );
  await tx.query(
    `UPDATE assignments SET doc = jsonb_set(assignments.doc, '{userName}', to_jsonb(u.name)), xid = pg_current_xact_id(), seq = nextval('change_seq')
     FROM users u WHERE u.id = $1 AND assignments.user_id = u.id AND assignments.doc->>'userName' IS DISTINCT FROM u.name`,
    [userId],
  );
}

export async function insertUser(db: Queryable, user: NewUser, now: number): Promise<PublicUser> {
  const id = randomUUID();
  const doc: DirectoryUser = { id, name: user.name, role: user.role, managerId: user.managerId ?? '', active: user.active ?? true, updatedAt: now };
  await db.query(
    `INSERT INTO users (id, login, name, role, password_hash, active, manager_id, created_at, updated_at, doc, xid, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $8::timestamptz, $9::jsonb, pg_current_xact_id(), nextval('change_seq'))`,
    [id, user.login, user.name, user.role, user.passwordHash, doc.active, doc.managerId, new Date(now).toISOString(), JSON.stringify(doc)],
  );
  return { id, login: user.login, name: user.name, role: user.role };
}

/** `login` must already be normalised and match LOGIN_PATTERN (it goes to the database as is). */
export async function findUserByLogin(db: Queryable, login: string): Promise<UserRow | null> {
  const result = await db.query<DbUser>(`SELECT ${COLUMNS} FROM users WHERE lower(login) = $1`, [login]);
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

/** `lock` takes the row for update: concurrent changes of one user are applied one after the other. */
export async function findUserById(db: Queryable, id: string, lock = false): Promise<UserRow | null> {
  const result = await db.query<DbUser>(`SELECT ${COLUMNS} FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  const result = await db.query<DbUser>(`SELECT ${COLUMNS} FROM users ORDER BY lower(name), id`);
  return result.rows.map(toUser);
}

/** Active users whose manager is `userId`. */
export async function countSubordinates(db: Queryable, userId: string): Promise<number> {
  const result = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM users WHERE manager_id = $1 AND active', [userId]);
  return Number(result.rows[0]?.n ?? 0);
}

export async function countUsers(db: Queryable): Promise<number> {
  const result = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM users');
  return Number(result.rows[0]?.n ?? 0);
}

export async function setPasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

/** Applies a checked change of name, role, manager or active flag and republishes the directory document. */
export async function updateUser(
  tx: Queryable, userId: string, change: { name?: string; role?: Role; managerId?: string; active?: boolean }, now: number,
): Promise<void> {
  await tx.query(
    `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role), manager_id = COALESCE($4, manager_id),
       active = COALESCE($5, active) WHERE id = $1`,
    [userId, change.name ?? null, change.role ?? null, change.managerId ?? null, change.active ?? null],
  );
  await publishUser(tx, userId, now);
}
