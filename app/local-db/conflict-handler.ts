// The collections' conflict handler: the shared per-field merge [M1–M8], bound to the signed-in user's
// write rules so fields they may not write keep the server's value [M6] and a refused edit cannot loop.
import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import type { PushCollection } from '../../schemas/protocol/sync.ts';
import { createConflictHandler, type DocLike } from '../../schemas/rules/merge.ts';
import { writeRule } from '../../schemas/rules/permissions.ts';
import type { Actor } from '../../schemas/rules/scope.ts';

let actor: Actor | null = null;

/**
 * Set at sign-in (and cleared at sign-out) before replication starts, and again whenever the
 * replicated bindings or structure change (local-db/membership.ts), so the device's rules follow
 * the server's.
 */
export function setConflictActor(next: Actor | null): void {
  actor = next;
}

export function conflictHandlerFor<T extends DocLike>(collection: PushCollection): RxConflictHandler<T> {
  const unbound = createConflictHandler<WithDeleted<T>>();
  return {
    isEqual: (a, b, context) => unbound.isEqual(a, b, context),
    resolve: (input, context) => {
      // The rules depend on the stored (master) document: its owner, its order's state.
      const rule = actor ? writeRule(actor, collection, input.realMasterState as never) : undefined;
      return createConflictHandler<WithDeleted<T>>(rule).resolve(input, context);
    },
  };
}
