// The user directory as devices hold it: public fields only (no login, no password hash), replicated pull-only.
import type { Role } from './user.ts';

export interface DirectoryUser {
  id: string;
  name: string;
  role: Role;
  /** The user's supervisor (operators) or coordinator (supervisors); '' when none. */
  managerId: string;
  active: boolean;
  updatedAt: number;
}

export const directoryUserSchema = {
  title: 'users',
  description: 'the user directory (written by the server only)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 200 },
    role: { type: 'string', enum: ['admin', 'coordinator', 'supervisor', 'principal', 'operator', 'verifier'] },
    managerId: { type: 'string', maxLength: 64 },
    active: { type: 'boolean' },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
  },
  required: ['id', 'name', 'role', 'managerId', 'active', 'updatedAt'],
} as const;
