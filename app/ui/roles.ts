// What the UI offers each role. The server decides (schemas/rules/); these mirror its role lists so
// the UI does not offer what would be refused. Record writes follow recordLock() in permissions.ts.
import type { Role } from '../../schemas/entities/user.ts';

/** A check "is the role one of these"; signed out (undefined) is never allowed. */
const oneOf = (roles: readonly Role[]) => (role: Role | undefined) => !!role && roles.includes(role);

/** Creates orders: admin and coordinator everywhere, a principal their own. */
export const canCreateOrders = oneOf(['admin', 'coordinator', 'principal']);

/** Defines custom attributes (/atrybuty): administrators and coordinators every one, principals their own [P7]. */
export const definesAttributes = canCreateOrders;

/** Manages users (GET/POST /api/users): administrators everyone, coordinators their part. */
export const managesUsers = oneOf(['admin', 'coordinator']);

/** Sees the structure page: administrators and coordinators all of it, supervisors their part (read-only). */
export const seesStructure = oneOf(['admin', 'coordinator', 'supervisor']);

/** Sees an order's team: the roles whose devices hold the order's bindings (schemas/rules/scope.ts). */
export const seesTeam = oneOf(['admin', 'coordinator', 'principal', 'supervisor']);

/**
 * Sees /postep: supervisors their team's progress, coordinators and administrators every order's,
 * principals their own orders' — the same roles whose devices hold an order's team.
 */
export const seesProgress = seesTeam;

/** Sees /weryfikacja: verifiers their bound orders, administrators every order with verification [P3]. */
export const seesVerification = oneOf(['admin', 'verifier']);
