// Contract: the server answers only under its own names (loopback, PUBLIC_URL) — DNS rebinding — and the cookie's Secure flag follows the configuration [S20].
import { expect, it } from 'vitest';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { TEST_PASSWORD, contractSuite } from './harness.ts';

const ADMIN = { name: 'Anna Nowak', login: 'anna.nowak', password: 'bardzo-tajne-haslo' };

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  return ((await response.json()) as ApiErrorBody).error;
}

/** A browser's request after DNS rebinding: Host and Origin both name the attacker's site, Sec-Fetch-Site says same-origin. */
const rebound = (host: string) => ({ host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });

contractSuite('accepted hosts', (s) => {
  it('[S20] setup under a foreign Host is refused 421 HOST_REFUSED and no administrator is created', async () => {
    const response = await s.client().request('POST', '/api/setup', ADMIN, rebound('evil.example:3000'));
    expect(response.status).toBe(421);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'HOST_REFUSED', kind: 'fatal' });
    expect(error.message.pl).toContain('PUBLIC_URL');
    expect(error.message.en).toContain('PUBLIC_URL');
    // The same through the URL (the Node server builds it from the Host header).
    const byUrl = await s.app.request('http://evil.example:3000/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example:3000' },
      body: JSON.stringify(ADMIN),
    });
    expect(byUrl.status).toBe(421);
    // A name that merely starts like a loopback one is foreign too.
    for (const host of ['localhost.evil.example', '127.0.0.1.evil.example:3000', '0.0.0.0:3000', '192.168.1.5:3000']) {
      expect((await s.client().request('POST', '/api/setup', ADMIN, rebound(host))).status, host).toBe(421);
      expect((await s.client().request('GET', '/api/setup', undefined, { host })).status, host).toBe(421);
    }
    expect(await s.count('users')).toBe(0);
  });

  it('[S20] setup works under loopback names with any port', async () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:54321', '127.5.6.7:8080', '[::1]:3000', 'LOCALHOST:3000']) {
      const response = await s.client().request('GET', '/api/setup', undefined, { host });
      expect(response.status, host).toBe(200);
    }
    const created = await s.client().request('POST', '/api/setup', ADMIN, { host: '127.0.0.1:54321', origin: 'http://127.0.0.1:54321' });
    expect(created.status).toBe(201);
    expect(await s.count('users')).toBe(1);
  });

  it('[S20] login, pull and the stream under a foreign Host are refused even with a valid session', async () => {
    const { client } = await s.signIn('operator', 'jan');
    const login = await s.client().request('POST', '/api/auth/login', { login: 'jan', password: TEST_PASSWORD }, rebound('evil.example'));
    expect(login.status).toBe(421);
    expect(login.headers.getSetCookie()).toEqual([]);
    const pull = await client.request('POST', '/api/sync/clients/pull', { checkpoint: null, limit: 1 }, rebound('evil.example'));
    expect(pull.status).toBe(421);
    expect((await client.request('GET', '/api/auth/me', undefined, { host: 'evil.example' })).status).toBe(421);
    expect((await client.request('GET', '/api/sync/stream', undefined, { host: 'evil.example' })).status).toBe(421);
    // The same session under the server's own name works.
    expect((await client.request('POST', '/api/sync/clients/pull', { checkpoint: null, limit: 1 }, { host: 'localhost:3000', origin: 'http://localhost:3000' })).status).toBe(200);
  });

  it('[S20] the Origin check agrees: an Origin that is not one of the server names is refused even when it equals Host', async () => {
    const { client } = await s.signIn('operator');
    const response = await client.request('POST', '/api/sync/clients/push', { rows: [] }, { host: 'evil.example', origin: 'http://evil.example' });
    expect(response.status).toBe(421);
    // Host and Origin compared by the same normalisation (case, default port).
    expect((await client.request('POST', '/api/sync/clients/push', { rows: [] }, { host: 'LocalHost:3000', origin: 'http://localhost:3000' })).status).toBe(200);
  });

  it('[S20] health answers under any name (probes use internal addresses); it reads nothing private', async () => {
    const response = await s.app.request('http://10.1.2.3:3000/api/health', { headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    expect(response.status).toBe(200);
  });

  it('[S20] without PUBLIC_URL the cookie is not Secure on loopback over http', async () => {
    await s.signIn('operator', 'ola');
    const response = await s.client().request('POST', '/api/auth/login', { login: 'ola', password: TEST_PASSWORD }, { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()[0]).not.toMatch(/Secure/);
  });
});

contractSuite(
  'accepted hosts with PUBLIC_URL',
  (s) => {
    it('[S20] the configured public names are accepted; the Secure flag follows their scheme, not the Host', async () => {
      await s.signIn('operator', 'jan');
      const login = (host: string, scheme = 'https') =>
        s.client().request('POST', '/api/auth/login', { login: 'jan', password: TEST_PASSWORD }, { host, origin: `${scheme}://${host}` });

      const secure = await login('crm.example.pl');
      expect(secure.status).toBe(200);
      expect(secure.headers.getSetCookie()[0]).toMatch(/; Secure/);
      // Case and a trailing dot do not make another name.
      expect((await login('CRM.Example.PL.')).status).toBe(200);
      // Configured as plain http (a LAN address): a Secure cookie would never be stored, so none is sent.
      const lan = await login('192.168.1.5:3000', 'http');
      expect(lan.status).toBe(200);
      expect(lan.headers.getSetCookie()[0]).not.toMatch(/Secure/);
      // Loopback still works beside the public names, without Secure.
      const local = await login('localhost:3000', 'http');
      expect(local.status).toBe(200);
      expect(local.headers.getSetCookie()[0]).not.toMatch(/Secure/);

      for (const host of ['crm.example.pl.evil.example', 'evil.crm.example.pl', '192.168.1.6:3000']) {
        expect((await login(host)).status, host).toBe(421);
      }
    });

    it('[S20] an invalid PUBLIC_URL stops the server at start with a message naming it', async () => {
      await expect(s.makeApp({ publicUrls: 'crm.example.pl' })).rejects.toThrow(/PUBLIC_URL/);
      await expect(s.makeApp({ publicUrls: 'ftp://crm.example.pl' })).rejects.toThrow(/PUBLIC_URL/);
    });
  },
  { deps: { publicUrls: 'https://crm.example.pl, http://192.168.1.5:3000' } },
);
