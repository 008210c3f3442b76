// Feeds one collection's replication into the sync status: its activity, and every error it reports [S17].
import { Subscription, type Observable } from 'rxjs';
import { isQuotaError } from '../local-db/quota.ts';
import { log } from '../log.ts';
import { statusInput, type SyncProblem } from './status.ts';

/** The two streams of an RxReplicationState the status needs. */
export interface WatchedReplication {
  active$: Observable<boolean>;
  error$: Observable<unknown>;
}

// The request wrapper (engine.ts) already turned these into the status: offline, 401, 426, server error.
const REQUEST_ERRORS = new Set(['NetworkError', 'ApiError']);

/** Every error's name, and write errors' statuses, however RxDB nested them (as plain JSON). */
function walk(error: unknown, seen: { names: Set<string>; statuses: Set<number> }, depth = 0): typeof seen {
  if (depth > 6 || typeof error !== 'object' || error === null) return seen;
  if (Array.isArray(error)) {
    error.forEach((item) => walk(item, seen, depth + 1));
    return seen;
  }
  const record = error as Record<string, unknown>;
  if (typeof record.name === 'string') seen.names.add(record.name);
  if (typeof record.status === 'number') seen.statuses.add(record.status);
  for (const key of ['parameters', 'errors', 'writeError', 'error', 'inner', 'cause']) walk(record[key], seen, depth + 1);
  return seen;
}

/** What a replication error means for the user, or null when the request wrapper has said it already. */
export function problemOf(error: unknown): SyncProblem | null {
  if (isQuotaError(error)) return 'storageFull';
  const { names, statuses } = walk(error, { names: new Set(), statuses: new Set() });
  if ([...names].some((name) => REQUEST_ERRORS.has(name))) return null;
  // 422: a document the device's schema refuses (RxDB's validation wrapper), e.g. from a newer server.
  if (statuses.has(422)) return 'invalidData';
  return 'unknown';
}

/**
 * An error stays shown until a later cycle of this replication ends without one: a page that cannot
 * be stored is pulled again and fails again, so it never reads "synced" meanwhile.
 */
export function watchReplication(name: string, replication: WatchedReplication): Subscription {
  let failedThisCycle = false;
  const subscription = new Subscription();
  subscription.add(replication.active$.subscribe({
    next: (active) => {
      statusInput.setActive(name, active);
      if (active) failedThisCycle = false;
      else if (!failedThisCycle) statusInput.setProblem(name, null);
    },
  }));
  subscription.add(replication.error$.subscribe({
    next: (error) => {
      const problem = problemOf(error);
      if (problem === null) return;
      failedThisCycle = true;
      statusInput.setProblem(name, problem);
      log.warn(`replication of ${name} failed (${problem})`, error);
    },
  }));
  return subscription;
}
