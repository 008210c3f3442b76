// Contract: the compatibility window of a rolling update — the current and the previous protocol are served,
// an older one (or a newer one than this server's) is answered 426 PROTOCOL_OUTDATED [S12].
import { expect, it } from 'vitest';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { BACKENDS } from './backends.ts';
import { contractSuite } from './harness.ts';

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
}, { backends: BACKENDS.filter((backend) => backend.name === 'pglite') });
