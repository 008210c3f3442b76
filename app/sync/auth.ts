// The online-only account calls: first-run setup, login, logout and "who am I".
import type { PublicUser } from '../../schemas/entities/user.ts';
import { api } from './api.ts';

/** The signed-in user as /api/auth/me describes them. */
export type SessionUser = PublicUser;

type UserBody = { user: SessionUser };

export async function setupNeeded(): Promise<boolean> {
  return (await api<{ needed: boolean }>('GET', '/api/setup')).needed;
}

/** Creates the first administrator; the server signs them in. */
export async function createFirstAdmin(input: { name: string; login: string; password: string }): Promise<SessionUser> {
  const body = await api<Partial<UserBody> | undefined>('POST', '/api/setup', input);
  return body?.user ?? me();
}

export async function login(input: { login: string; password: string }): Promise<SessionUser> {
  const body = await api<Partial<UserBody> | undefined>('POST', '/api/auth/login', input);
  // The login answer may carry the user; asking /me keeps one source of truth when it does not.
  return body?.user ?? me();
}

export async function logout(): Promise<void> {
  await api<unknown>('POST', '/api/auth/logout');
}

export async function me(): Promise<SessionUser> {
  return (await api<UserBody>('GET', '/api/auth/me')).user;
}
