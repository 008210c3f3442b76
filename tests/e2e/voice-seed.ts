// Data for the issue-14 specs (what a screen-reader user hears): an administrator on a fresh server, an
// order with Polish texts, records pushed as the administrator, and operators bound to the order.
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN, apiHeaders, expect, type AdminAccount } from './fixtures.ts';

type Doc = Record<string, unknown>;

export const ORDER = {
  id: 'voice-order', name: 'Firmy mięsne mazowieckie', instructions: 'Dzwonić tylko do działu zakupów; przedstawiać się jako Kartoteka.',
  area: 'powiat wołomiński', voivodeship: 'mazowieckie',
};

export const OPERATOR: AdminAccount = { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' };
export const OPERATOR_2: AdminAccount = { name: 'Ula Operatorka', login: 'ula', password: 'Operatorka-haslo-2026' };

const BLANK = {
  nip: '', pkd: '', regon: '', name: '', street: '', buildingNumber: '', postalCode: '', city: '', voivodeship: '', businessActivity: '',
  website: '', email: '', landlinePhone: '', mobilePhone: '', fax: '', employmentLevel: '', dataSource1: '', dataSource2: '',
  dataSource3: '', dataSource4: '', notes: '',
};

/** Polish company names for generated records: "Zakłady Mięsne Łuków 1", … */
export const companyName = (i: number) => `${['Zakłady Mięsne Łuków', 'Piekarnia Pod Kłosem', 'Masarnia Żółkiewski', 'Chłodnia Świętokrzyska'][i % 4]} ${i + 1}`;

export async function push(request: APIRequestContext, baseURL: string, collection: string, docs: Doc[], assumed: (Doc | null)[] = []): Promise<void> {
  const rows = docs.map((doc, i) => ({ assumedMasterState: assumed[i] ?? null, newDocumentState: doc }));
  const pushed = await request.post(`/api/sync/${collection}/push`, { headers: apiHeaders(baseURL), data: { rows } });
  expect(pushed.status(), await pushed.text()).toBe(200);
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
}

export const attribute = (id: string, kind: string, label: string): Doc => ({
  id, label, labelEn: '', kind, required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 1, updatedAt: 1, fieldTimes: {}, _deleted: false,
});

/** A record of the seeded order, owned by `ownerId`; `rejected` ones carry a verifier's reason. */
export function record(id: string, ownerId: string, createdAt: number, fields: Doc = {}, rejected = false): Doc {
  return {
    ...BLANK, id, orderId: ORDER.id, ownerId, custom: {}, duplicateOf: '', createdAt, updatedAt: createdAt, fieldTimes: {},
    verification: rejected
      ? { state: 'rejected', reason: 'Brak numeru telefonu', verifierId: ownerId, at: createdAt + 1, notes: {} }
      : { state: 'unverified', reason: '', verifierId: '', at: 0, notes: {} },
    _deleted: false, ...fields,
  };
}

/**
 * First run: the administrator (the request context is signed in as them), the order, `records`
 * records (every `rejectEvery`-th rejected; 0: none), operators bound to the order. Returns ids.
 */
export async function seed(
  request: APIRequestContext, baseURL: string,
  options: { records?: number; rejectEvery?: number; operators?: AdminAccount[]; attributes?: Doc[] } = {},
): Promise<{ adminId: string; operatorIds: string[] }> {
  const headers = apiHeaders(baseURL);
  expect((await request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const me = (await (await request.get('/api/auth/me', { headers })).json()) as { user: { id: string } };
  const adminId = me.user.id;
  const attributes = options.attributes ?? [];
  if (attributes.length > 0) await push(request, baseURL, 'attributes', attributes);
  const now = Date.now();
  await push(request, baseURL, 'orders', [{
    id: ORDER.id, name: ORDER.name, instructions: ORDER.instructions, voivodeships: ['14'], area: ORDER.area, targetCount: 100,
    deadline: '', principalId: '', verificationRequired: true, attributeIds: attributes.map((a) => a.id), status: 'open', createdBy: '',
    createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
  }]);
  const count = options.records ?? 0;
  const docs = Array.from({ length: count }, (_, i) =>
    record(`rec-${String(i).padStart(3, '0')}`, adminId, now - (count - i) * 60_000, { name: companyName(i), city: i % 2 ? 'Łódź' : 'Sokołów Podlaski' },
      options.rejectEvery ? i % options.rejectEvery === 0 : false));
  for (let i = 0; i < docs.length; i += 100) await push(request, baseURL, 'clients', docs.slice(i, i + 100));
  const operatorIds: string[] = [];
  for (const person of options.operators ?? []) {
    const made = await request.post('/api/users', { headers, data: { ...person, role: 'operator', managerId: '' } });
    expect(made.status(), await made.text()).toBe(201);
    const { user } = (await made.json()) as { user: { id: string } };
    expect((await request.post(`/api/orders/${ORDER.id}/team`, { headers, data: { userId: user.id } })).status()).toBe(201);
    operatorIds.push(user.id);
  }
  return { adminId, operatorIds };
}

/**
 * Signs `person` in through the login form, waits until the login page is gone, and opens the order
 * (on a busy machine the landing may decide before the first pull and show the orders list instead).
 */
export async function signIn(page: Page, person: { login: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeHidden({ timeout: 30_000 });
  await page.waitForURL((url) => url.pathname !== '/' && url.pathname !== '/login', { timeout: 30_000 });
  if (!page.url().endsWith(`/zlecenie/${ORDER.id}`)) await page.goto(`/zlecenie/${ORDER.id}`);
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
}

export const synced = (page: Page) => page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true });
