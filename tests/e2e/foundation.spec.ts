// The foundation flow end to end: first run, login, an order, offline entry under the service worker, replication.
import type { Page } from '@playwright/test';
import { apiHeaders, test, expect } from './fixtures.ts';

const ADMIN = { name: 'Anna Administratorka', login: 'anna', password: 'Kartoteka-foundation-2026!' };
const ORDER = 'Firmy mięsne mazowieckie';

const RECORDS = [
  { nip: '526-025-02-74', name: 'Zakłady Mięsne Sokołowskie', city: 'Sokołów Podlaski', postalCode: '08300' },
  { nip: 'PL 768 000 24 66', name: 'Masarnia Kowalski i Syn', city: 'Radom', postalCode: '26-600' },
  { nip: '1234563218', name: 'Wędliny Mazowsze Sp. z o.o.', city: 'Płock', postalCode: '09-400' },
];

async function logIn(page: Page, login: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible();
  await page.getByLabel('Login', { exact: true }).fill(login);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
}

async function fillRecord(page: Page, record: (typeof RECORDS)[number]): Promise<void> {
  await page.getByLabel('NIP', { exact: true }).fill(record.nip);
  await page.getByLabel('Nazwa', { exact: true }).fill(record.name);
  await page.getByLabel('Kod pocztowy', { exact: true }).fill(record.postalCode);
  await page.getByLabel('Miejscowość', { exact: true }).fill(record.city);
  await page.getByLabel('Województwo', { exact: true }).selectOption({ label: 'mazowieckie' });
}

test('an administrator sets up, creates an order and enters records offline that replicate to the server', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const { page, context, announcements, errors } = await newContext({ baseURL: freshServer.url });

  // First run: the one-time administrator form.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Pierwsze uruchomienie' })).toBeVisible();
  await page.getByLabel('Imię i nazwisko', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Login', { exact: true }).fill(ADMIN.login);
  await page.getByLabel('Hasło', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Powtórz hasło', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Utwórz konto administratora' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zlecenia' })).toBeVisible();

  // Log out (nothing pending, so no question) and in again through the login form.
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await logIn(page, ADMIN.login, 'wrong-password-123');
  await expect(page.getByText(/Nieprawidłowy login lub hasło/).first()).toBeVisible();
  await axe(page, 'login with an error');
  await logIn(page, ADMIN.login, ADMIN.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Zlecenia' })).toBeVisible();
  await axe(page, 'orders list');

  // A minimal order, enough to work alone.
  await page.getByRole('link', { name: 'Nowe zlecenie' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowe zlecenie' })).toBeFocused();
  await axe(page, 'new order form');
  await page.getByLabel('Nazwa zlecenia', { exact: true }).fill(ORDER);
  await page.getByLabel('Instrukcje', { exact: true }).fill('Zakłady mięsne z województwa mazowieckiego, z numerem NIP.');
  await page.getByRole('group', { name: 'Województwa' }).getByLabel('mazowieckie', { exact: true }).check();
  await page.getByLabel('Powiat / miasto (opcjonalnie)', { exact: true }).fill('powiat sokołowski');
  await page.getByRole('button', { name: 'Utwórz zlecenie' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  const orderUrl = page.url();

  // The service worker takes control; everything is synced before we cut the cable.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible();

  // Offline: the app shell still starts, the order is still there.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  await axe(page, 'order page offline');

  // First record with a wrong NIP check digit: GOV.UK error pattern, nothing cleared.
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy rekord' })).toBeVisible();
  await fillRecord(page, { ...RECORDS[0]!, nip: '526-025-02-75' });
  await page.getByRole('button', { name: 'Zapisz i dodaj następny' }).click();
  await expect(page).toHaveTitle(/^Błąd: /);
  const summary = page.getByRole('heading', { name: 'Wystąpił problem' });
  await expect(summary).toBeVisible();
  await expect(page.locator(':focus')).toContainText('Wystąpił problem');
  await expect(page.getByRole('link', { name: /^Nieprawidłowa cyfra kontrolna NIP\. Sprawdź, czy NIP jest przepisany bez błędu/ })).toBeVisible();
  const nip = page.getByLabel('NIP', { exact: true });
  await expect(nip).toHaveValue('526-025-02-75');
  await expect(nip).toHaveAttribute('aria-invalid', 'true');
  await expect(nip).toHaveAccessibleDescription(/Błąd: Nieprawidłowa cyfra kontrolna NIP/);
  await expect(page.getByLabel('Nazwa', { exact: true })).toHaveValue(RECORDS[0]!.name);
  await axe(page, 'client form with an error summary');

  // Fixed and saved: a fresh form with focus on its first field.
  await nip.fill(RECORDS[0]!.nip);
  await page.getByRole('button', { name: 'Zapisz i dodaj następny' }).click();
  await expect(page.getByLabel('NIP', { exact: true })).toBeFocused();
  await expect(page.getByLabel('NIP', { exact: true })).toHaveValue('');
  await expect(page).not.toHaveTitle(/^Błąd: /);
  await announcements.expectAnnounced('Zapisano rekord');

  await fillRecord(page, RECORDS[1]!);
  await page.getByRole('button', { name: 'Zapisz i dodaj następny' }).click();
  await expect(page.getByLabel('NIP', { exact: true })).toHaveValue('');
  await fillRecord(page, RECORDS[2]!);
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await expect(page.getByText('Niewysłane: 3 rekordy')).toBeVisible();
  const table = page.getByRole('table');
  for (const record of RECORDS) await expect(table.getByRole('link', { name: record.name })).toBeVisible();
  await axe(page, 'order page with unsynced records');

  // Back online: everything replicates, and the pending count goes away.
  await context.setOffline(false);
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Niewysłane/)).toBeHidden();

  // The records are in the server database, normalised as the shared validators store them.
  const pulled = await page.request.post('/api/sync/clients/pull', {
    headers: apiHeaders(freshServer.url),
    data: { checkpoint: null, limit: 100 },
  });
  expect(pulled.status()).toBe(200);
  const { documents } = (await pulled.json()) as { documents: { nip: string; name: string; postalCode: string; _deleted: boolean }[] };
  const stored = documents.filter((d) => !d._deleted).map((d) => [d.nip, d.name, d.postalCode]).sort();
  expect(stored).toEqual([
    ['1234563218', RECORDS[2]!.name, '09-400'],
    ['5260250274', RECORDS[0]!.name, '08-300'],
    ['7680002466', RECORDS[1]!.name, '26-600'],
  ]);

  // A second device signed in as the same user sees them.
  const second = await newContext({ baseURL: freshServer.url });
  await second.page.goto('/');
  await logIn(second.page, ADMIN.login, ADMIN.password);
  await expect(second.page.getByRole('heading', { level: 1, name: 'Zlecenia' })).toBeVisible();
  await second.page.goto(orderUrl);
  for (const record of RECORDS) {
    await expect(second.page.getByRole('table').getByRole('link', { name: record.name })).toBeVisible({ timeout: 30_000 });
  }
  await axe(second.page, 'order page on a second device');

  errors.expectNone({
    // Offline requests fail by design while the cable is cut; the pre-login "who am I" answers 401.
    allow: [/ERR_INTERNET_DISCONNECTED/, /Failed to fetch/, /status of 401/],
  });
  second.errors.expectNone({ allow: [/status of 401/] });
});

test('a session refused while records are unsent keeps them; signing in again as the same user sends them', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const { page, context } = await newContext({ baseURL: freshServer.url });
  const headers = apiHeaders(freshServer.url);
  expect((await page.request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  await page.goto('/');
  await page.getByRole('link', { name: 'Nowe zlecenie' }).click();
  await page.getByLabel('Nazwa zlecenia', { exact: true }).fill(ORDER);
  await page.getByRole('button', { name: 'Utwórz zlecenie' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible();
  // Offline use starts once the service worker controls the page (the record form is a precached chunk).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

  await context.setOffline(true);
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  await fillRecord(page, RECORDS[0]!);
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(page.getByText('Niewysłane: 1 rekord')).toBeVisible();

  // Meanwhile the server closes the session (expiry, a logout elsewhere): the next contact gets 401.
  // (The API request context is not cut off by setOffline, so the session ends before the tablet is back.)
  expect((await page.request.post('/api/auth/logout', { headers, data: {} })).ok()).toBe(true);
  await context.setOffline(false);
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main').getByText(/Sesja została zakończona\. Niewysłane rekordy na tym urządzeniu: 1\./)).toBeVisible();

  await logIn(page, ADMIN.login, ADMIN.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Zlecenia' })).toBeVisible();
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  const pulled = await page.request.post('/api/sync/clients/pull', { headers, data: { checkpoint: null, limit: 100 } });
  const { documents } = (await pulled.json()) as { documents: { nip: string }[] };
  expect(documents.map((d) => d.nip)).toEqual(['5260250274']);
});
