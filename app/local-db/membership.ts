// The signed-in user's membership as the device knows it, from the replicated assignments and directory:
// the UI's write rules use it (the server decides with its own copy; the conflict handler does not guess [M6]).
import { createSignal } from 'solid-js';
import { combineLatest, type Subscription } from 'rxjs';
import type { Role } from '../../schemas/entities/user.ts';
import { NO_MEMBERSHIP, type Actor, type Membership } from '../../schemas/rules/scope.ts';
import type { KartotekaDatabase } from './database.ts';

const [actor, setActor] = createSignal<Actor | null>(null);
/** The signed-in user with their membership; null when signed out. */
export { actor as currentActor };

let subscription: Subscription | null = null;

function update(next: Actor | null): void {
  setActor(next);
}

/** Follows the local copies of the user's bindings and structure until `unfollowMembership`. */
export function followMembership(db: KartotekaDatabase, user: { id: string; role: Role }): void {
  unfollowMembership();
  update({ ...user, membership: NO_MEMBERSHIP });
  subscription = combineLatest([
    db.assignments.find({ selector: { userId: user.id } }).$,
    db.users.find({ selector: { managerId: user.id } }).$,
    db.orders.find({ selector: { principalId: user.id } }).$,
    db.users.findOne(user.id).$,
  ]).subscribe(([assignments, managed, owned, self]) => {
    const membership: Membership = {
      assignments: new Map(assignments.map((a) => [a.orderId, { role: a.role, closed: a.closed }])),
      managed: new Set(user.role === 'supervisor' ? managed.filter((u) => u.role === 'operator').map((u) => u.id) : []),
      principalOf: new Set(user.role === 'principal' ? owned.map((o) => o.id) : []),
      managerId: self?.managerId ?? '',
    };
    update({ ...user, membership });
  });
}

export function unfollowMembership(): void {
  subscription?.unsubscribe();
  subscription = null;
  update(null);
}
