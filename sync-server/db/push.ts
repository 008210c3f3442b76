// A push batch: one transaction, rows locked in id order, retried whole on deadlock or serialisation failure [S5].
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { PushCollection, PushResponse } from '../../schemas/protocol/sync.ts';
import { bucketsHolding } from '../../schemas/rules/scope.ts';
import type { Logger } from '../logger.ts';
import { isRetryable, type Database } from './database.ts';
import { actorOf } from './membership.ts';
import { scopeBucket, type Notifier } from './notifier.ts';
import { pushRow, type RowOutcome } from './push-row.ts';
import type { Doc } from './store.ts';

export interface PushDeps {
  db: Database;
  now: () => number;
  notifier: Notifier;
  logger: Logger;
}

export interface PushInput {
  user: PublicUser;
  collection: PushCollection;
  deviceId: string;
  rows: readonly unknown[];
}

const ATTEMPTS = 4;

function idOf(row: unknown): string {
  const state = (row as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState;
  return typeof state?.id === 'string' ? state.id : '';
}

/** Applies a batch; a bad row never blocks the others. Notifies the collection's subscribers after commit. */
export async function pushChanges(deps: PushDeps, input: PushInput): Promise<PushResponse<Doc>> {
  // Every batch takes its row locks in the same (id) order, so two batches cannot deadlock on them.
  const rows = [...input.rows].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  let outcomes: RowOutcome[] = [];
  for (let attempt = 1; ; attempt++) {
    const now = deps.now();
    try {
      outcomes = await deps.db.transaction(async (tx) => {
        const done: RowOutcome[] = [];
        // The user's bindings, share-locked: a close or unbind in progress finishes first [P4].
        const user = await actorOf(tx, input.user, true);
        for (const row of rows) done.push(await pushRow(tx, { ...input, user, now }, row));
        return done;
      });
      break;
    } catch (error) {
      if (!isRetryable(error) || attempt >= ATTEMPTS) throw error;
      deps.logger.warn('push transaction retried', { attempt, error });
    }
  }

  const response: PushResponse<Doc> = { conflicts: [], refused: [] };
  const touched = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.conflict) response.conflicts.push(outcome.conflict as PushResponse<Doc>['conflicts'][number]);
    if (outcome.refused) response.refused.push(outcome.refused);
    if (outcome.written) for (const bucket of bucketsHolding(input.collection, outcome.written)) touched.add(bucket);
    for (const userId of outcome.scopeChanged ?? []) touched.add(scopeBucket(userId));
  }
  if (touched.size > 0) {
    // After commit, so a device that pulls on this event sees the change; a lost event only delays it.
    await deps.notifier
      .publish({ kind: 'changed', collection: input.collection, buckets: [...touched] })
      .catch((error: unknown) => deps.logger.warn('change notification failed', { error }));
  }
  return response;
}
