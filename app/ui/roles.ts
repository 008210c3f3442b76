// What the UI offers each role. The server decides (schemas/rules/permissions.ts checkWrite); these
// mirror its role lists so the UI does not offer what would be refused.
import type { Role } from '../../schemas/entities/user.ts';

const ORDER_MANAGERS: readonly Role[] = ['admin', 'coordinator', 'principal'];
const CLIENT_EDITORS: readonly Role[] = ['admin', 'operator', 'supervisor'];

/** Creates orders: admin and coordinator everywhere, a principal their own. */
export const canCreateOrders = (role: Role | undefined) => !!role && ORDER_MANAGERS.includes(role);

/** Enters and edits records. */
export const entersRecords = (role: Role | undefined) => !!role && CLIENT_EDITORS.includes(role);
