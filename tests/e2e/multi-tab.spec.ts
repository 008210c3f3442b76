// Two tabs of one browser (issue 12): one replicates (RxDB leader election), the other shows what it stores and
// sends its edits through it; when the replicating tab closes, the other takes over.
import type { APIRequestContext, Page } from '@playwright/test';
import { apiHeaders, ensureAdmin, expect, test } from './fixtures.ts';

/** Counts a page's replication requests (pulls and pushes of any collection). */
function countSync(page: Page) {
  const counts = { pulls: 0, pushes: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/api\/sync\/[a-z]+\/pull$/.test(path)) counts.pulls++;
    if (/^\/api\/sync\/[a-z]+\/push$/.test(path)) counts.pushes++;
  });
  return counts;
}

async function pushOrder(request: APIRequestContext, baseURL: string, userId: string, id: string, name: string): Promise<void> {
  const now = Date.now();
  const order = {
    id, name, instructions: '', voivodeships: ['14'], area: '', targetCount: 10, deadline: '', principalId: userId,
    verificationRequired: false, attributeIds: [], status: 'open', createdBy: userId, createdAt: now, updatedAt: now, fieldTimes: {},
  };
  const response = await request.post(`${baseURL}/api/sync/orders/push`, {
    headers: { ...apiHeaders(baseURL), 'x-kartoteka-device': 'e2e-multi-tab' },
    data: { rows: [{ assumedMasterState: null, newDocumentState: { ...order, _deleted: false } }] },
  });
  expect(response.ok(), `order push: ${response.status()} ${await response.text()}`).toBe(true);
}

async function serverOrderNames(request: APIRequestContext, baseURL: string): Promise<string[]> {
  const response = await request.post(`${baseURL}/api/sync/orders/pull`, { headers: apiHeaders(baseURL), data: { checkpoint: null, limit: 1000 } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { documents: { name: string }[] }).documents.map((doc) => doc.name);
}

test('[issue 12] one tab replicates: the other shows its data, sends its edits through it, and takes over when it closes', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const baseURL = freshServer.url;
  const { context, page: first } = await newContext({ baseURL });
  await ensureAdmin(context, baseURL);
  const { user } = (await (await context.request.get(`${baseURL}/api/auth/me`, { headers: apiHeaders(baseURL) })).json()) as { user: { id: string } };
  await pushOrder(context.request, baseURL, user.id, 'multi-tab-1', 'Zlecenie pierwsze');

  const firstSync = countSync(first);
  await first.goto('/zlecenia');
  await expect(first.getByRole('heading', { level: 1, name: 'Zlecenia' })).toBeVisible();
  await expect(first.getByText('Zlecenie pierwsze')).toBeVisible();

  const second = await context.newPage();
  const secondSync = countSync(second);
  await second.goto('/zlecenia');
  await expect(second.getByText('Zlecenie pierwsze')).toBeVisible();

  // A change on the server: the replicating tab pulls it, the other shows it without asking the server.
  await pushOrder(context.request, baseURL, user.id, 'multi-tab-2', 'Zlecenie drugie');
  await expect(second.getByText('Zlecenie drugie')).toBeVisible();
  await expect(first.getByText('Zlecenie drugie')).toBeVisible();

  // An order created in the second tab reaches the server through the first.
  await second.getByRole('link', { name: 'Nowe zlecenie' }).click();
  await second.getByLabel('Nazwa zlecenia', { exact: true }).fill('Zlecenie z drugiej karty');
  await second.getByLabel('Instrukcje', { exact: true }).fill('Utworzone w drugiej karcie przeglądarki.');
  await second.getByRole('group', { name: 'Województwa' }).getByLabel('mazowieckie', { exact: true }).check();
  await second.getByRole('button', { name: 'Utwórz zlecenie' }).click();
  await expect.poll(() => serverOrderNames(context.request, baseURL), { timeout: 20_000 }).toContain('Zlecenie z drugiej karty');
  expect(firstSync.pulls).toBeGreaterThan(0);
  expect(firstSync.pushes).toBeGreaterThan(0);
  expect(secondSync).toEqual({ pulls: 0, pushes: 0 });

  // The replicating tab closes: the second takes over (no reload) and pulls what changes next.
  await first.close();
  await expect.poll(() => secondSync.pulls, { timeout: 20_000 }).toBeGreaterThan(0);
  await pushOrder(context.request, baseURL, user.id, 'multi-tab-3', 'Zlecenie trzecie');
  await expect.poll(() => secondSync.pulls, { timeout: 20_000 }).toBeGreaterThan(6);
  await second.goto('/zlecenia');
  await expect(second.getByText('Zlecenie trzecie')).toBeVisible({ timeout: 20_000 });
});
