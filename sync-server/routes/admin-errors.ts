// Turns the administration rules' field issues into the API's typed errors (one place decides the status).
import { ADMIN_MESSAGES } from '../../schemas/rules/administration.ts';
import { PERMISSION_MESSAGES } from '../../schemas/rules/permissions.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import { ApiError } from '../errors.ts';

/** Throws when there are issues: 409 for a closed order, 403 for a missing right, 422 for a value to fix. */
export function refuseIssues(issues: readonly FieldIssue[]): void {
  const first = issues[0];
  if (!first) return;
  const message = ADMIN_MESSAGES[first.code] ?? PERMISSION_MESSAGES[first.code];
  const options = { issues: [...issues], ...(message ? { message } : {}) };
  if (first.code === 'order.closed') throw new ApiError('CONFLICT', options);
  if (first.code.startsWith('permission.')) throw new ApiError('FORBIDDEN', options);
  throw new ApiError('VALIDATION', options);
}

export const notFound = (code: 'user.notFound' | 'order.notFound' | 'binding.notFound') =>
  new ApiError('NOT_FOUND', { message: ADMIN_MESSAGES[code]!, issues: [{ field: '', code }] });
