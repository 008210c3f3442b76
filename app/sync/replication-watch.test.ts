// The sync status hears every replication error: a pulled page that cannot be stored is an error in words,
// never "synced", until a later cycle of that collection ends cleanly [S17].
import { Subject } from 'rxjs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { watchReplication } from './replication-watch.ts';
import { refusedCount, statusInput, syncProblem, syncStatus } from './status.ts';

const quota = () => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
/** The shapes RxDB's replication emits on error$ (RC_PULL around a failed store, errors as plain JSON). */
const storeFailed = (writeError: object) => ({ name: 'RxError', code: 'RC_PULL', parameters: { writeError } });
const pullFailed = (name: string) => ({ name: 'RxError', code: 'RC_PULL', parameters: { errors: [{ name, message: 'x' }] } });

let active$: Subject<boolean>;
let error$: Subject<unknown>;
let stop: () => void;

beforeEach(() => {
  statusInput.reset();
  // A started engine whose first sync completed: the status reads "synced".
  statusInput.setRunning(true);
  statusInput.setInitialDone(true);
  active$ = new Subject();
  error$ = new Subject();
  const subscription = watchReplication('clients', { active$, error$ });
  stop = () => subscription.unsubscribe();
});

afterEach(() => stop());

test('[S17] a pulled page the device cannot store (storage full) turns the status to an error with its reason', () => {
  expect(syncStatus()).toBe('synced');
  active$.next(true);
  error$.next({ name: 'RxError', code: 'RC_PULL', parameters: { writeError: { status: 500, error: { inner: quota() } } } });
  active$.next(false);
  expect(syncStatus()).toBe('error');
  expect(syncProblem()).toBe('storageFull');
});

test('[S17] a pulled document the device refuses as invalid is an error until a clean cycle of that collection', () => {
  active$.next(true);
  error$.next(storeFailed({ status: 422, validationErrors: [{ message: 'must match pattern' }] }));
  active$.next(false);
  expect(syncStatus()).toBe('error');
  expect(syncProblem()).toBe('invalidData');
  // The next cycle fails the same way: still an error.
  active$.next(true);
  error$.next(storeFailed({ status: 422 }));
  active$.next(false);
  expect(syncProblem()).toBe('invalidData');
  // A cycle without errors clears it.
  active$.next(true);
  active$.next(false);
  expect(syncStatus()).toBe('synced');
  expect(syncProblem()).toBeNull();
});

test('[S17] an unexpected replication error is shown too; request failures stay with the request classifier', () => {
  error$.next(pullFailed('NetworkError'));
  expect(syncStatus()).toBe('synced');
  error$.next({ name: 'RxError', code: 'RC_PUSH', parameters: { errors: [{ name: 'TypeError', message: 'x' }] } });
  expect(syncStatus()).toBe('error');
  expect(syncProblem()).toBe('unknown');
});

test('[S17] a record the server refused keeps the status from reading "synced" while it is listed', () => {
  statusInput.setRefusedCount(1);
  expect(refusedCount()).toBe(1);
  expect(syncStatus()).toBe('refused');
  statusInput.setRefusedCount(0);
  expect(syncStatus()).toBe('synced');
});
