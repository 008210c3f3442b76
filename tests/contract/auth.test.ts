// Contract: first-run setup, sign-in, sessions and login rate limits on every backend.
import { expect, it } from 'vitest';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import type { LoginLimits } from '../../sync-server/auth/rate-limit.ts';
import { SESSION_KEEP_MS, SESSION_TTL_MS } from '../../sync-server/auth/sessions.ts';
import { TestClient } from './client.ts';
import { TEST_PASSWORD, contractSuite } from './harness.ts';

const ADMIN = { name: 'Anna Nowak', login: 'Anna.Nowak', password: 'bardzo-tajne-haslo' };

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  return ((await response.json()) as ApiErrorBody).error;
}

contractSuite('setup and sign-in', (s) => {
  it('setup runs once: needed → admin created and signed in → SETUP_DONE', async () => {
    const client = s.client();
    expect(await client.json('GET', '/api/setup')).toEqual({ needed: true });
    const created = await client.request('POST', '/api/setup', ADMIN);
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { login: string; role: string } };
    expect(user).toMatchObject({ login: 'anna.nowak', name: 'Anna Nowak', role: 'admin' });
    expect(await client.json('GET', '/api/auth/me')).toEqual({ user });
    expect(await client.json('GET', '/api/setup')).toEqual({ needed: false });

    const again = await s.client().request('POST', '/api/setup', { ...ADMIN, login: 'intruz' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('SETUP_DONE');
    expect(await s.count('users')).toBe(1);
  });

  it('setup is race-safe: concurrent first-run forms create exactly one administrator', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => s.client().request('POST', '/api/setup', { ...ADMIN, login: `admin${i}` })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await s.count('users')).toBe(1);
  });

  it('setup validates with field issues (pl+en message): login format, password length, name', async () => {
    const response = await s.client().request('POST', '/api/setup', { name: ' ', login: 'ab', password: 'short' });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'VALIDATION', kind: 'reject' });
    expect(error.message.pl).toBeTruthy();
    expect(error.message.en).toBeTruthy();
    expect(error.issues).toEqual([
      { field: 'name', code: 'userName.required' },
      { field: 'login', code: 'login.format' },
      { field: 'password', code: 'password.tooShort' },
    ]);
    const polish = await s.client().request('POST', '/api/setup', { ...ADMIN, login: 'żółw' });
    expect((await errorOf(polish)).issues).toEqual([{ field: 'login', code: 'login.format' }]);
    expect(await s.count('users')).toBe(0);
  });

  it('passwords are stored as self-describing scrypt strings, sessions as SHA-256 only', async () => {
    const client = s.client();
    await client.request('POST', '/api/setup', ADMIN);
    const users = await s.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(users.rows[0]?.password_hash).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    const token = client.cookie.split('=')[1]!;
    const sessions = await s.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(sessions.rows).toHaveLength(1);
    expect(sessions.rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sessions.rows[0]?.token_hash).not.toContain(token);
  });

  it('login sets an HttpOnly SameSite=Lax cookie (Secure when PUBLIC_URL is https); me and logout work', async () => {
    const { user } = await s.signIn('operator', 'jan.kowalski');
    const client = s.client();
    const response = await client.request('POST', '/api/auth/login', { login: 'Jan.Kowalski', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: { id: user.id, login: 'jan.kowalski', name: user.name, role: 'operator' } });
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^kartoteka_session=[A-Za-z0-9_-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await client.json('GET', '/api/auth/me')).toEqual({ user: { id: user.id, login: 'jan.kowalski', name: user.name, role: 'operator' } });

    const remoteApp = await s.makeApp({ publicUrls: 'https://kartoteka.example.pl' });
    const remote = await remoteApp.request('https://kartoteka.example.pl/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kartoteka-protocol': '1', origin: 'https://kartoteka.example.pl' },
      body: JSON.stringify({ login: 'jan.kowalski', password: TEST_PASSWORD }),
    });
    expect(remote.headers.getSetCookie()[0]).toMatch(/; Secure/);

    const stolen = client.cookie;
    const out = await client.request('POST', '/api/auth/logout', {});
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^kartoteka_session=; Max-Age=0/);
    // The session is gone server-side: a copy of the old cookie is refused.
    const replay = new TestClient(s.app);
    replay.cookie = stolen;
    const replayed = await replay.request('GET', '/api/auth/me');
    expect(replayed.status).toBe(401);
    expect((await errorOf(replayed)).reason).toBe('ended');
  });

  it('wrong passwords and unknown logins get the same 401; inactive users are refused', async () => {
    const { client: session } = await s.signIn('operator', 'ewa');
    const wrong = await s.client().request('POST', '/api/auth/login', { login: 'ewa', password: 'nie-to-haslo-wcale' });
    const unknown = await s.client().request('POST', '/api/auth/login', { login: 'nikt', password: 'nie-to-haslo-wcale' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await errorOf(wrong)).message).toEqual((await errorOf(unknown)).message);

    await s.db.query("UPDATE users SET active = false WHERE login = 'ewa'");
    expect((await s.client().request('POST', '/api/auth/login', { login: 'ewa', password: TEST_PASSWORD })).status).toBe(401);
    const me = await session.request('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect((await errorOf(me)).reason).toBe('deactivated');
    expect((await session.request('POST', '/api/sync/clients/pull', { checkpoint: null, limit: 1 })).status).toBe(401);
  });

  it('sessions expire server-side after 14 days', async () => {
    const { client } = await s.signIn('operator');
    s.clock.now += SESSION_TTL_MS - 60_000;
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
    // Used within its lifetime, the session was extended; unused for 14 days it expires.
    s.clock.now += SESSION_TTL_MS + 1;
    const expired = await client.request('GET', '/api/auth/me');
    expect(expired.status).toBe(401);
    // The row stays (until SESSION_KEEP_MS) so the device is told why: 'expired', not 'ended'.
    expect(await errorOf(expired)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired' });
    expect(await s.count('sessions')).toBe(1);
    // Expired rows are purged once they are older than SESSION_KEEP_MS (at the next sign-in).
    s.clock.now += SESSION_KEEP_MS;
    await s.signIn('operator');
    expect(await s.count('sessions')).toBe(1);
    expect((await errorOf(await client.request('GET', '/api/auth/me'))).reason).toBe('ended');
  });

  it('unauthenticated requests are refused with 401 UNAUTHENTICATED (kind fatal)', async () => {
    const client = s.client();
    for (const [method, path, body] of [
      ['GET', '/api/auth/me', undefined],
      ['POST', '/api/sync/clients/pull', { checkpoint: null, limit: 10 }],
      ['POST', '/api/sync/orders/push', { rows: [] }],
      ['GET', '/api/sync/stream', undefined],
    ] as const) {
      const response = await client.request(method, path, body);
      expect(response.status, path).toBe(401);
      expect(await errorOf(response)).toMatchObject({ code: 'UNAUTHENTICATED', kind: 'fatal' });
    }
    client.cookie = 'kartoteka_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
  });
});

const LIMITS: LoginLimits = {
  pair: { free: 3, leakMs: 10 * 60_000 },
  login: { free: 10, leakMs: 10 * 60_000 },
  address: { free: 5, leakMs: 10 * 60_000 },
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  trustMs: 30 * 24 * 60 * 60_000,
};

contractSuite(
  'login rate limits',
  (s) => {
    const attempt = (login: string, forwardedFor?: string) =>
      s.client().request('POST', '/api/auth/login', { login, password: 'zle-haslo-123' }, { 'x-forwarded-for': forwardedFor });

    it('[S21] a login guessed from one address waits there, with Retry-After, even with the right password; then it works', async () => {
      await s.signIn('operator', 'celina');
      for (let i = 0; i < 3; i++) expect((await attempt('celina')).status).toBe(401);
      const limited = await s.client().request('POST', '/api/auth/login', { login: 'celina', password: TEST_PASSWORD });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBe(1);
      expect((await errorOf(limited)).kind).toBe('retry');
      s.clock.now += 1000;
      expect((await s.client().request('POST', '/api/auth/login', { login: 'celina', password: TEST_PASSWORD })).status).toBe(200);
    });

    it('[S21] one address trying many logins waits; a spoofed X-Forwarded-For does not help', async () => {
      for (let i = 0; i < 5; i++) expect((await attempt(`login${i}`, `10.0.0.${i}`)).status).toBe(401);
      expect((await attempt('login99', '10.9.9.9')).status).toBe(429);
    });
  },
  { deps: { loginLimits: LIMITS } },
);

contractSuite(
  'login rate limits behind a trusted proxy',
  (s) => {
    it('[S21] with trustProxy the address is the last X-Forwarded-For entry, so clients are counted apart', async () => {
      const attempt = (login: string, forwardedFor: string) =>
        s.client().request('POST', '/api/auth/login', { login, password: 'zle-haslo-123' }, { 'x-forwarded-for': forwardedFor });
      for (let i = 0; i < 5; i++) expect((await attempt(`user${i}`, '1.1.1.1, 10.0.0.1')).status).toBe(401);
      expect((await attempt('user9', '2.2.2.2, 10.0.0.1')).status).toBe(429);
      expect((await attempt('user9', '10.0.0.2')).status).toBe(401);
    });
  },
  { deps: { trustProxy: true, loginLimits: LIMITS } },
);
