// Who may manage users, the structure, bindings and closes: pure rules the server enforces and the screens mirror.
import type { AssignmentRole } from '../entities/assignment.ts';
import { ASSIGNMENT_ROLES } from '../entities/assignment.ts';
import type { Role } from '../entities/user.ts';
import type { FieldIssue } from '../protocol/errors.ts';
import { managesOrder } from './permissions.ts';
import type { Actor } from './scope.ts';

/** A user as these rules need them. */
export interface UserFacts {
  id: string;
  role: Role;
  managerId: string;
  active: boolean;
}

/** The role a user's manager must have: operators belong to a supervisor, supervisors to a coordinator. */
export const MANAGER_ROLE: Partial<Record<Role, Role>> = { operator: 'supervisor', supervisor: 'coordinator' };

/** Looks a user up by id; undefined when there is none. */
export type FindUser = (id: string) => UserFacts | undefined;

/**
 * May `actor` manage `target` (edit, deactivate, reset the password, move)? Administrators everyone;
 * coordinators their supervisors and those supervisors' operators (DESIGN.md roles table).
 */
export function managesUser(actor: Actor, target: UserFacts, find: FindUser): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'coordinator') return false;
  if (target.role === 'supervisor') return target.managerId === actor.id;
  if (target.role === 'operator') return find(target.managerId)?.managerId === actor.id;
  return false;
}

const issue = (field: string, code: string): FieldIssue[] => [{ field, code }];

/** Issues of a manager choice for a user of `role`: '' (none) or an active user of the manager role. */
function checkManager(actor: Actor, role: Role, managerId: string, find: FindUser): FieldIssue[] {
  if (managerId === '') return [];
  const wanted = MANAGER_ROLE[role];
  const manager = find(managerId);
  if (!wanted) return issue('managerId', 'manager.notAllowed');
  if (!manager || manager.role !== wanted || !manager.active) return issue('managerId', `manager.must.${wanted}`);
  // A coordinator places users only inside their own part of the structure.
  if (actor.role === 'coordinator') {
    const mine = wanted === 'coordinator' ? manager.id === actor.id : manager.managerId === actor.id;
    if (!mine) return issue('managerId', 'manager.notYours');
  }
  return [];
}

/** A new user's role and manager: administrators any; coordinators supervisors under themselves and operators under their supervisors. */
export function checkCreateUser(actor: Actor, input: { role: Role; managerId: string }, find: FindUser): FieldIssue[] {
  if (actor.role === 'coordinator') {
    if (input.role !== 'supervisor' && input.role !== 'operator') return issue('role', 'role.notYours');
    if (input.managerId === '') return issue('managerId', `manager.must.${MANAGER_ROLE[input.role]}`);
  } else if (actor.role !== 'admin') return issue('', 'permission.role');
  return checkManager(actor, input.role, input.managerId, find);
}

/**
 * A change of an existing user. Nobody deactivates themselves or changes their own role (the last
 * administrator cannot lock everyone out); a user who still manages active users keeps their role.
 */
export function checkUpdateUser(
  actor: Actor,
  target: UserFacts,
  change: { role?: Role; managerId?: string; active?: boolean },
  find: FindUser,
  subordinates: number,
): FieldIssue[] {
  if (!managesUser(actor, target, find)) return issue('', 'permission.user');
  const role = change.role ?? target.role;
  if (change.role !== undefined && change.role !== target.role) {
    if (actor.role !== 'admin') return issue('role', 'role.notYours');
    if (target.id === actor.id) return issue('role', 'user.self');
    if (subordinates > 0) return issue('role', 'user.hasSubordinates');
  }
  if (change.active === false && target.id === actor.id) return issue('active', 'user.self');
  const managerId = change.managerId ?? (change.role !== undefined && change.role !== target.role ? '' : target.managerId);
  if (change.managerId !== undefined || change.role !== undefined) {
    if (actor.role === 'coordinator' && managerId === '') return issue('managerId', `manager.must.${MANAGER_ROLE[role]}`);
    return checkManager(actor, role, managerId, find);
  }
  return [];
}

/** Facts about the order these rules need: its principal and whether it is closed definitively. */
export interface OrderFacts {
  id: string;
  principalId: string;
  status: string;
}

/** The role a user is bound in: their own, when it is one that can be bound. */
export function assignmentRoleOf(role: Role): AssignmentRole | null {
  return (ASSIGNMENT_ROLES as readonly string[]).includes(role) ? (role as AssignmentRole) : null;
}

const supervises = (actor: Actor, orderId: string) => {
  const a = actor.membership.assignments.get(orderId);
  return actor.role === 'supervisor' && a?.role === 'supervisor' && !a.closed;
};

/**
 * May `actor` bind (or unbind) `target` to the order? Coordinators and administrators anyone;
 * principals anyone to their own orders; supervisors their own operators to orders they supervise.
 * Nothing changes in a definitively closed order [P4].
 */
export function checkBinding(actor: Actor, order: OrderFacts, target: UserFacts): FieldIssue[] {
  if (order.status === 'closed') return issue('orderId', 'order.closed');
  if (!assignmentRoleOf(target.role)) return issue('userId', 'binding.role');
  if (managesOrder(actor, order)) return [];
  if (supervises(actor, order.id) && target.role === 'operator' && target.managerId === actor.id) return [];
  return issue('userId', 'permission.binding');
}

/**
 * May `actor` name `target` in a binding call at all [S31]? Those who bind anyone to the order
 * (administrators, coordinators, its principal) any user; a supervisor their own operators. Anyone
 * else's id is answered like an id nobody has, so the calls cannot be used to find out who exists.
 */
export function seesForBinding(actor: Actor, order: OrderFacts, target: UserFacts): boolean {
  if (managesOrder(actor, order) || target.id === actor.id) return true;
  return actor.role === 'supervisor' && target.managerId === actor.id;
}

/** A new binding also needs an active user. */
export function checkBind(actor: Actor, order: OrderFacts, target: UserFacts): FieldIssue[] {
  if (!target.active) return issue('userId', 'binding.inactive');
  return checkBinding(actor, order, target);
}

/** May `actor` close (or reopen) the order for this bound operator? Their supervisor, coordinators, administrators. */
export function checkCloseForUser(actor: Actor, order: OrderFacts, target: UserFacts, boundAs: AssignmentRole): FieldIssue[] {
  if (order.status === 'closed') return issue('orderId', 'order.closed');
  if (boundAs !== 'operator') return issue('userId', 'close.operatorsOnly');
  if (actor.role === 'admin' || actor.role === 'coordinator') return [];
  if (supervises(actor, order.id) && target.managerId === actor.id) return [];
  return issue('userId', 'permission.close');
}

/** May `actor` close the order definitively? Coordinators, administrators, and the order's principal. */
export function checkCloseOrder(actor: Actor, order: OrderFacts): FieldIssue[] {
  if (order.status === 'closed') return issue('orderId', 'order.closed');
  return managesOrder(actor, order) ? [] : issue('', 'permission.close');
}

/** Texts of the administration codes (GOV.UK style: what happened and what to do). */
export const ADMIN_MESSAGES: Record<string, { pl: string; en: string }> = {
  'login.taken': { pl: 'Ten login jest już zajęty – wybierz inny', en: 'This login is already taken – choose another' },
  'role.required': { pl: 'Wybierz rolę', en: 'Choose a role' },
  'role.notYours': { pl: 'Nie możesz nadać tej roli', en: 'You may not give this role' },
  'manager.notAllowed': { pl: 'Ta rola nie ma przełożonego w strukturze', en: 'This role has no manager in the structure' },
  'manager.must.supervisor': { pl: 'Wybierz opiekuna operatora', en: 'Choose the operator’s supervisor' },
  'manager.must.coordinator': { pl: 'Wybierz koordynatora opiekuna', en: 'Choose the supervisor’s coordinator' },
  'manager.notYours': { pl: 'Możesz wybrać tylko osobę ze swojej części struktury', en: 'You can only choose someone from your part of the structure' },
  'permission.user': { pl: 'Nie możesz zarządzać tym użytkownikiem', en: 'You may not manage this user' },
  'user.self': { pl: 'Nie możesz wyłączyć swojego konta ani zmienić własnej roli', en: 'You cannot deactivate your own account or change your own role' },
  'user.hasSubordinates': {
    pl: 'Ta osoba ma podległych użytkowników – najpierw przenieś ich do innego przełożonego',
    en: 'This person still manages users – move them to another manager first',
  },
  'user.notFound': { pl: 'Nie ma takiego użytkownika', en: 'There is no such user' },
  'order.notFound': { pl: 'Nie ma takiego zlecenia', en: 'There is no such order' },
  'binding.role': { pl: 'Do zlecenia można dowiązać operatora, opiekuna, weryfikatora lub koordynatora', en: 'Only operators, supervisors, verifiers and coordinators can be bound to an order' },
  'binding.inactive': { pl: 'To konto jest wyłączone – nie można go dowiązać', en: 'This account is deactivated – it cannot be bound' },
  'binding.notFound': { pl: 'Ta osoba nie jest dowiązana do zlecenia', en: 'This person is not bound to the order' },
  'permission.binding': {
    pl: 'Nie możesz dowiązać tej osoby do tego zlecenia',
    en: 'You may not bind this person to this order',
  },
  'close.operatorsOnly': { pl: 'Zlecenie można zamknąć tylko dla operatora', en: 'An order can be closed only for an operator' },
  'permission.close': { pl: 'Nie możesz zamknąć tego zlecenia', en: 'You may not close this order' },
  'confirm.required': { pl: 'Potwierdź zamknięcie zlecenia', en: 'Confirm closing the order' },
};
