// Who may read and write what, as pure functions: the server enforces them, the app uses them for UI hints and the merge [S3, P1–P4].
import { CLIENT_IMMUTABLE, CLIENT_SERVER_OWNED, blankVerification } from '../entities/client.ts';
import { ATTRIBUTE_IMMUTABLE } from '../entities/attribute.ts';
import { COMMENT_FIELDS } from '../entities/comment.ts';
import { ORDER_IMMUTABLE, ORDER_SERVER_OWNED } from '../entities/order.ts';
import type { Role } from '../entities/user.ts';
import type { FieldIssue } from '../protocol/errors.ts';
import type { PushCollection } from '../protocol/sync.ts';
import { isNotePath } from './edit.ts';
import { changedPaths, fieldValue, valuesEqual, type DocLike } from './merge.ts';
import { canRead, type Actor } from './scope.ts';

export type { Actor } from './scope.ts';

/** A replicated document as the rules see it: stored fields plus `_deleted`. */
type Fields = { [key: string]: unknown; fieldTimes?: Record<string, number>; _deleted?: boolean };

// The merge helpers read fieldTimes only when present; the rules never need it.
const like = (doc: Fields) => doc as Fields & DocLike;
const verificationOf = (doc: Fields): Fields => {
  const v = fieldValue(like(doc), 'verification');
  return typeof v === 'object' && v !== null ? (v as Fields) : {};
};

// ---- writing: fields [P1–P4] ----------------------------------------------------------------

/**
 * Fields only the server writes [P1], with the value a new document starts with: the server keeps
 * its stored value whatever a device sends. An order's `status` changes only by the close endpoint.
 */
export const SERVER_OWNED: Record<PushCollection, Readonly<Record<string, unknown>>> = {
  clients: CLIENT_SERVER_OWNED,
  orders: ORDER_SERVER_OWNED,
  attributes: {},
  comments: {},
};
/** Fields fixed at creation [P2]. */
export const IMMUTABLE: Record<PushCollection, readonly string[]> = {
  clients: CLIENT_IMMUTABLE,
  orders: ORDER_IMMUTABLE,
  attributes: ATTRIBUTE_IMMUTABLE,
  comments: COMMENT_FIELDS, // [C1] append-only: nothing of a comment ever changes
};

const ORDER_MANAGERS: readonly Role[] = ['admin', 'coordinator', 'principal'];

/** Is the user bound to the order in this role, and not closed for them? */
function workingOn(user: Actor, orderId: unknown, role: 'operator' | 'supervisor' | 'verifier'): boolean {
  const a = user.membership.assignments.get(String(orderId));
  return a !== undefined && a.role === role && !a.closed;
}

/**
 * May the user enter or edit a record's data (DESIGN.md roles table)? Administrators any; operators
 * their own in orders open for them; supervisors their own in orders they are bound to, and their
 * operators' records.
 */
function editsClientData(user: Actor, doc: Fields): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'operator') return doc.ownerId === user.id && workingOn(user, doc.orderId, 'operator');
  if (user.role === 'supervisor') {
    if (doc.ownerId === user.id) return workingOn(user, doc.orderId, 'supervisor');
    return user.membership.managed.has(String(doc.ownerId));
  }
  return false;
}

/** Why a record (or a new one in this order) is read-only for the user, or null when they may write it; for the UI. */
export function recordLock(user: Actor, doc: { orderId: string; ownerId: string }, orderStatus: string | undefined): RecordLock | null {
  if (orderStatus === 'closed') return 'order-closed';
  if (editsClientData(user, doc)) return null;
  const a = user.membership.assignments.get(doc.orderId);
  if (a?.closed && (doc.ownerId === user.id)) return 'closed-for-you';
  return 'no-right';
}
export type RecordLock = 'order-closed' | 'closed-for-you' | 'no-right';

/** May the user set verification fields of records in this order? */
function verifies(user: Actor, orderId: unknown): boolean {
  return user.role === 'admin' || (user.role === 'verifier' && workingOn(user, orderId, 'verifier'));
}

/** Coordinators and administrators manage every attribute, principals those they defined [P7]. */
export function managesAttribute(user: Actor, attribute: Fields): boolean {
  if (user.role === 'admin' || user.role === 'coordinator') return true;
  return user.role === 'principal' && attribute.createdBy === user.id;
}

/** Coordinators and administrators manage every order, principals their own. */
export function managesOrder(user: Actor, order: Fields | { principalId: string }): boolean {
  if (user.role === 'admin' || user.role === 'coordinator') return true;
  return user.role === 'principal' && order.principalId === user.id;
}

/**
 * May the user change this field path of a stored document? The merge's `canWrite` [M6]: paths
 * that answer false keep the server's value. For `verification` the owner's only allowed value
 * (the same verdict, rejected → corrected) and a verdict's own rules are checked by `checkWrite`.
 */
export function canWritePath(user: Actor, collection: PushCollection, stored: Fields, path: string): boolean {
  if (Object.hasOwn(SERVER_OWNED[collection], path) || IMMUTABLE[collection].includes(path)) return false;
  if (collection === 'orders') {
    if (stored.status === 'closed' || path === '_deleted') return false; // [P4] [P8] closed, never deleted
    return managesOrder(user, stored) && (user.role !== 'principal' || path !== 'principalId');
  }
  if (collection === 'attributes') return path !== '_deleted' && managesAttribute(user, stored); // [P7] retired, never deleted
  if (collection === 'comments') return false; // [C1] append-only
  if (path === 'verification') {
    if (verifies(user, stored.orderId)) return true;
    // [P3] the owner's edit moves a rejected record to 'corrected' (checkWrite checks the value)
    return verificationOf(stored).state === 'rejected' && editsClientData(user, stored);
  }
  return editsClientData(user, stored);
}

/** `canWritePath` bound to one user and stored document, in the shape `mergeDocs` takes. */
export function writeRule(user: Actor, collection: PushCollection, stored: Fields): (path: string) => boolean {
  return (path) => canWritePath(user, collection, stored, path);
}

export type WriteVerdict =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'ORDER_CLOSED'; issues: FieldIssue[] };

const OK: WriteVerdict = { ok: true };
const forbid = (field: string, code: string): WriteVerdict => ({ ok: false, code: 'FORBIDDEN', issues: [{ field, code }] });
const closed: WriteVerdict = { ok: false, code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] };
const notBound = forbid('orderId', 'permission.notBound');

export interface WriteInput {
  user: Actor;
  collection: PushCollection;
  /** The stored state with `_deleted`, or null when the push creates the document. */
  stored: Fields | null;
  /** The pushed state with `_deleted`, its server-owned fields already set to the stored values. */
  next: Fields;
  /**
   * For clients: the status of the record's order ('closed' is the definitive close); null when the
   * order is not stored or deleted [P8]; undefined when not looked up.
   */
  orderStatus?: string | null;
  /**
   * `changedPaths(stored, next)` when the caller has already computed it (the push route, which
   * audits the same paths); computed here when absent. Taken as given.
   */
  changed?: readonly string[];
}

/** The server's verdict on one pushed change [P1–P4]. */
export function checkWrite(input: WriteInput): WriteVerdict {
  const { user, collection, stored, next } = input;
  // [P8] Nothing is written into a missing or deleted order: answered as an order one does not work on.
  const inOrder = collection === 'clients' || collection === 'comments';
  if (inOrder && input.orderStatus === null) return notBound;
  // [P4] A new record learns that an order is closed only when its author sees the order [S18].
  if (inOrder && input.orderStatus === 'closed' && (stored !== null || canRead(user, 'orders', { id: next.orderId }))) return closed;
  if (collection === 'orders' && stored?.status === 'closed') return closed; // [P4]
  // [C1] A stored comment is never edited, never deleted.
  if (collection === 'comments' && stored !== null) return forbid('', 'comment.appendOnly');
  // [P8][P7] Orders are closed, attributes retired: neither is ever deleted (nor born deleted).
  if (next._deleted === true && collection !== 'clients') return forbid('_deleted', 'permission.field');
  if (stored === null) return checkCreate(user, collection, next);
  if (stored._deleted === true) return forbid('_deleted', 'record.deleted'); // [M7] never comes back
  if (next._deleted === true && !editsClientData(user, stored)) return forbid('_deleted', 'permission.field');
  // Every field the user may not change, so the app can say which ones.
  const issues = (input.changed ?? changedPaths(like(stored), like(next)))
    .filter((path) => !canWritePath(user, collection, stored, path))
    .map((field) => ({ field, code: 'permission.field' }));
  if (issues.length) return { ok: false, code: 'FORBIDDEN', issues };
  if (collection === 'attributes') {
    // [P7] an option once offered keeps its key: records may hold it (retire it instead)
    const keys = (doc: Fields) => new Set(((doc.choices ?? []) as { key: string }[]).map((c) => c.key));
    const kept = keys(next);
    if ([...keys(stored)].some((key) => !kept.has(key))) return forbid('choices', 'attribute.choiceRemoved');
  }
  if (collection === 'clients' && !valuesEqual(verificationOf(next), verificationOf(stored))) {
    const problem = verdictProblem(user, stored, next);
    if (problem) return forbid('verification', problem);
  }
  return OK;
}

/**
 * [P3][V8] Why a changed verdict may not be written, or null. Two changes exist: the correction (the
 * stored rejected verdict, unchanged but for state 'corrected', by someone who edits the record's
 * data) and a verdict (by a verifier bound to the order or an administrator): state approved or
 * rejected, given in the verifier's own name, a rejection with a reason, notes only on data fields.
 */
function verdictProblem(user: Actor, stored: Fields, next: Fields): string | null {
  const before = verificationOf(stored);
  const after = verificationOf(next);
  if (before.state === 'rejected' && valuesEqual(after, { ...before, state: 'corrected' }) && editsClientData(user, stored)) return null;
  if (!verifies(user, stored.orderId)) return 'permission.field';
  if (after.state !== 'approved' && after.state !== 'rejected') return 'verdict.state';
  if (after.verifierId !== user.id) return 'permission.field';
  if (after.state === 'rejected' && String(after.reason ?? '').trim() === '') return 'verdict.reasonRequired';
  const notes = (after.notes ?? {}) as Fields;
  if (after.state === 'approved' && (after.reason !== '' || Object.keys(notes).length > 0)) return 'verdict.approvedWithReason';
  if (Object.keys(notes).some((path) => !isNotePath(path))) return 'verdict.notePath';
  return null;
}

function checkCreate(user: Actor, collection: PushCollection, next: Fields): WriteVerdict {
  if (collection === 'attributes') {
    if (!ORDER_MANAGERS.includes(user.role)) return forbid('', 'permission.role');
    if (user.role !== 'admin' && next.createdBy !== user.id) return forbid('createdBy', 'permission.owner');
    return OK;
  }
  if (collection === 'orders') {
    if (!ORDER_MANAGERS.includes(user.role)) return forbid('', 'permission.role');
    if (user.role !== 'admin' && next.createdBy !== user.id) return forbid('createdBy', 'permission.owner');
    if (user.role === 'principal' && next.principalId !== user.id) return forbid('principalId', 'permission.owner');
    return OK;
  }
  if (collection === 'comments') {
    // [C2] Written in one's own name, on a record one may read; an operator on their own records
    // in orders still open for them. The record itself is checked against the comment by the server.
    if (next.authorId !== user.id) return forbid('authorId', 'permission.owner');
    if (user.role === 'operator' && !(next.ownerId === user.id && workingOn(user, next.orderId, 'operator'))) return notBound;
    if (!canRead(user, 'comments', next)) return notBound;
    return OK;
  }
  if (user.role !== 'admin' && user.role !== 'operator' && user.role !== 'supervisor') return forbid('', 'permission.role');
  if (user.role !== 'admin' && next.ownerId !== user.id) return forbid('ownerId', 'permission.owner'); // [P2]
  if (!editsClientData(user, next)) return forbid('orderId', 'permission.notBound'); // [P5]
  if (user.role !== 'admin') {
    if (!valuesEqual(next.verification, blankVerification())) return forbid('verification', 'permission.field'); // [P3]
  }
  return OK;
}

/** Texts of the permission codes in refused rows (GOV.UK style: say what happened and what to do). */
export const PERMISSION_MESSAGES: Record<string, { pl: string; en: string }> = {
  'permission.field': {
    pl: 'Nie masz uprawnień do zmiany tego pola – zmiana nie została zapisana',
    en: 'You may not change this field – the change was not saved',
  },
  'permission.role': {
    pl: 'Twoja rola nie pozwala na dodawanie tych danych',
    en: 'Your role may not add this data',
  },
  'permission.owner': {
    pl: 'Rekord można dodać tylko jako własny',
    en: 'You can only add a record as your own',
  },
  'permission.notBound': {
    pl: 'Nie pracujesz w tym zleceniu albo zostało dla Ciebie zamknięte – rekord nie został zapisany',
    en: 'You do not work on this order or it is closed for you – the record was not saved',
  },
  'attribute.choiceRemoved': {
    pl: 'Możliwości wyboru nie można usunąć – wycofaj ją, a zapisane wartości zostaną',
    en: 'An option cannot be removed – retire it, and the stored values stay',
  },
  'record.deleted': { pl: 'Ten rekord został usunięty', en: 'This record has been deleted' },
  'record.idTaken': {
    pl: 'Ten identyfikator jest już zajęty – rekord nie został zapisany, zmiana została zachowana w dzienniku',
    en: 'This identifier is already taken – the record was not saved, the change was kept in the log',
  },
  // [S18] A push of the user's own document that left their scope.
  'record.outOfScope': {
    pl: 'Nie masz już dostępu do tego rekordu – zmiana została zachowana w dzienniku',
    en: 'You no longer have access to this record – the change was kept in the log',
  },
  'verdict.state': {
    pl: 'Weryfikator może rekord tylko zatwierdzić albo odrzucić',
    en: 'A verifier can only approve or reject a record',
  },
  'verdict.reasonRequired': {
    pl: 'Podaj powód odrzucenia – operator zobaczy go na swoim urządzeniu',
    en: 'Give the reason for the rejection – the operator will see it on their device',
  },
  'verdict.approvedWithReason': {
    pl: 'Zatwierdzenie nie ma powodu ani uwag do pól – usuń je albo odrzuć rekord',
    en: 'An approval has no reason and no field notes – remove them or reject the record',
  },
  'verdict.notePath': {
    pl: 'Uwagę można dodać tylko do pola rekordu',
    en: 'A note can only be added to a field of the record',
  },
  'comment.appendOnly': {
    pl: 'Komentarza nie można zmienić ani usunąć – dopisz nowy z poprawką',
    en: 'A comment cannot be changed or deleted – add a new one with the correction',
  },
  'comment.recordUnknown': {
    pl: 'Nie ma takiego rekordu albo nie masz do niego dostępu – komentarz nie został zapisany',
    en: 'There is no such record or you have no access to it – the comment was not saved',
  },
  'order.closed': {
    pl: 'Zlecenie jest zamknięte – nie można w nim nic zmienić',
    en: 'The order is closed – nothing in it can change',
  },
};
