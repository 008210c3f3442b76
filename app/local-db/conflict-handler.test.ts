// The device's conflict handler: it never discards a typed value on its own; only paths the server refused keep the server's value [M6].
import { expect, test } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { RefusedRow } from '../../schemas/protocol/sync.ts';
import { applyEdit, applyOperatorEdit } from '../../schemas/rules/edit.ts';
import { conflictHandlerFor } from './conflict-handler.ts';

type Row = Client & { _deleted: boolean };

/** The record as the server stores it: an operator's own record in o1. */
const stored = (): Row => ({ ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'op1', now: 100 }), name: 'Firma', _deleted: false });

function scenario() {
  const assumed = stored();
  // Someone else changed the city on the server meanwhile; the operator typed a name offline.
  const real = { ...applyEdit(assumed, { city: 'Radom' }, 200), _deleted: false };
  const next = { ...applyOperatorEdit(assumed, { name: 'Wpisana nazwa', notes: 'notatka' }, 300), _deleted: false };
  return { assumed, real, next, input: { assumedMasterState: assumed, realMasterState: real, newDocumentState: next } };
}

const refusal = (fields: string[], code: RefusedRow['code'] = 'FORBIDDEN'): RefusedRow => ({
  id: 'c1', code, issues: fields.map((field) => ({ field, code: 'permission.field' })),
});

test('[M6] with an empty membership (before the first pull of assignments) an operator\'s typed value survives the conflict', async () => {
  // Right after start-up the device's copy of the bindings is empty; the handler does not consult it.
  const handler = conflictHandlerFor<Client>('clients');
  const { input } = scenario();
  const resolved = await handler.resolve(input, 'replication-resolve-conflict');
  expect(resolved).toMatchObject({ name: 'Wpisana nazwa', notes: 'notatka', city: 'Radom' });
});

test('[M6] paths the server refused keep the server value; the rest of the typed edit is kept and pushed', async () => {
  const handler = conflictHandlerFor<Client>('clients');
  const { input, real } = scenario();
  handler.noteRefused(['c1'], [refusal(['name'])]);
  const resolved = await handler.resolve(input, 'replication-resolve-conflict');
  expect(resolved).toMatchObject({ name: 'Firma', notes: 'notatka', city: 'Radom' });
  expect(resolved.fieldTimes.name).toBe(real.fieldTimes.name);
  // The next push of c1 is not refused: every path is writable again.
  handler.noteRefused(['c1'], []);
  expect(await handler.resolve(input, 'replication-resolve-conflict')).toMatchObject({ name: 'Wpisana nazwa' });
});

test('[M6] a refusal naming no changed path (a closed order, a whole-record reason) keeps the whole server state', async () => {
  const handler = conflictHandlerFor<Client>('clients');
  const { input, real } = scenario();
  for (const row of [
    { id: 'c1', code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] },
    { id: 'c1', code: 'FORBIDDEN', issues: [{ field: '', code: 'record.deleted' }] },
    { id: 'c1', code: 'VALIDATION', issues: [] },
  ] satisfies RefusedRow[]) {
    handler.noteRefused(['c1'], [row]);
    const resolved = await handler.resolve(input, 'replication-resolve-conflict');
    expect(handler.isEqual(resolved, real, 'test'), row.code).toBe(true);
  }
});

test('[M6] a refusal cannot loop: refused again although the named paths already hold the server values, the server state is kept', async () => {
  const handler = conflictHandlerFor<Client>('clients');
  const { input, real } = scenario();
  handler.noteRefused(['c1'], [refusal(['name'])]);
  const first = await handler.resolve(input, 'replication-resolve-conflict');
  expect(handler.isEqual(first, real, 'test')).toBe(false); // notes is still to be pushed
  // RxDB pushes `first` against `real`; the server refuses it again, naming name (already the server's).
  handler.noteRefused(['c1'], [refusal(['name'])]);
  const second = await handler.resolve({ assumedMasterState: real, realMasterState: real, newDocumentState: first }, 'replication-resolve-conflict');
  expect(handler.isEqual(second, real, 'test')).toBe(true); // nothing left to push
});

test('[M6] what one database was refused does not leak into another database\'s handler', async () => {
  const one = conflictHandlerFor<Client>('clients');
  const other = conflictHandlerFor<Client>('clients');
  one.noteRefused(['c1'], [refusal(['name'])]);
  expect(await other.resolve(scenario().input, 'replication-resolve-conflict')).toMatchObject({ name: 'Wpisana nazwa' });
});

test('[M6][V7] a refusal naming edit times (not a merged path) keeps the whole server state', async () => {
  const handler = conflictHandlerFor<Client>('clients');
  const { real, next, assumed } = scenario();
  const hostile = { ...next, fieldTimes: { ...next.fieldTimes, toString: 300 } };
  handler.noteRefused(['c1'], [{ id: 'c1', code: 'VALIDATION', issues: [{ field: 'fieldTimes', code: 'json.forbiddenKey' }] }]);
  const resolved = await handler.resolve({ assumedMasterState: assumed, realMasterState: real, newDocumentState: hostile }, 'replication-resolve-conflict');
  expect(handler.isEqual(resolved, real, 'test')).toBe(true);
});
