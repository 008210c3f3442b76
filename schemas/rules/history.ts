// Who may restore a record's earlier values and which fields a restore may write: the server enforces it, the app hints with it [H3, H4].
import { STANDARD_KEYS, type Client } from '../entities/client.ts';
import { namesInheritedMember } from '../entities/field-times.ts';
import { applyOperatorEdit, type Changes } from './edit.ts';
import { canRead, type Actor } from './scope.ts';

/**
 * May the user restore values of this record [H3]? Supervisors (records they can read),
 * coordinators and administrators, while the record lives and its order is not closed
 * definitively [P4]. Reading the history is the read check alone.
 */
export function canRestore(user: Actor, record: RecordFacts, orderStatus: string | null): boolean {
  if (orderStatus === null || orderStatus === 'closed' || record._deleted === true) return false;
  return restoresAsRole(user, record);
}

type RecordFacts = { orderId: string; ownerId: string; _deleted?: boolean };

/** The role part of canRestore: whoever may restore values of this record while it may change. */
export function restoresAsRole(user: Actor, record: RecordFacts): boolean {
  if (user.role === 'admin' || user.role === 'coordinator') return true;
  return user.role === 'supervisor' && canRead(user, 'clients', record);
}

/**
 * [H4] The paths a restore writes: data fields only (standard attributes and custom values). Never
 * the verdict (a verifier's judgement), a server-owned field, a fixed one, or a deletion [M7].
 */
export function isRestorablePath(path: string): boolean {
  if (namesInheritedMember(path)) return false; // [V7]
  return (STANDARD_KEYS as readonly string[]).includes(path) || /^custom:[A-Za-z0-9_-]{1,64}$/.test(path);
}

/**
 * The record with `value` (an audit entry's side) back in `path`, as an edit made at `now`
 * (applyOperatorEdit): the field is stamped at least `now`, so the restore wins over what it
 * replaces on every device [M3], and a rejected record goes back to its verifier as `corrected` [P3].
 * An entry's null is "not set": a blank standard field, an absent custom value. The same object
 * comes back when the value is already there.
 */
export function withRestoredValue(client: Client, path: string, value: unknown, now: number): Client {
  const changes = path.startsWith('custom:')
    ? { custom: { [path.slice('custom:'.length)]: value === null ? undefined : value } }
    : { [path]: value === null ? '' : value };
  return applyOperatorEdit(client, changes as Changes<Client>, now);
}

/** Texts of the history and restore codes (GOV.UK style: what happened, what to do). */
export const HISTORY_MESSAGES: Record<string, { pl: string; en: string }> = {
  'record.notFound': {
    pl: 'Nie ma takiego rekordu albo nie masz do niego dostępu',
    en: 'There is no such record or you have no access to it',
  },
  'history.entryNotFound': {
    pl: 'Tej zmiany nie ma w historii rekordu – odśwież historię',
    en: 'This change is not in the record\'s history – reload the history',
  },
  'restore.path': {
    pl: 'Przywrócić można tylko wartość pola z danymi firmy – nie weryfikację ani usunięcie',
    en: 'Only a value of a company data field can be restored – not a verification or a deletion',
  },
  'restore.role': {
    pl: 'Wartości przywracają opiekun, koordynator i administrator',
    en: 'Values are restored by a supervisor, a coordinator or an administrator',
  },
  'restore.invalid': {
    pl: 'Tej wartości nie można już przywrócić – nie spełnia obecnych zasad pola',
    en: 'This value can no longer be restored – it does not meet the field\'s current rules',
  },
  'restore.body': {
    pl: 'Wskaż zmianę z historii (entryId) i jej stronę (which: old albo new)',
    en: 'Name a change of the history (entryId) and its side (which: old or new)',
  },
};
