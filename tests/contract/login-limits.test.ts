// Contract: login limits slow the attacker, not the account holder, and hold across instances on one database [S21].
import { expect, it } from 'vitest';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import type { LoginLimits } from '../../sync-server/auth/rate-limit.ts';
import { TestClient } from './client.ts';
import { TEST_PASSWORD, contractSuite, type Suite } from './harness.ts';

const LIMITS: LoginLimits = {
  pair: { free: 3, leakMs: 10 * 60_000 },
  login: { free: 10, leakMs: 10 * 60_000 },
  address: { free: 6, leakMs: 10 * 60_000 },
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  trustMs: 30 * 24 * 60 * 60_000,
};
const WRONG = 'zle-haslo-123';

const codeOf = async (response: Response) => ((await response.json()) as ApiErrorBody).error.code;
const retryAfter = (response: Response) => Number(response.headers.get('retry-after'));

/** A sign-in attempt from `address` (the last X-Forwarded-For entry, as set by a trusted proxy). */
function attempt(s: Suite, login: string, password: string, address?: string, app = s.app) {
  return new TestClient(app).request('POST', '/api/auth/login', { login, password }, { 'x-forwarded-for': address });
}

contractSuite(
  'login limits per login and address',
  (s) => {
    it('[S21] the right password works from another address while an attacker hammers the account', async () => {
      await s.signIn('operator', 'celina');
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'celina', WRONG, '6.6.6.6')).status).toBe(401);
      const limited = await attempt(s, 'celina', WRONG, '6.6.6.6');
      expect(limited.status).toBe(429);
      expect(await codeOf(limited)).toBe('RATE_LIMITED');
      // Even the right password waits on the attacker's address: the limit never becomes an oracle.
      expect((await attempt(s, 'celina', TEST_PASSWORD, '6.6.6.6')).status).toBe(429);
      expect((await attempt(s, 'celina', TEST_PASSWORD, '7.7.7.7')).status).toBe(200);
    });

    it('[S21] the wait grows exponentially (1 s, 2 s, 4 s …) instead of a wall; after it the right password works', async () => {
      await s.signIn('operator', 'darek');
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'darek', WRONG, '5.5.5.5')).status).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        const limited = await attempt(s, 'darek', WRONG, '5.5.5.5');
        expect(limited.status).toBe(429);
        waits.push(retryAfter(limited));
        s.clock.now += retryAfter(limited) * 1000;
        expect((await attempt(s, 'darek', WRONG, '5.5.5.5')).status).toBe(401);
      }
      expect(waits).toEqual([1, 2, 4, 8]);
      const last = await attempt(s, 'darek', TEST_PASSWORD, '5.5.5.5');
      expect(retryAfter(last)).toBe(16);
      s.clock.now += 16_000;
      expect((await attempt(s, 'darek', TEST_PASSWORD, '5.5.5.5')).status).toBe(200);
      // A success forgets the pair's failures: the next typo is free again.
      expect((await attempt(s, 'darek', WRONG, '5.5.5.5')).status).toBe(401);
      expect((await attempt(s, 'darek', TEST_PASSWORD, '5.5.5.5')).status).toBe(200);
    });

    it('[S21] the wait never exceeds the maximum, and quiet time forgets failures', async () => {
      await s.signIn('operator', 'ela');
      for (let i = 0; i < 30; i++) {
        const response = await attempt(s, 'ela', WRONG, '4.4.4.4');
        if (response.status === 429) s.clock.now += retryAfter(response) * 1000;
      }
      const limited = await attempt(s, 'ela', WRONG, '4.4.4.4');
      expect(retryAfter(limited)).toBeLessThanOrEqual(60);
      s.clock.now += 24 * 60 * 60_000;
      // Rows with nothing left to remember are swept (at the next attempt of anyone).
      expect(await s.count('login_limits', "login = 'ela'")).toBe(2);
      await attempt(s, 'someone-else', WRONG, '4.4.4.5');
      expect(await s.count('login_limits', "login = 'ela' OR address = '4.4.4.4'")).toBe(0);
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'ela', WRONG, '4.4.4.4')).status).toBe(401);
    });

    it('[S21] a missing login is limited exactly like an existing one', async () => {
      await s.signIn('operator', 'franek');
      const statuses = async (login: string, address: string) => {
        const seen: number[] = [];
        for (let i = 0; i < 5; i++) seen.push((await attempt(s, login, WRONG, address)).status);
        return seen;
      };
      expect(await statuses('franek', '3.3.3.1')).toEqual([401, 401, 401, 429, 429]);
      expect(await statuses('nikt-taki', '3.3.3.2')).toEqual([401, 401, 401, 429, 429]);
    });

    it('[S21] a password over the length limit counts as a failure like any other', async () => {
      await s.signIn('operator', 'gosia');
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'gosia', 'x'.repeat(1001), '2.2.2.2')).status).toBe(401);
      expect((await attempt(s, 'gosia', WRONG, '2.2.2.2')).status).toBe(429);
    });

    it('[S21] concurrent guesses cannot slip past the limit', async () => {
      await s.signIn('operator', 'halina');
      const responses = await Promise.all(Array.from({ length: 10 }, () => attempt(s, 'halina', WRONG, '1.1.1.1')));
      expect(responses.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    });

    it('[S21] one address trying many logins waits; logins that signed in from it before still get in', async () => {
      await s.signIn('operator', 'irena');
      await s.signIn('operator', 'janina');
      expect((await attempt(s, 'irena', TEST_PASSWORD, '9.9.9.9')).status).toBe(200);
      for (let i = 0; i < 6; i++) expect((await attempt(s, `spray${i}`, WRONG, '9.9.9.9')).status).toBe(401);
      expect((await attempt(s, 'spray99', WRONG, '9.9.9.9')).status).toBe(429);
      // janina never signed in from this address: she waits the (short, growing) address delay …
      const janina = await attempt(s, 'janina', TEST_PASSWORD, '9.9.9.9');
      expect(janina.status).toBe(429);
      expect(retryAfter(janina)).toBe(1);
      // … irena did, so the address limit does not apply to her.
      expect((await attempt(s, 'irena', TEST_PASSWORD, '9.9.9.9')).status).toBe(200);
      s.clock.now += 1000;
      expect((await attempt(s, 'janina', TEST_PASSWORD, '9.9.9.9')).status).toBe(200);
    });

    it('[S21] guesses at one login from many addresses wait; an address the user signed in from before still gets in', async () => {
      await s.signIn('operator', 'piotr');
      expect((await attempt(s, 'piotr', TEST_PASSWORD, '10.0.0.1')).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await attempt(s, 'piotr', WRONG, `20.0.0.${i}`)).status).toBe(401);
      expect((await attempt(s, 'piotr', WRONG, '30.0.0.1')).status).toBe(429);
      expect((await attempt(s, 'piotr', TEST_PASSWORD, '30.0.0.2')).status).toBe(429);
      expect((await attempt(s, 'piotr', TEST_PASSWORD, '10.0.0.1')).status).toBe(200);
    });

    it('[S21] an IPv6 client is counted by its /64 network, not by each of its addresses', async () => {
      for (let i = 0; i < 6; i++) expect((await attempt(s, `v6user${i}`, WRONG, `2001:db8:1:2::${i + 1}`)).status).toBe(401);
      expect((await attempt(s, 'v6user99', WRONG, '2001:db8:1:2:ffff::9')).status).toBe(429);
      expect((await attempt(s, 'v6user99', WRONG, '2001:db8:1:3::1')).status).toBe(401);
    });

    it('[S21] an administrator lifts the limit of a user (unlock, or a password reset)', async () => {
      const { user } = await s.signIn('operator', 'kasia');
      const { client: admin } = await s.signIn('admin');
      for (let i = 0; i < 5; i++) await attempt(s, 'kasia', WRONG, '8.8.8.8');
      expect((await attempt(s, 'kasia', TEST_PASSWORD, '8.8.8.8')).status).toBe(429);
      const { client: operator } = await s.signIn('operator');
      expect((await operator.request('POST', `/api/users/${user.id}/unlock`, {})).status).toBe(403);
      expect((await admin.request('POST', `/api/users/${user.id}/unlock`, {})).status).toBe(200);
      expect((await admin.request('POST', '/api/users/no-such-user/unlock', {})).status).toBe(404);
      expect(await s.count('audit', "collection = 'users' AND doc_id = $1 AND path = 'loginLimits'", [user.id])).toBe(1);
      expect((await attempt(s, 'kasia', TEST_PASSWORD, '8.8.8.8')).status).toBe(200);

      for (let i = 0; i < 5; i++) await attempt(s, 'kasia', WRONG, '8.8.8.8');
      expect((await attempt(s, 'kasia', TEST_PASSWORD, '8.8.8.8')).status).toBe(429);
      const NEW_PASSWORD = 'nowe-haslo-kasi-123';
      expect((await admin.request('POST', `/api/users/${user.id}/password`, { password: NEW_PASSWORD })).status).toBe(200);
      expect((await attempt(s, 'kasia', NEW_PASSWORD, '8.8.8.8')).status).toBe(200);
    });

    it('[S21] limits are kept in the database: failures through one instance are limited on another', async () => {
      await s.signIn('operator', 'leon');
      const other = await s.makeApp();
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'leon', WRONG, '6.7.8.9')).status).toBe(401);
      expect((await attempt(s, 'leon', WRONG, '6.7.8.9', other)).status).toBe(429);
      expect(await s.count('login_limits')).toBeGreaterThan(0);
    });
  },
  { deps: { trustProxy: true, loginLimits: LIMITS } },
);

contractSuite(
  'login limits behind a proxy that is not trusted (every user shares one address)',
  (s) => {
    it('[S21] an attack on one account and a spray over many do not refuse the right password of others', async () => {
      const users = ['marek', 'nina', 'olek'];
      for (const login of users) await s.signIn('operator', login);
      // The organisation's users signed in earlier through the proxy.
      for (const login of users) expect((await attempt(s, login, TEST_PASSWORD)).status).toBe(200);
      // An attacker through the same proxy: one account hammered, many logins sprayed.
      for (let i = 0; i < 20; i++) await attempt(s, 'marek', WRONG);
      for (let i = 0; i < 20; i++) await attempt(s, `spray${i}`, WRONG);
      expect((await attempt(s, 'marek', WRONG)).status).toBe(429);
      expect((await attempt(s, 'spray99', WRONG)).status).toBe(429);
      expect((await attempt(s, 'nina', TEST_PASSWORD)).status).toBe(200);
      expect((await attempt(s, 'olek', TEST_PASSWORD)).status).toBe(200);
      // The attacked account itself waits only a bounded, short backoff, never a wall.
      const marek = await attempt(s, 'marek', TEST_PASSWORD);
      expect(marek.status).toBe(429);
      expect(retryAfter(marek)).toBeLessThanOrEqual(60);
      s.clock.now += retryAfter(marek) * 1000;
      expect((await attempt(s, 'marek', TEST_PASSWORD)).status).toBe(200);
    });
  },
  { deps: { loginLimits: LIMITS } },
);
