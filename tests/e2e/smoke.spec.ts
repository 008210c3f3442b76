// Smoke test of the real server and built app: health, the first-run setup page (axe-clean), signing in by creating the admin.
import { apiHeaders, test, expect } from './fixtures.ts';

const SETUP_FIELDS = ['Imię i nazwisko', 'Login', 'Hasło', 'Powtórz hasło'];

test('/api/health answers ok on the embedded PGlite database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, database: 'pglite' });
});

test('a first visit on an empty database shows the setup form; creating the administrator signs in', async ({ freshServer, newContext, axe }) => {
  const { page, errors } = await newContext({ baseURL: freshServer.url });
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Pierwsze uruchomienie' })).toBeVisible();
  await expect(page).toHaveTitle(/Pierwsze uruchomienie/);
  for (const label of SETUP_FIELDS) await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  const submit = page.getByRole('button', { name: 'Utwórz konto administratora' });
  await expect(submit).toBeVisible();
  await axe(page, 'setup page');

  // Keyboard only, as a screen-reader user fills it.
  const values = ['Anna Administratorka', 'admin', 'Kartoteka-smoke-2026!', 'Kartoteka-smoke-2026!'];
  for (const [i, label] of SETUP_FIELDS.entries()) {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(values[i]!);
  }
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Pierwsze uruchomienie' })).toBeHidden();
  await expect(page.getByText(/^Zalogowano: Anna Administratorka/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Wyloguj' })).toBeVisible();
  const headers = apiHeaders(freshServer.url);
  const me = await page.request.get('/api/auth/me', { headers });
  expect(me.status(), 'the session cookie set by setup signs the browser in').toBe(200);
  expect(await me.json()).toMatchObject({ user: { login: 'admin', role: 'admin' } });
  await axe(page, 'first page after setup');

  const again = await page.request.get('/api/setup', { headers });
  expect(await again.json(), 'setup is offered once only').toMatchObject({ needed: false });
  // Chromium logs the app's start-up "who am I" 401 (not signed in yet) as a console error.
  errors.expectNone({ allow: [/status of 401 .*\/api\/auth\/me\]$/] });
});
