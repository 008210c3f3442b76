// Contract: the compatibility window of a rolling update — the current and the previous protocol are served,
// an older one (or a newer one than this server's) is answered 426 PROTOCOL_OUTDATED [S12].
import { expect, it } from 'vitest';
import type { Client } from '../../schemas/entities/client.ts';
import { verdictAsKeys } from '../../schemas/entities/verdict-v1.ts';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import type { PullResponse, PushResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { applyVerdict } from '../../schemas/rules/edit.ts';
import { BACKENDS } from './backends.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, makeClient, makeComment, makeOrder } from './fixtures.ts';
import { contractSuite, type Suite } from './harness.ts';

/** A device of the previous protocol: the same requests, with its version in the header. */
function oldApp(client: TestClient) {
  const send = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await client.request('POST', path, body, { [PROTOCOL_HEADER]: '1' });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  };
  return {
    pull: (collection: string) => send<Pick<PullResponse<Doc>, 'checkpoint'> & { documents: Doc[] }>(`/api/sync/${collection}/pull`, { checkpoint: null, limit: 100 }),
    push: (collection: string, rows: unknown[]) => send<PushResponse<Doc>>(`/api/sync/${collection}/push`, { rows }),
  };
}

/** An edit the way a protocol-1 app makes it: the verdict a map of keys, each with its own edit time. */
function oldEdit(master: Doc, changes: { fields?: Doc; verdict?: Doc }, now: number) {
  const times = { ...(master.fieldTimes as Record<string, number>) };
  for (const key of Object.keys(changes.fields ?? {})) times[key] = now;
  for (const key of Object.keys(changes.verdict ?? {})) times[`verification:${key}`] = now;
  const verification = { ...(master.verification as Doc), ...changes.verdict };
  const next = { ...master, ...changes.fields, verification, fieldTimes: times, updatedAt: now, _deleted: false };
  return { assumedMasterState: master, newDocumentState: next };
}

/** An order with an operator's record that a verifier (protocol 2) rejected with a note on its NIP. */
async function rejectedRecord(s: Suite) {
  const admin = await s.signIn('admin');
  const op = await s.signIn('operator');
  const verifier = await s.signIn('verifier');
  expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
  await s.bind('o1', op.user.id);
  await s.bind('o1', verifier.user.id);
  expect((await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))])).refused).toEqual([]);
  const [master] = (await verifier.client.pullAll('clients')).documents as [Doc];
  s.clock.now = T0 + 100;
  const verdict = { state: 'rejected' as const, reason: 'Dane firmy się nie zgadzają', notes: { nip: 'NIP należy do innej firmy' } };
  const rejected = applyVerdict(master as unknown as Client, verdict, verifier.user.id, T0 + 50);
  const row = { assumedMasterState: master, newDocumentState: { ...rejected, _deleted: false } };
  expect(await verifier.client.push('clients', [row as never])).toEqual({ conflicts: [], refused: [] });
  const [stored] = (await verifier.client.pullAll('clients')).documents as [Doc];
  return { admin, op, verifier, stored };
}

const REQUESTS = [
  ['POST', '/api/sync/clients/pull', { checkpoint: null, limit: 1 }],
  ['POST', '/api/sync/clients/push', { rows: [] }],
  ['GET', '/api/auth/me', undefined],
] as const;

// Only the middleware is under test: one backend is enough.
contractSuite('protocol window', (s) => {
  it('[S12] an app of the current protocol N and of the previous N-1 is served, on requests and the stream', async () => {
    const { client } = await s.signIn('operator');
    for (const version of [PROTOCOL_VERSION, PROTOCOL_VERSION - 1]) {
      for (const [method, path, body] of REQUESTS) {
        const response = await client.request(method, path, body, { [PROTOCOL_HEADER]: String(version) });
        expect(response.status, `${path} v${version}`).toBe(200);
        expect(response.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
      }
      const stream = await client.request('GET', `/api/sync/stream?protocol=${version}`, undefined, { [PROTOCOL_HEADER]: undefined });
      expect(stream.status, `stream v${version}`).toBe(200);
      await stream.body?.cancel();
    }
  });

  it('[S12] an app of protocol N-2 or older, or newer than the server, is answered 426 PROTOCOL_OUTDATED', async () => {
    const { client } = await s.signIn('operator');
    for (const version of [PROTOCOL_VERSION - 2, PROTOCOL_VERSION - 3, PROTOCOL_VERSION + 1]) {
      for (const [method, path, body] of REQUESTS) {
        const response = await client.request(method, path, body, { [PROTOCOL_HEADER]: String(version) });
        expect(response.status, `${path} v${version}`).toBe(426);
        expect(((await response.json()) as ApiErrorBody).error.code).toBe('PROTOCOL_OUTDATED');
      }
      const stream = await client.request('GET', `/api/sync/stream?protocol=${version}`, undefined, { [PROTOCOL_HEADER]: undefined });
      expect(stream.status, `stream v${version}`).toBe(426);
    }
  });

  it('[S12] a protocol-1 app pulls records with the verdict as keys, a protocol-2 app as one value with its notes', async () => {
    const { op, stored } = await rejectedRecord(s);
    expect(stored.verification).toMatchObject({ state: 'rejected', notes: { nip: 'NIP należy do innej firmy' } });
    expect(stored.fieldTimes).toMatchObject({ verification: T0 + 50 });
    const [old] = (await oldApp(op.client).pull('clients')).documents as [Doc];
    expect(old).toEqual(verdictAsKeys(stored));
    expect(old.verification).toEqual({ state: 'rejected', reason: 'Dane firmy się nie zgadzają', verifierId: expect.any(String), at: T0 + 50 });
    expect(old.fieldTimes).toMatchObject({ 'verification:state': T0 + 50, 'verification:reason': T0 + 50, 'verification:verifierId': T0 + 50, 'verification:at': T0 + 50 });
    expect(old.fieldTimes).not.toHaveProperty('verification');
  });

  it('[S12] a protocol-1 app\'s edits and its correction keep the notes it cannot see; its conflicts come back as keys', async () => {
    const { op, verifier, stored } = await rejectedRecord(s);
    const app = oldApp(op.client);
    const [old] = (await app.pull('clients')).documents as [Doc];
    // An edit of another field: the verdict, notes included, stays as the verifier left it.
    const phone = oldEdit(old, { fields: { mobilePhone: '+48 600 100 200' } }, T0 + 60);
    expect(await app.push('clients', [phone])).toEqual({ conflicts: [], refused: [] });
    const [afterPhone] = (await verifier.client.pullAll('clients')).documents as [Doc];
    expect(afterPhone).toMatchObject({ mobilePhone: '+48 600 100 200', verification: stored.verification });
    // The same row again (a lost reply): no second effect [S7].
    const audits = await s.count('audit');
    expect(await app.push('clients', [phone])).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('audit')).toBe(audits);
    // The old app's correction of the rejected record (its own P3 rule): corrected, the notes kept.
    const [old2] = (await app.pull('clients')).documents as [Doc];
    const correction = oldEdit(old2, { fields: { nip: makeClient({ id: 'other', orderId: 'o1', ownerId: 'x' }).nip as string }, verdict: { state: 'corrected' } }, T0 + 70);
    expect(await app.push('clients', [correction])).toEqual({ conflicts: [], refused: [] });
    const [corrected] = (await verifier.client.pullAll('clients')).documents as [Doc];
    expect(corrected.verification).toEqual({ ...(stored.verification as Doc), state: 'corrected' });
    expect(corrected.fieldTimes).toMatchObject({ verification: T0 + 70 });
    // A stale row: the conflict is the stored record, in the shape the old app knows.
    const stale = await app.push('clients', [oldEdit(old, { fields: { city: 'Płock' } }, T0 + 80)]);
    expect(stale.refused).toEqual([]);
    expect(stale.conflicts).toEqual([verdictAsKeys({ ...corrected, _deleted: false })]);
    expect(JSON.stringify(stale)).not.toContain('innej firmy');
  });

  it('[S12] a new verdict from a protocol-1 app stands as sent, and the same rules judge it', async () => {
    const { verifier } = await rejectedRecord(s);
    const app = oldApp(verifier.client);
    const [old] = (await app.pull('clients')).documents as [Doc];
    const approval = oldEdit(old, { verdict: { state: 'approved', reason: '', at: T0 + 90 } }, T0 + 90);
    expect(await app.push('clients', [approval])).toEqual({ conflicts: [], refused: [] });
    const [approved] = (await verifier.client.pullAll('clients')).documents as [Doc];
    expect(approved.verification).toEqual({ state: 'approved', reason: '', verifierId: verifier.user.id, at: T0 + 90, notes: {} });
    // A rejection without a reason is refused as from any app [V8].
    const [old2] = (await app.pull('clients')).documents as [Doc];
    const silent = await app.push('clients', [oldEdit(old2, { verdict: { state: 'rejected', reason: '', at: T0 + 95 } }, T0 + 95)]);
    expect(silent.refused).toEqual([{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'verification', code: 'verdict.reasonRequired' }] }]);
    expect(silent.conflicts).toEqual([verdictAsKeys({ ...approved, _deleted: false })]);
  });

  it('[S12] comments do not exist for a protocol-1 app: its pull and push of them are answered 404', async () => {
    const { op, stored } = await rejectedRecord(s);
    const comment = makeComment({ id: 'k1', record: stored, authorId: op.user.id });
    expect(await op.client.push('comments', [created(comment)])).toEqual({ conflicts: [], refused: [] });
    for (const [path, body] of [['pull', { checkpoint: null, limit: 10 }], ['push', { rows: [created(comment)] }]] as const) {
      const response = await op.client.request('POST', `/api/sync/comments/${path}`, body, { [PROTOCOL_HEADER]: '1' });
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as ApiErrorBody).error.code).toBe('NOT_FOUND');
    }
    expect((await op.client.pullAll('comments')).documents).toEqual([{ ...comment, _deleted: false }]);
  });
}, { backends: BACKENDS.filter((backend) => backend.name === 'pglite') });
