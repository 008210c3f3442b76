// Contract: the demo loader writes through the server's own push, so its records pass the same validation.
import { expect, it } from 'vitest';
import { checkNip, checkRegon } from '../../schemas/entities/polish-identifiers.ts';
import { checkClientDocument } from '../../schemas/entities/validate-client.ts';
import { DEMO_PASSWORD, DemoRefused, seedDemo } from '../../sync-server/demo/seed.ts';
import type { Doc } from './client.ts';
import { TEST_SCRYPT, contractSuite } from './harness.ts';

contractSuite('demo organisation', (s) => {
  const seed = () => seedDemo(s.db, { now: () => s.clock.now, passwordParams: TEST_SCRYPT, companies: 40 });

  it('loads a user per role, two orders and valid companies owned by the operator, with audit rows', async () => {
    const result = await seed();
    expect(result.users.map((u) => u.login).sort()).toEqual(['admin', 'koordynator', 'operator', 'opiekun', 'weryfikator', 'zleceniodawca']);
    const client = s.client();
    expect((await client.request('POST', '/api/auth/login', { login: 'operator', password: DEMO_PASSWORD })).status).toBe(200);
    const orders = (await client.pullAll('orders')).documents;
    expect(orders.map((o) => [o.name, o.voivodeships])).toEqual([
      ['Firmy mięsne mazowieckie', ['14']],
      ['Firmy mięsne pomorskie', ['22']],
    ]);
    const companies = (await client.pullAll('clients')).documents as Doc[];
    expect(companies).toHaveLength(40);
    for (const doc of companies) {
      expect(checkClientDocument(doc), String(doc.name)).toEqual([]);
      expect(checkNip(String(doc.nip))).toEqual({ ok: true, value: doc.nip });
      expect(checkRegon(String(doc.regon))).toEqual({ ok: true, value: doc.regon });
    }
    expect(new Set(companies.map((c) => c.nip)).size).toBe(40);
    const judged = companies.filter((c) => (c.verification as { state: string }).state !== 'unverified');
    expect(judged).toHaveLength(12);
    // [M11] Each verdict is one value under one edit time; the rejections carry a note on a field.
    for (const doc of judged) {
      expect(Object.keys(doc.fieldTimes as object).filter((path) => path.startsWith('verification'))).toEqual(['verification']);
    }
    const rejected = judged.filter((c) => (c.verification as { state: string }).state === 'rejected');
    expect(rejected).toHaveLength(3);
    for (const doc of rejected) expect(doc.verification).toMatchObject({ reason: expect.any(String), notes: { landlinePhone: expect.any(String) } });
    expect(await s.count('audit', "collection = 'clients'")).toBeGreaterThan(40 * 10);
    expect(await s.count('refused_changes')).toBe(0);
  });

  it('refuses a database that has users, unless forced', async () => {
    await seed();
    await expect(seed()).rejects.toBeInstanceOf(DemoRefused);
    await seedDemo(s.db, { now: () => s.clock.now, passwordParams: TEST_SCRYPT, companies: 10, force: true });
    expect(await s.count('clients')).toBe(10);
    expect(await s.count('users')).toBe(6);
  });
});
