// The user list of the administration screens (GET /api/users, online-only): loading, the "offline"
// problem, lookups for the structure rules, and the signed-in actor those rules take.
import { createSignal, type Accessor } from 'solid-js';
import type { Role } from '../../schemas/entities/user.ts';
import type { ManagedUser } from '../../schemas/protocol/admin.ts';
import type { FindUser } from '../../schemas/rules/administration.ts';
import { NO_MEMBERSHIP, type Actor } from '../../schemas/rules/scope.ts';
import { t } from '../i18n/i18n.ts';
import { currentActor } from '../local-db/membership.ts';
import { listUsers } from '../sync/admin.ts';
import { NetworkError } from '../sync/api.ts';
import { currentUser } from '../sync/session.ts';
import { problemsFromError } from './form-problems.ts';

/** The order roles are offered in forms: the structure from the bottom up, then the others. */
export const ROLE_ORDER: readonly Role[] = ['operator', 'supervisor', 'coordinator', 'verifier', 'principal', 'admin'];

export interface ManagedUsers {
  /** undefined until the first answer (and while it failed). */
  users: Accessor<ManagedUser[] | undefined>;
  /** The reason the list could not be loaded, as text; '' when it loaded. */
  problem: Accessor<string>;
  reload(): Promise<void>;
  /** Puts a user the server just returned into the list (after an edit), without asking again. */
  replace(user: ManagedUser): void;
}

/** Loads the list at once; nothing is cached, so every screen shows the server's current state. */
export function useManagedUsers(): ManagedUsers {
  const [users, setUsers] = createSignal<ManagedUser[]>();
  const [failure, setFailure] = createSignal<unknown>(null);
  async function reload(): Promise<void> {
    try {
      setUsers(await listUsers());
      setFailure(null);
    } catch (error) {
      setFailure(() => error);
    }
  }
  void reload();
  const problem = () => {
    const error = failure();
    if (error === null) return '';
    return error instanceof NetworkError ? t().usersOffline : (problemsFromError(error)[0]?.message ?? t().usersOffline);
  };
  const replace = (user: ManagedUser) => setUsers((list) => list?.map((u) => (u.id === user.id ? user : u)));
  return { users, problem, reload, replace };
}

/** The structure rules' lookup over a list of users. */
export function finderOf(users: readonly { id: string; role: Role; managerId: string; active: boolean }[]): FindUser {
  const byId = new Map(users.map((u) => [u.id, u]));
  return (id) => byId.get(id);
}

/** The signed-in user as the shared rules see them (membership as soon as the local database has it). */
export function actorNow(): Actor | null {
  const actor = currentActor();
  if (actor) return actor;
  const user = currentUser();
  return user ? { id: user.id, role: user.role, membership: NO_MEMBERSHIP } : null;
}
