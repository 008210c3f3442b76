// What the UI offers each role. The server decides (schemas/rules/permissions.ts checkWrite); these
// mirror its role lists so the UI does not offer what would be refused.
import type { Role } from '../../schemas/entities/user.ts';

const ORDER_MANAGERS: readonly Role[] = ['admin', 'coordinator', 'principal'];
const CLIENT_EDITORS: readonly Role[] = ['admin', 'operator', 'supervisor'];

/** Creates orders: admin and coordinator everywhere, a principal their own. */
export const canCreateOrders = (role: Role | undefined) => !!role && ORDER_MANAGERS.includes(role);

/** Enters and edits records. */
export const entersRecords = (role: Role | undefined) => !!role && CLIENT_EDITORS.includes(role);

const USER_MANAGERS: readonly Role[] = ['admin', 'coordinator'];
const STRUCTURE_READERS: readonly Role[] = ['admin', 'coordinator', 'supervisor'];

/** Manages users (GET/POST /api/users): administrators everyone, coordinators their part. */
export const managesUsers = (role: Role | undefined) => !!role && USER_MANAGERS.includes(role);

/** Sees the structure page: administrators and coordinators all of it, supervisors their part (read-only). */
export const seesStructure = (role: Role | undefined) => !!role && STRUCTURE_READERS.includes(role);

const TEAM_READERS: readonly Role[] = ['admin', 'coordinator', 'principal', 'supervisor'];

/** Sees an order's team: the roles whose devices hold the order's bindings (schemas/rules/scope.ts). */
export const seesTeam = (role: Role | undefined) => !!role && TEAM_READERS.includes(role);

const PROGRESS_READERS: readonly Role[] = ['admin', 'coordinator', 'principal', 'supervisor'];

/** Sees /postep: supervisors their team's progress, coordinators and administrators every order's, principals their own orders'. */
export const seesProgress = (role: Role | undefined) => !!role && PROGRESS_READERS.includes(role);

/** Defines custom attributes (/atrybuty): administrators and coordinators every one, principals their own [P7]. */
export const definesAttributes = (role: Role | undefined) => canCreateOrders(role);
