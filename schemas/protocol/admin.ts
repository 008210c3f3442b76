// Wire types of the online-only administration endpoints: users, structure, binding users to orders, closing.
import type { Assignment } from '../entities/assignment.ts';
import type { Role } from '../entities/user.ts';

/**
 * A user as the administration screens see them (GET /api/users): never the password hash.
 * `manageable` says whether the caller may edit this user (coordinators see everyone, edit their part).
 */
export interface ManagedUser {
  id: string;
  login: string;
  name: string;
  role: Role;
  managerId: string;
  active: boolean;
  createdAt: number;
  manageable: boolean;
}

/** POST /api/users */
export interface CreateUserRequest {
  login: string;
  name: string;
  role: Role;
  password: string;
  managerId: string;
}

/** POST /api/users/:id — only the fields given change. */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  managerId?: string;
  active?: boolean;
}

/** POST /api/users/:id/password — ends every session of that user. */
export interface ResetPasswordRequest {
  password: string;
}

export interface UserResponse {
  user: ManagedUser;
}

export interface UsersResponse {
  users: ManagedUser[];
}

/** POST /api/orders/:orderId/team — binds the user in their own role. */
export interface BindRequest {
  userId: string;
}

/** POST /api/orders/:orderId/team/:userId/close — closes (or reopens) the order for one operator. */
export interface CloseForUserRequest {
  closed: boolean;
}

export interface AssignmentResponse {
  assignment: Assignment;
}

/** POST /api/orders/:orderId/close — the definitive close; `confirm` must be true. */
export interface CloseOrderRequest {
  confirm: true;
}

/** Why a session was refused (401 `reason`), so the app can say it: expiry, logout or password reset elsewhere, deactivation. */
export const SESSION_END_REASONS = ['expired', 'ended', 'password-reset', 'deactivated'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
