// Contract: people and access — the users API, sessions and why they end, binding and closing orders [S13–S15, P4–P6].
import { expect, it } from 'vitest';
import type { ManagedUser } from '../../schemas/protocol/admin.ts';
import type { ApiErrorBody } from '../../schemas/protocol/errors.ts';
import { SESSION_TTL_MS } from '../../sync-server/auth/sessions.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { TEST_PASSWORD, contractSuite, type SignedIn } from './harness.ts';
import { openStream } from './stream-reader.ts';

const NEW_PASSWORD = 'nowe hasło do konta';
type ErrorBody = ApiErrorBody['error'];

/** A request's status and parsed body. */
async function call(client: TestClient, path: string, body: unknown = {}, method = 'POST'): Promise<{ status: number; body: Record<string, unknown> & { error?: ErrorBody } }> {
  const response = await client.request(method, path, method === 'GET' ? undefined : body);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: ErrorBody } };
}

/** The request is refused with this status, error code and exactly these field issues. */
async function refused(client: TestClient, path: string, body: unknown, status: number, code: string, issues: { field: string; code: string }[]): Promise<void> {
  const { status: got, body: answer } = await call(client, path, body);
  expect({ status: got, code: answer.error?.code, issues: answer.error?.issues }, `${path} ${JSON.stringify(body).slice(0, 120)}`).toEqual({ status, code, issues });
  expect(answer.error?.message.pl, 'a Polish message').toBeTruthy();
  expect(answer.error?.message.en, 'an English message').toBeTruthy();
}

/** Why the session of `client` is refused now (401 `reason`), or 'ok'. */
async function sessionState(client: TestClient): Promise<string> {
  const response = await client.request('GET', '/api/auth/me');
  if (response.status === 200) return 'ok';
  expect(response.status).toBe(401);
  const { error } = (await response.json()) as ApiErrorBody;
  expect(error.code).toBe('UNAUTHENTICATED');
  return error.reason ?? 'none';
}

contractSuite('people and access', (s) => {
  /** Signs in again as `login` on a new device (a real /login, so a second session). */
  async function device(login: string, password = TEST_PASSWORD): Promise<TestClient> {
    const client = s.client(`dev-${login}-${Math.random().toString(36).slice(2, 8)}`);
    const response = await client.request('POST', '/api/auth/login', { login, password });
    expect(response.status, `login ${login}`).toBe(200);
    return client;
  }

  const createUser = async (by: SignedIn, input: { login: string; name: string; role: string; managerId?: string; password?: string }) =>
    (await by.client.json<{ user: ManagedUser }>('POST', '/api/users', { password: TEST_PASSWORD, managerId: '', ...input }, 201)).user;

  // ---- the users API [P6] ----------------------------------------------------------------------

  it('[P6] POST /api/users validates every field with its own issue code; hostile names are refused', async () => {
    const admin = await s.signIn('admin');
    const before = await s.count('users');
    const ok = { login: 'ewa.nowak', name: 'Ewa Nowak', role: 'operator', password: TEST_PASSWORD, managerId: '' };
    await refused(admin.client, '/api/users', {}, 422, 'VALIDATION', [
      { field: 'name', code: 'userName.required' },
      { field: 'login', code: 'login.required' },
      { field: 'password', code: 'password.required' },
      { field: 'role', code: 'role.required' },
    ]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '   ' }, 'name', 'userName.required'],
      [{ name: 'x'.repeat(201) }, 'name', 'userName.tooLong'],
      [{ name: 'Jan\u0007Kowalski' }, 'name', 'chars.control'], // BEL
      [{ name: 'Jan\nKowalski' }, 'name', 'chars.control'],
      [{ name: 'Jan\u0000' + 'Kowalski' }, 'name', 'chars.control'], // NUL cannot even be stored
      [{ name: 'Jan\u009bKowalski' }, 'name', 'chars.control'], // C1 CSI
      [{ name: '\u202eikswolwoK naJ' }, 'name', 'chars.control'], // right-to-left override
      [{ name: 'Jan \u2066Kowalski\u2069' }, 'name', 'chars.control'], // bidi isolate
      [{ name: 42 }, 'name', 'userName.required'],
      [{ login: 'ab' }, 'login', 'login.format'],
      [{ login: 'żółw' }, 'login', 'login.format'],
      [{ login: 'jan kowalski' }, 'login', 'login.format'],
      [{ login: 'a'.repeat(65) }, 'login', 'login.format'],
      [{ login: ['admin'] }, 'login', 'login.required'],
      [{ password: 'krótkie' }, 'password', 'password.tooShort'],
      [{ password: 'x'.repeat(1001) }, 'password', 'password.tooLong'],
      [{ role: 'root' }, 'role', 'role.required'],
      [{ role: 'Admin' }, 'role', 'role.required'],
      [{ managerId: 42 }, 'managerId', 'value.type'],
      [{ managerId: 'x'.repeat(65) }, 'managerId', 'value.type'],
    ];
    for (const [change, field, code] of cases) await refused(admin.client, '/api/users', { ...ok, ...change }, 422, 'VALIDATION', [{ field, code }]);
    expect(await s.count('users')).toBe(before);
    // A name with ordinary Polish letters, apostrophes and hyphens is fine, trimmed.
    const user = await createUser(admin, { ...ok, name: '  Zofia Łęcka-O’Brien ' });
    expect(user).toMatchObject({ login: 'ewa.nowak', name: 'Zofia Łęcka-O’Brien', role: 'operator', managerId: '', active: true, manageable: true });
    // The same checks on a change; unknown fields are refused, not ignored.
    const path = `/api/users/${user.id}`;
    await refused(admin.client, path, { name: 'Ewa\u001bNowak' }, 422, 'VALIDATION', [{ field: 'name', code: 'chars.control' }]);
    await refused(admin.client, path, { name: '' }, 422, 'VALIDATION', [{ field: 'name', code: 'userName.required' }]);
    await refused(admin.client, path, { role: 'boss' }, 422, 'VALIDATION', [{ field: 'role', code: 'role.required' }]);
    await refused(admin.client, path, { active: 'no' }, 422, 'VALIDATION', [{ field: 'active', code: 'value.type' }]);
    await refused(admin.client, path, { login: 'inny.login' }, 422, 'VALIDATION', [{ field: 'login', code: 'document.invalid' }]);
    await refused(admin.client, path, { passwordHash: 'x' }, 422, 'VALIDATION', [{ field: 'passwordHash', code: 'document.invalid' }]);
    await refused(admin.client, `/api/users/${user.id}/password`, { password: 'krótkie' }, 422, 'VALIDATION', [{ field: 'password', code: 'password.tooShort' }]);
    await refused(admin.client, '/api/users/no-such-user', { name: 'Ktoś' }, 404, 'NOT_FOUND', [{ field: '', code: 'user.notFound' }]);
    await refused(admin.client, '/api/users/no-such-user/password', { password: NEW_PASSWORD }, 404, 'NOT_FOUND', [{ field: '', code: 'user.notFound' }]);
    expect((await s.db.query<{ name: string; login: string }>('SELECT name, login FROM users WHERE id = $1', [user.id])).rows).toEqual([
      { name: 'Zofia Łęcka-O’Brien', login: 'ewa.nowak' },
    ]);
  });

  it('[P6] a login is taken case-insensitively, also by two administrators creating it at once', async () => {
    const admin = await s.signIn('admin');
    const other = await s.signIn('admin');
    await createUser(admin, { login: 'Jan.Kowalski', name: 'Jan Kowalski', role: 'verifier' });
    for (const login of ['jan.kowalski', 'JAN.KOWALSKI', '  Jan.Kowalski  ']) {
      await refused(admin.client, '/api/users', { login, name: 'Inny Jan', role: 'verifier', password: TEST_PASSWORD, managerId: '' }, 422, 'VALIDATION', [
        { field: 'login', code: 'login.taken' },
      ]);
    }
    const body = { login: 'Anna.Wolna', name: 'Anna Wolna', role: 'principal', password: TEST_PASSWORD, managerId: '' };
    const race = await Promise.all([call(admin.client, '/api/users', body), call(other.client, '/api/users', { ...body, login: 'anna.wolna' })]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(race.find((r) => r.status === 422)?.body.error?.issues).toEqual([{ field: 'login', code: 'login.taken' }]);
    expect(await s.count('users', "lower(login) IN ('jan.kowalski', 'anna.wolna')")).toBe(2);
    // The stored login is the normalised one: signing in works in any case.
    expect((await s.client().request('POST', '/api/auth/login', { login: 'JAN.kowalski', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('[P6] managers must fit the structure: operators under a supervisor, supervisors under a coordinator, active ones', async () => {
    const admin = await s.signIn('admin');
    const coordinator = await s.signIn('coordinator');
    const supervisor = await s.signIn('supervisor');
    const retired = await s.signIn('supervisor');
    await admin.client.json('POST', `/api/users/${retired.user.id}`, { active: false });
    const body = (role: string, managerId: string) => ({ login: `u-${role}-${managerId.slice(0, 6)}`, name: 'Nowa Osoba', role, password: TEST_PASSWORD, managerId });
    await refused(admin.client, '/api/users', body('operator', coordinator.user.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.supervisor' }]);
    await refused(admin.client, '/api/users', body('operator', retired.user.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.supervisor' }]);
    await refused(admin.client, '/api/users', body('operator', 'nobody'), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.supervisor' }]);
    await refused(admin.client, '/api/users', body('supervisor', supervisor.user.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.coordinator' }]);
    await refused(admin.client, '/api/users', body('principal', coordinator.user.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.notAllowed' }]);
    const op = await createUser(admin, body('operator', supervisor.user.id));
    expect(op.managerId).toBe(supervisor.user.id);
    // Moves follow the same rules.
    await refused(admin.client, `/api/users/${op.id}`, { managerId: coordinator.user.id }, 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.supervisor' }]);
  });

  it('[P6] a coordinator manages only supervisors under themselves and those supervisors\' operators', async () => {
    const admin = await s.signIn('admin');
    const C = await s.signIn('coordinator');
    const C2 = await s.signIn('coordinator');
    const foreignSup = await createUser(admin, { login: 'obcy.opiekun', name: 'Obcy Opiekun', role: 'supervisor', managerId: C2.user.id });
    const foreignOp = await createUser(admin, { login: 'obcy.operator', name: 'Obcy Operator', role: 'operator', managerId: foreignSup.id });
    const body = (login: string, role: string, managerId: string) => ({ login, name: 'Nowa Osoba', role, password: TEST_PASSWORD, managerId });

    const sup = await createUser(C, body('moj.opiekun', 'supervisor', C.user.id));
    const op = await createUser(C, body('moj.operator', 'operator', sup.id));
    expect([sup.managerId, op.managerId]).toEqual([C.user.id, sup.id]);
    for (const role of ['admin', 'coordinator', 'principal', 'verifier']) {
      await refused(C.client, '/api/users', body(`x-${role}`, role, ''), 422, 'VALIDATION', [{ field: 'role', code: 'role.notYours' }]);
    }
    await refused(C.client, '/api/users', body('bez.kierownika', 'supervisor', ''), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.coordinator' }]);
    await refused(C.client, '/api/users', body('pod.obcym', 'supervisor', C2.user.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.notYours' }]);
    await refused(C.client, '/api/users', body('op.obcy', 'operator', foreignSup.id), 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.notYours' }]);

    // The list shows everyone, `manageable` marks their own part of the structure.
    const { users } = await C.client.json<{ users: ManagedUser[] }>('GET', '/api/users');
    const manageable = users.filter((u) => u.manageable).map((u) => u.id).sort();
    expect(manageable).toEqual([sup.id, op.id].sort());
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining([admin.user.id, C2.user.id, foreignSup.id, foreignOp.id]));

    // Own part: rename, move between own supervisors, deactivate. Never a role change, never outside.
    const sup2 = await createUser(C, body('drugi.opiekun', 'supervisor', C.user.id));
    expect((await C.client.json<{ user: ManagedUser }>('POST', `/api/users/${op.id}`, { managerId: sup2.id })).user.managerId).toBe(sup2.id);
    await refused(C.client, `/api/users/${op.id}`, { managerId: foreignSup.id }, 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.notYours' }]);
    await refused(C.client, `/api/users/${op.id}`, { role: 'verifier' }, 422, 'VALIDATION', [{ field: 'role', code: 'role.notYours' }]);
    await refused(C.client, `/api/users/${sup.id}`, { managerId: '' }, 422, 'VALIDATION', [{ field: 'managerId', code: 'manager.must.coordinator' }]);
    for (const target of [foreignSup.id, foreignOp.id, C2.user.id, admin.user.id, C.user.id]) {
      await refused(C.client, `/api/users/${target}`, { name: 'Zmieniony' }, 403, 'FORBIDDEN', [{ field: '', code: 'permission.user' }]);
      await refused(C.client, `/api/users/${target}/password`, { password: NEW_PASSWORD }, 403, 'FORBIDDEN', [{ field: '', code: 'permission.user' }]);
    }
    expect((await C.client.json<{ user: ManagedUser }>('POST', `/api/users/${op.id}`, { active: false })).user.active).toBe(false);

    // Nobody else administers users at all.
    for (const role of ['supervisor', 'principal', 'operator', 'verifier'] as const) {
      const who = await s.signIn(role);
      expect((await call(who.client, '/api/users', undefined, 'GET')).body.error).toMatchObject({ code: 'FORBIDDEN', issues: [{ field: '', code: 'permission.user' }] });
      await refused(who.client, '/api/users', body(`z-${role}`, 'operator', sup.id), 403, 'FORBIDDEN', [{ field: '', code: 'permission.user' }]);
      await refused(who.client, `/api/users/${op.id}`, { name: 'Zmieniony' }, 403, 'FORBIDDEN', [{ field: '', code: 'permission.user' }]);
      await refused(who.client, `/api/users/${who.user.id}/password`, { password: NEW_PASSWORD }, 403, 'FORBIDDEN', [{ field: '', code: 'permission.user' }]);
    }
  });

  it('[P6] nobody deactivates themselves or changes their own role; a user with active subordinates keeps their role', async () => {
    const admin = await s.signIn('admin');
    const sup = await s.signIn('supervisor');
    const sup2 = await s.signIn('supervisor');
    const op = await createUser(admin, { login: 'podwladny', name: 'Piotr Podwładny', role: 'operator', managerId: sup.user.id });
    await refused(admin.client, `/api/users/${admin.user.id}`, { active: false }, 422, 'VALIDATION', [{ field: 'active', code: 'user.self' }]);
    await refused(admin.client, `/api/users/${admin.user.id}`, { role: 'operator' }, 422, 'VALIDATION', [{ field: 'role', code: 'user.self' }]);
    expect(await sessionState(admin.client)).toBe('ok');
    // The administrator may still rename themselves.
    expect((await admin.client.json<{ user: ManagedUser }>('POST', `/api/users/${admin.user.id}`, { name: 'Główny Administrator' })).user.name).toBe('Główny Administrator');

    await refused(admin.client, `/api/users/${sup.user.id}`, { role: 'verifier' }, 422, 'VALIDATION', [{ field: 'role', code: 'user.hasSubordinates' }]);
    expect((await s.db.query('SELECT role FROM users WHERE id = $1', [sup.user.id])).rows).toEqual([{ role: 'supervisor' }]);
    // Once the operator has moved to another supervisor, the role may change (and the manager is cleared).
    await admin.client.json('POST', `/api/users/${op.id}`, { managerId: sup2.user.id });
    const changed = await admin.client.json<{ user: ManagedUser }>('POST', `/api/users/${sup.user.id}`, { role: 'verifier' });
    expect(changed.user).toMatchObject({ role: 'verifier', managerId: '' });
    expect(await sessionState(sup.client)).toBe('ok');
    expect((await sup.client.json<{ user: { role: string } }>('GET', '/api/auth/me')).user.role).toBe('verifier');
  });

  it('[S15] deactivation ends every session of the user at once (reason deactivated); reactivation needs a new sign-in', async () => {
    const admin = await s.signIn('admin');
    const sup = await s.signIn('supervisor');
    const op = await createUser(admin, { login: 'marta', name: 'Marta Wiśniewska', role: 'operator', managerId: sup.user.id });
    const devices = [await device('marta'), await device('marta'), await device('marta')];
    const bystander = await s.signIn('operator');
    for (const d of devices) expect(await sessionState(d)).toBe('ok');

    await admin.client.json('POST', `/api/users/${op.id}`, { active: false });
    for (const d of devices) {
      expect(await sessionState(d)).toBe('deactivated');
      for (const collection of ['orders', 'clients', 'assignments', 'users']) {
        const pull = await d.request('POST', `/api/sync/${collection}/pull`, { checkpoint: null, limit: 10 });
        expect(pull.status).toBe(401);
        expect(((await pull.json()) as ApiErrorBody).error.reason).toBe('deactivated');
      }
      expect((await d.request('POST', '/api/sync/clients/push', { rows: [] })).status).toBe(401);
    }
    expect(await s.count('sessions', "user_id = $1 AND ended_reason = 'deactivated'", [op.id])).toBe(3);
    // Nobody else is signed out.
    for (const other of [admin.client, sup.client, bystander.client]) expect(await sessionState(other)).toBe('ok');
    expect((await s.client().request('POST', '/api/auth/login', { login: 'marta', password: TEST_PASSWORD })).status).toBe(401);

    // Reactivated: the old sessions stay ended (those devices were wiped), a new sign-in works.
    expect((await admin.client.json<{ user: ManagedUser }>('POST', `/api/users/${op.id}`, { active: true })).user.active).toBe(true);
    for (const d of devices) expect(await sessionState(d)).toBe('deactivated');
    expect(await sessionState(await device('marta'))).toBe('ok');
  });

  it('[S15] a password reset ends the user\'s other sessions (reason password-reset); the resetting session keeps working', async () => {
    const admin = await s.signIn('admin', 'szef');
    const adminElsewhere = await device('szef');
    const op = await createUser(admin, { login: 'tomasz', name: 'Tomasz Lis', role: 'operator' });
    const opDevices = [await device('tomasz'), await device('tomasz')];

    await admin.client.json('POST', `/api/users/${op.id}/password`, { password: NEW_PASSWORD });
    for (const d of opDevices) expect(await sessionState(d)).toBe('password-reset');
    expect((await s.client().request('POST', '/api/auth/login', { login: 'tomasz', password: TEST_PASSWORD })).status).toBe(401);
    expect(await sessionState(await device('tomasz', NEW_PASSWORD))).toBe('ok');
    expect(await sessionState(adminElsewhere)).toBe('ok');

    // Resetting one's own password: every other device is signed out, this one stays.
    await admin.client.json('POST', `/api/users/${admin.user.id}/password`, { password: NEW_PASSWORD });
    expect(await sessionState(admin.client)).toBe('ok');
    expect(await sessionState(adminElsewhere)).toBe('password-reset');
    // The hash never leaves the server, and the change is not an account change the device sees.
    const stored = await s.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [op.id]);
    expect(stored.rows[0]!.password_hash).toMatch(/^\$scrypt\$/);
  });

  it('[S15] a logout ends the session (reason ended); 15 days unused it expires (reason expired)', async () => {
    const op = await s.signIn('operator', 'krzysztof');
    const second = await device('krzysztof');
    const kept = second.cookie;
    await second.request('POST', '/api/auth/logout', {});
    second.cookie = kept; // a copy of the cookie kept somewhere
    expect(await sessionState(second)).toBe('ended');
    expect(await sessionState(op.client)).toBe('ok');
    s.clock.now += 15 * 24 * 60 * 60 * 1000;
    expect(15 * 24 * 60 * 60 * 1000).toBeGreaterThan(SESSION_TTL_MS);
    expect(await sessionState(op.client)).toBe('expired');
    expect(await sessionState(second)).toBe('ended');
    // A session token never issued is just 'ended'.
    const forged = s.client();
    forged.cookie = `kartoteka_session=${'A'.repeat(43)}`;
    expect(await sessionState(forged)).toBe('ended');
  });

  it('[S14][S15] the stream of a deactivated user ends at once, and so does a stream signed out by a password reset', async () => {
    const admin = await s.signIn('admin');
    const op = await createUser(admin, { login: 'strumien', name: 'Stefan Strumień', role: 'operator' });
    const other = await createUser(admin, { login: 'drugi', name: 'Dorota Druga', role: 'operator' });
    const opDevice = await device('strumien');
    const otherDevice = await device('drugi');
    const bystander = await openStream(admin.client);
    const stream = await openStream(opDevice);
    const otherStream = await openStream(otherDevice);
    for (const st of [bystander, stream, otherStream]) expect(await st.next()).toBe('data: {"type":"resync"}');

    // The default heartbeat is 15 s: an end within the 3 s wait comes from the scope event, not a heartbeat.
    await admin.client.json('POST', `/api/users/${op.id}`, { active: false });
    let block: string | null;
    do block = await stream.next(); while (block !== null && block.startsWith('data: {"type":"changed"'));
    expect(block).toBeNull();

    await admin.client.json('POST', `/api/users/${other.id}/password`, { password: NEW_PASSWORD });
    do block = await otherStream.next(); while (block !== null && block.startsWith('data: {"type":"changed"'));
    expect(block).toBeNull();

    // The administrator's stream is still open and hears the change of the directory.
    expect(await bystander.next()).toMatch(/^data: \{"type":"changed"/);
    await bystander.close();
  });

  it('[S13] GET /api/users never returns a password hash; directory pulls carry no login and no hash', async () => {
    const admin = await s.signIn('admin');
    const C = await s.signIn('coordinator');
    const sup = await createUser(admin, { login: 'tajny.login.opiekuna', name: 'Halina Opiekuńcza', role: 'supervisor', managerId: C.user.id });
    const op = await createUser(admin, { login: 'tajny.login.operatora', name: 'Oskar Operator', role: 'operator', managerId: sup.id });
    const supDevice = await device('tajny.login.opiekuna');
    const opDevice = await device('tajny.login.operatora');
    // The directory document is written at creation and rewritten at every change: check both.
    await admin.client.json('POST', `/api/users/${op.id}`, { name: 'Oskar Operator-Nowak' });
    const hashes = (await s.db.query<{ password_hash: string }>('SELECT password_hash FROM users')).rows.map((r) => r.password_hash);

    for (const who of [admin.client, C.client]) {
      const response = await who.request('GET', '/api/users');
      const text = await response.text();
      expect(response.status).toBe(200);
      for (const hash of hashes) expect(text).not.toContain(hash.split('$').pop()!);
      expect(text).not.toMatch(/scrypt|password|hash/i);
      const { users } = JSON.parse(text) as { users: ManagedUser[] };
      for (const user of users) expect(Object.keys(user).sort()).toEqual(['active', 'createdAt', 'id', 'login', 'manageable', 'managerId', 'name', 'role']);
      expect(users.find((u) => u.id === op.id)).toMatchObject({ login: 'tajny.login.operatora', name: 'Oskar Operator-Nowak', managerId: sup.id });
    }

    const seen = new Set<string>();
    for (const who of [admin.client, C.client, supDevice, opDevice]) {
      const text = JSON.stringify((await who.pullAll('users')).documents);
      expect(text).not.toContain('tajny.login');
      expect(text).not.toMatch(/scrypt|password|hash|login/i);
      for (const doc of (await who.pullAll('users')).documents) {
        expect(Object.keys(doc).sort()).toEqual(['_deleted', 'active', 'id', 'managerId', 'name', 'role', 'updatedAt']);
        seen.add(String(doc.id));
      }
    }
    // The operator's directory: themselves and their supervisor, nothing else.
    expect((await opDevice.pullAll('users')).documents.map((d) => d.id).sort()).toEqual([op.id, sup.id].sort());
    expect(seen).toContain(op.id);
  });

  it('[S13] renaming a user rewrites the name on their bindings, so the team reads without the directory', async () => {
    const admin = await s.signIn('admin');
    const principal = await s.signIn('principal');
    const op = await s.signIn('operator');
    await principal.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: principal.user.id }))]);
    await principal.client.json('POST', '/api/orders/o1/team', { userId: op.user.id }, 201);
    const before = await principal.client.pullAll('assignments');
    expect(before.documents).toMatchObject([{ id: `o1:${op.user.id}`, userName: op.user.name }]);
    await admin.client.json('POST', `/api/users/${op.user.id}`, { name: 'Nowe Nazwisko' });
    const after = await principal.client.pull('assignments', before.checkpoint);
    expect(after.documents).toMatchObject([{ id: `o1:${op.user.id}`, userName: 'Nowe Nazwisko', _deleted: false }]);
  });

  // ---- binding users to orders [P6] --------------------------------------------------------------

  /** Principal P owns o1, P2 owns o2; coordinator C manages S, S manages op, S2 manages op2; S supervises o1. */
  async function team() {
    const admin = await s.signIn('admin');
    const C = await s.signIn('coordinator');
    const S = await s.signIn('supervisor');
    const S2 = await s.signIn('supervisor');
    const P = await s.signIn('principal');
    const P2 = await s.signIn('principal');
    const V = await s.signIn('verifier');
    const op = await s.signIn('operator');
    const op2 = await s.signIn('operator');
    await s.setManager(S.user.id, C.user.id);
    await s.setManager(S2.user.id, C.user.id);
    await s.setManager(op.user.id, S.user.id);
    await s.setManager(op2.user.id, S2.user.id);
    expect((await P.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: P.user.id }))])).refused).toEqual([]);
    expect((await P2.client.push('orders', [created(makeOrder({ id: 'o2', createdBy: P2.user.id }))])).refused).toEqual([]);
    await s.bind('o1', S.user.id);
    return { admin, C, S, S2, P, P2, V, op, op2 };
  }
  const bindPath = (orderId: string) => `/api/orders/${orderId}/team`;

  it('[P6] a supervisor binds their own operator to an order they supervise — not a foreign operator, not to a foreign order', async () => {
    const { S, op, op2, V, S2 } = await team();
    const bound = await S.client.json<{ assignment: Doc }>('POST', bindPath('o1'), { userId: op.user.id }, 201);
    expect(bound.assignment).toMatchObject({ id: `o1:${op.user.id}`, orderId: 'o1', userId: op.user.id, userName: op.user.name, role: 'operator', closed: false, boundBy: S.user.id });
    // Binding again changes nothing.
    expect((await S.client.json<{ assignment: Doc }>('POST', bindPath('o1'), { userId: op.user.id }, 201)).assignment).toEqual(bound.assignment);
    // [S31] Users and orders the supervisor cannot bind are answered as if nobody had their ids.
    for (const target of [op2, V, S2]) await refused(S.client, bindPath('o1'), { userId: target.user.id }, 404, 'NOT_FOUND', [{ field: '', code: 'user.notFound' }]);
    await refused(S.client, bindPath('o2'), { userId: op.user.id }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]);
    // Unbinding follows the same rule.
    await refused(S2.client, `${bindPath('o1')}/${op.user.id}/unbind`, {}, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]);
    expect((await S.client.json('POST', `${bindPath('o1')}/${op.user.id}/unbind`, {})) as unknown).toEqual({ ok: true });
    // [S32] Unbinding again changes nothing and answers the same.
    expect((await S.client.json('POST', `${bindPath('o1')}/${op.user.id}/unbind`, {})) as unknown).toEqual({ ok: true });
    expect(await s.count('assignments', 'NOT deleted')).toBe(1); // S's own binding only
  });

  it('[P6] a principal binds anyone to their own orders only; operators and verifiers bind nobody', async () => {
    const { P, P2, V, op, op2, S, S2, admin, C } = await team();
    for (const target of [op, V, S2]) {
      expect((await P.client.json<{ assignment: Doc }>('POST', bindPath('o1'), { userId: target.user.id }, 201)).assignment).toMatchObject({ role: target.user.role, boundBy: P.user.id });
    }
    await refused(P.client, bindPath('o2'), { userId: op.user.id }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]); // [S31] not P's to see
    await refused(P.client, bindPath('o1'), { userId: P2.user.id }, 422, 'VALIDATION', [{ field: 'userId', code: 'binding.role' }]);
    await refused(P.client, bindPath('o1'), { userId: admin.user.id }, 422, 'VALIDATION', [{ field: 'userId', code: 'binding.role' }]);
    await s.bind('o1', V.user.id);
    for (const who of [op, V]) {
      // [S31] Other users are not theirs to name: answered like an id nobody has; themselves, refused.
      await refused(who.client, bindPath('o1'), { userId: op2.user.id }, 404, 'NOT_FOUND', [{ field: '', code: 'user.notFound' }]);
      await refused(who.client, bindPath('o1'), { userId: who.user.id }, 403, 'FORBIDDEN', [{ field: 'userId', code: 'permission.binding' }]);
      await refused(who.client, `${bindPath('o1')}/${who.user.id}/unbind`, {}, 403, 'FORBIDDEN', [{ field: 'userId', code: 'permission.binding' }]);
    }
    // A coordinator binds anyone anywhere, an administrator too (a coordinator as well).
    expect((await C.client.json<{ assignment: Doc }>('POST', bindPath('o2'), { userId: op2.user.id }, 201)).assignment).toMatchObject({ role: 'operator' });
    expect((await admin.client.json<{ assignment: Doc }>('POST', bindPath('o2'), { userId: C.user.id }, 201)).assignment).toMatchObject({ role: 'coordinator' });
    // Deactivated users, unknown users and orders, malformed bodies.
    await admin.client.json('POST', `/api/users/${op2.user.id}`, { active: false });
    await refused(admin.client, bindPath('o1'), { userId: op2.user.id }, 422, 'VALIDATION', [{ field: 'userId', code: 'binding.inactive' }]);
    await refused(admin.client, bindPath('o1'), { userId: 'nobody' }, 404, 'NOT_FOUND', [{ field: '', code: 'user.notFound' }]);
    await refused(admin.client, bindPath('o9'), { userId: op.user.id }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]);
    await refused(admin.client, bindPath('o1'), { userId: 7 }, 422, 'VALIDATION', [{ field: 'userId', code: 'value.type' }]);
    // The bound users' devices hold their bindings, the principal the whole team.
    expect((await op.client.pullAll('assignments')).documents.map((d) => d.id)).toEqual([`o1:${op.user.id}`]);
    expect((await P.client.pullAll('assignments')).documents.map((d) => d.id).sort()).toEqual([S, op, V, S2].map((w) => `o1:${w.user.id}`).sort());
  });

  // ---- closing [P4, P5] ---------------------------------------------------------------------------

  it('[P5] closed for an operator: their pushes are refused, their record stays readable; reopened, they write again', async () => {
    const { S, S2, op, C, admin } = await team();
    await S.client.json('POST', bindPath('o1'), { userId: op.user.id }, 201);
    expect((await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))])).refused).toEqual([]);
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    const closePath = `${bindPath('o1')}/${op.user.id}/close`;

    // Who may close it for the operator: their supervisor (in an order they supervise), coordinators, administrators.
    await refused(op.client, closePath, { closed: true }, 403, 'FORBIDDEN', [{ field: 'userId', code: 'permission.close' }]);
    await refused(S2.client, closePath, { closed: true }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]); // [S31] not S2's order
    await refused(S.client, closePath, { closed: 'yes' }, 422, 'VALIDATION', [{ field: 'closed', code: 'value.type' }]);
    await refused(C.client, `${bindPath('o1')}/${S.user.id}/close`, { closed: true }, 422, 'VALIDATION', [{ field: 'userId', code: 'close.operatorsOnly' }]);
    await refused(S.client, `${bindPath('o2')}/${op.user.id}/close`, { closed: true }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]); // [S31]
    const closed = await S.client.json<{ assignment: Doc }>('POST', closePath, { closed: true });
    expect(closed.assignment).toMatchObject({ closed: true, closedBy: S.user.id, closedAt: T0 });

    const edit = await op.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)]);
    expect(edit.refused).toMatchObject([{ id: 'c1', code: 'FORBIDDEN' }]);
    expect(edit.conflicts).toEqual([master]);
    const add = await op.client.push('clients', [created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }))]);
    expect(add.refused).toEqual([{ id: 'c2', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }]);
    expect(await s.count('refused_changes', 'user_id = $1', [op.user.id])).toBe(2);
    // Read-only, not gone: the order, the record and the closed binding stay on the device.
    expect((await op.client.pullAll('clients')).documents).toEqual([master]);
    expect((await op.client.pullAll('orders')).documents.map((d) => d.id)).toEqual(['o1']);
    expect((await op.client.pullAll('assignments')).documents).toMatchObject([{ id: `o1:${op.user.id}`, closed: true }]);
    // The supervisor still corrects their operator's record.
    expect((await S.client.push('clients', [edited(master, { street: 'Długa' }, T0 + 20)])).refused).toEqual([]);

    await admin.client.json('POST', closePath, { closed: false });
    const [current] = (await op.client.pullAll('clients')).documents as [Doc];
    expect(await op.client.push('clients', [edited(current, { city: 'Płock' }, T0 + 30)])).toEqual({ conflicts: [], refused: [] });
    expect((await op.client.push('clients', [created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }))])).refused).toEqual([]);
    expect((await op.client.pullAll('assignments')).documents).toMatchObject([{ closed: false, closedAt: 0, closedBy: '' }]);
  });

  it('[P4] the definitive close cascades to every binding; afterwards team changes, closes and pushes are all refused', async () => {
    const { P, P2, S, V, op, op2, C, admin } = await team();
    for (const who of [op, V]) await P.client.json('POST', bindPath('o1'), { userId: who.user.id }, 201);
    await P.client.json('POST', bindPath('o1'), { userId: op2.user.id }, 201);
    expect((await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))])).refused).toEqual([]);
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    const [verifierCopy] = (await V.client.pullAll('clients')).documents as [Doc];
    await S.client.json('POST', `${bindPath('o1')}/${op.user.id}/close`, { closed: true });

    // Who may close definitively: administrators, coordinators, the order's principal; always confirmed.
    await refused(P.client, `/api/orders/o1/close`, {}, 422, 'VALIDATION', [{ field: 'confirm', code: 'confirm.required' }]);
    await refused(P.client, `/api/orders/o1/close`, { confirm: 'true' }, 422, 'VALIDATION', [{ field: 'confirm', code: 'confirm.required' }]);
    for (const who of [S, V, op]) await refused(who.client, `/api/orders/o1/close`, { confirm: true }, 403, 'FORBIDDEN', [{ field: '', code: 'permission.close' }]);
    await refused(P2.client, `/api/orders/o1/close`, { confirm: true }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]); // [S31]
    await refused(admin.client, `/api/orders/o9/close`, { confirm: true }, 404, 'NOT_FOUND', [{ field: '', code: 'order.notFound' }]);
    expect(await P.client.json('POST', '/api/orders/o1/close', { confirm: true })).toEqual({ ok: true });

    // The cascade: every binding closed, by the principal, at once; the order's status closed and audited.
    const bindings = await s.db.query<{ user_id: string; closed: boolean; doc: Doc }>("SELECT user_id, closed, doc FROM assignments WHERE order_id = 'o1' ORDER BY user_id");
    expect(bindings.rows).toHaveLength(4);
    for (const row of bindings.rows) {
      expect(row.closed).toBe(true);
      expect(row.doc).toMatchObject({ closed: true });
      // The one closed earlier by the supervisor keeps who and when.
      expect(row.doc.closedBy).toBe(row.user_id === op.user.id ? S.user.id : P.user.id);
    }
    expect((await op2.client.pullAll('assignments')).documents).toMatchObject([{ closed: true, closedBy: P.user.id }]);
    expect((await op.client.pullAll('orders')).documents).toMatchObject([{ id: 'o1', status: 'closed' }]);
    expect(await s.count('audit', "collection = 'orders' AND doc_id = 'o1' AND path = 'status' AND new = '\"closed\"'::jsonb AND user_id = $1", [P.user.id])).toBe(1);

    // Afterwards nothing in the order changes: no binding, unbinding, (re)opening for an operator, second close.
    const closedIssue = [{ field: 'orderId', code: 'order.closed' }];
    await refused(admin.client, bindPath('o1'), { userId: C.user.id }, 409, 'CONFLICT', closedIssue);
    await refused(P.client, `${bindPath('o1')}/${op2.user.id}/unbind`, {}, 409, 'CONFLICT', closedIssue);
    await refused(admin.client, `${bindPath('o1')}/${op.user.id}/close`, { closed: false }, 409, 'CONFLICT', closedIssue);
    await refused(C.client, `${bindPath('o1')}/${op2.user.id}/close`, { closed: true }, 409, 'CONFLICT', closedIssue);
    // [S32] A second definitive close answers like the first and writes nothing.
    expect(await admin.client.json('POST', '/api/orders/o1/close', { confirm: true })).toEqual({ ok: true });
    expect(await s.count('audit', "collection = 'orders' AND doc_id = 'o1' AND path = 'status' AND new = '\"closed\"'::jsonb")).toBe(1);
    // …and no push: not the operator's, not their supervisor's, not the verifier's, not the administrator's.
    const orderClosed = [{ id: 'c1', code: 'ORDER_CLOSED', issues: closedIssue }];
    expect((await op.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)])).refused).toEqual(orderClosed);
    expect((await S.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)])).refused).toEqual(orderClosed);
    const verdict = edited(verifierCopy, { verification: { state: 'approved', reason: '', verifierId: V.user.id, at: T0, notes: {} } } as never, T0 + 10);
    expect((await V.client.push('clients', [verdict])).refused).toEqual(orderClosed);
    expect((await admin.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)])).refused).toEqual(orderClosed);
    const add = await op2.client.push('clients', [created(makeClient({ id: 'c9', orderId: 'o1', ownerId: op2.user.id }))]);
    expect(add.refused).toMatchObject([{ id: 'c9', code: 'ORDER_CLOSED' }]);
    expect((await s.db.query("SELECT count(*)::int AS n FROM assignments WHERE order_id = 'o1' AND NOT closed")).rows).toEqual([{ n: 0 }]);
    expect((await op.client.pullAll('clients')).documents).toEqual([master]);
  });
});
