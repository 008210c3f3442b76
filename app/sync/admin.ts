// The online-only administration calls: users and the structure, binding people to orders, closing orders.
import type {
  AssignmentResponse, CreateUserRequest, ManagedUser, UpdateUserRequest, UserResponse, UsersResponse,
} from '../../schemas/protocol/admin.ts';
import { api } from './api.ts';

const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;
const team = (orderId: string) => `/api/orders/${encodeURIComponent(orderId)}/team`;
const member = (orderId: string, userId: string) => `${team(orderId)}/${encodeURIComponent(userId)}`;

export async function listUsers(): Promise<ManagedUser[]> {
  return (await api<UsersResponse>('GET', '/api/users')).users;
}

export async function createUser(input: CreateUserRequest): Promise<ManagedUser> {
  return (await api<UserResponse>('POST', '/api/users', input)).user;
}

/** Only the fields given change. */
export async function updateUser(id: string, change: UpdateUserRequest): Promise<ManagedUser> {
  return (await api<UserResponse>('POST', user(id), change)).user;
}

/** Sets a new password and ends every session of that user. */
export async function resetPassword(id: string, password: string): Promise<void> {
  await api<unknown>('POST', `${user(id)}/password`, { password });
}

export async function bindUser(orderId: string, userId: string): Promise<void> {
  await api<AssignmentResponse>('POST', team(orderId), { userId });
}

export async function unbindUser(orderId: string, userId: string): Promise<void> {
  await api<unknown>('POST', `${member(orderId, userId)}/unbind`);
}

/** Closes (or reopens) the order for one bound operator. */
export async function closeForUser(orderId: string, userId: string, closed: boolean): Promise<void> {
  await api<AssignmentResponse>('POST', `${member(orderId, userId)}/close`, { closed });
}

/** The definitive close: nothing in the order changes afterwards [P4]. */
export async function closeOrder(orderId: string): Promise<void> {
  await api<unknown>('POST', `/api/orders/${encodeURIComponent(orderId)}/close`, { confirm: true });
}
