// Contract: protocol version, CSRF defences, body limits, malformed input, security headers and health [S12].
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { CONTENT_SECURITY_POLICY } from '../../sync-server/middleware/security-headers.ts';
import { contractSuite } from './harness.ts';

const codeOf = async (response: Response) => ((await response.json()) as ApiErrorBody).error.code;

contractSuite('hardening', (s) => {
  it('[S12] a missing or different protocol version is answered 426 PROTOCOL_OUTDATED', async () => {
    const { client } = await s.signIn('operator');
    // N-1 is served during a rolling update: protocol-window.test.ts.
    for (const version of [undefined, '-1', String(PROTOCOL_VERSION + 1), 'abc', `${PROTOCOL_VERSION}.0`]) {
      for (const [method, path, body] of [
        ['POST', '/api/sync/clients/pull', { checkpoint: null, limit: 1 }],
        ['POST', '/api/sync/clients/push', { rows: [] }],
        ['GET', '/api/auth/me', undefined],
        ['POST', '/api/auth/login', { login: 'a', password: 'b' }],
      ] as const) {
        const response = await client.request(method, path, body, { [PROTOCOL_HEADER]: version });
        expect(response.status, `${path} ${version}`).toBe(426);
        expect(await codeOf(response)).toBe('PROTOCOL_OUTDATED');
      }
    }
    // EventSource cannot send headers: the stream takes ?protocol=N instead.
    expect((await client.request('GET', `/api/sync/stream?protocol=${PROTOCOL_VERSION + 1}`, undefined, { [PROTOCOL_HEADER]: undefined })).status).toBe(426);
    // Health and setup answer any app version: the app must learn it is outdated somewhere.
    expect((await client.request('GET', '/api/health', undefined, { [PROTOCOL_HEADER]: undefined })).status).toBe(200);
  });

  it('a state-changing request that is not application/json is refused 415 (text/plain CSRF)', async () => {
    const { client } = await s.signIn('operator');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const response = await client.request('POST', '/api/sync/clients/push', '{"rows":[]}', { 'content-type': type });
      expect(response.status, String(type)).toBe(415);
      expect(await codeOf(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const setup = await s.client().request('POST', '/api/setup', '{}', { 'content-type': 'text/plain' });
    expect(setup.status).toBe(415);
    expect((await client.request('POST', '/api/sync/clients/push', { rows: [] }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('a request from a foreign Origin or a cross-site fetch is refused 403 ORIGIN_REFUSED', async () => {
    const { client } = await s.signIn('operator');
    const cases: Record<string, string | undefined>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost.evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: undefined },
      { 'sec-fetch-site': 'same-site', origin: undefined },
    ];
    for (const headers of cases) {
      const response = await client.request('POST', '/api/sync/clients/push', { rows: [] }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await codeOf(response)).toBe('ORIGIN_REFUSED');
    }
    expect((await client.request('POST', '/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await client.request('POST', '/api/sync/clients/push', { rows: [] }, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('[S29] oversized bodies are answered 413 in the error format: 8 MiB for push, 1 MiB for pull, 64 KiB elsewhere, also chunked', async () => {
    const { client } = await s.signIn('operator');
    const push = await client.request('POST', '/api/sync/clients/push', `{"rows":[],"pad":"${'x'.repeat(8 * 1024 * 1024)}"}`);
    expect(push.status).toBe(413);
    expect(await codeOf(push)).toBe('PAYLOAD_TOO_LARGE');
    const login = await client.request('POST', '/api/auth/login', { login: 'a', password: 'x'.repeat(70_000) });
    expect(login.status).toBe(413);
    const users = await client.request('POST', '/api/users', { login: 'a', name: 'x'.repeat(70_000), role: 'operator', password: 'x', managerId: '' });
    expect(users.status).toBe(413);
    // No Content-Length: the limit counts the streamed bytes.
    const chunked = (path: string, chunks: number) => {
      const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < chunks) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return client.request('POST', path, stream);
    };
    expect((await chunked('/api/sync/clients/pull', 65)).status).toBe(413); // 1040 KiB
    expect((await chunked('/api/auth/login', 5)).status).toBe(413); // 80 KiB
    // Under the pull limit: a garbage body is a 400, not a 413.
    expect((await chunked('/api/sync/clients/pull', 20)).status).toBe(400);
    expect(await s.count('refused_changes')).toBe(0);
  });

  it('malformed JSON is answered 400 BAD_REQUEST', async () => {
    const { client } = await s.signIn('operator');
    for (const path of ['/api/sync/clients/pull', '/api/sync/clients/push', '/api/auth/login', '/api/setup']) {
      const response = await client.request('POST', path, '{"rows": [');
      expect(response.status, path).toBe(400);
      expect(await codeOf(response)).toBe('BAD_REQUEST');
    }
  });

  it('every response carries the security headers, API answers are not cached', async () => {
    const { client } = await s.signIn('operator');
    const responses = [
      await client.request('GET', '/api/health'),
      await client.request('GET', '/api/nothing-here'),
      await client.request('POST', '/api/sync/clients/push', 'not json'),
      await s.client().request('GET', '/api/auth/me'),
    ];
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
    }
    expect(responses[1]!.status).toBe(404);
    expect(await codeOf(responses[1]!)).toBe('NOT_FOUND');
  });

  it('health reports the database, migrations and protocol', async () => {
    const response = await s.client().request('GET', '/api/health');
    const files = readdirSync(new URL('../../sync-server/db/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).length;
    expect(files).toBeGreaterThanOrEqual(2);
    expect(await response.json()).toEqual({ ok: true, database: s.backend, migrations: { applied: files, latest: files }, protocol: PROTOCOL_VERSION });
  });
});
