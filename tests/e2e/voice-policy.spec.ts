// Issue 14, findings 2 and 7 (docs/announcements.md): not too many announcements — counts other devices
// change are coalesced to at most one a minute, an online save is "Zapisano rekord" without
// "Zsynchronizowano" — and a modal dialog carries the live region, so nothing said while it is open is lost.
import type { Page } from '@playwright/test';
import { expect, loginViaApi, test } from './fixtures.ts';
import { listen } from './voice.ts';
import { companyName, OPERATOR, ORDER, push, record, seed, signIn, synced } from './voice-seed.ts';

/** Nodes of Chrome's accessibility tree with `role` that assistive technology can reach (not ignored: not inert, not behind a modal). */
async function reachable(page: Page, role: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value ?? '');
}
const reachableTexts = (page: Page) => reachable(page, 'StaticText');

test('[issue 14.2] a coordinator watching an order hears other operators\' records at most once a minute, the latest count', async ({ freshServer, newContext }) => {
  test.setTimeout(180_000);
  const watcher = await newContext({ baseURL: freshServer.url });
  const voice = await listen(watcher.context);
  const { operatorIds } = await seed(watcher.page.request, freshServer.url, { operators: [OPERATOR] });
  const operator = await newContext({ baseURL: freshServer.url });
  await loginViaApi(operator.context, freshServer.url, OPERATOR);

  await watcher.page.goto(`/zlecenie/${ORDER.id}`);
  await expect(watcher.page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(watcher.page)).toBeVisible({ timeout: 30_000 });
  await expect(watcher.page.getByText('Wprowadzono dziś: 0 rekordów', { exact: true })).toBeVisible();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  voice.mark();

  // Another operator's tablet saves four records, one every ~7 s (ten operators would make this every ~12 s each).
  for (let i = 0; i < 4; i++) {
    await push(operator.page.request, freshServer.url, 'clients', [record(`remote-${i}`, operatorIds[0]!, Date.now(), { name: companyName(i) })]);
    await expect(watcher.page.getByText(`Wprowadzono dziś: ${i + 1} ${i === 0 ? 'rekord' : 'rekordy'}`, { exact: true })).toBeVisible({ timeout: 15_000 });
    if (i === 0) await voice.waitFor('Wprowadzono dziś: 1 rekord');
    // Not 5 s: the server closes a connection idle for 5 s (S22), and a request sent on it at that very
    // moment is reset (Playwright's request client, unlike Chromium, does not retry it). Past it, a new one opens.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
  }
  // The page shows each count at once; the voice says the first, then nothing until the minute is up.
  expect(voice.said()).toEqual(['polite: Wprowadzono dziś: 1 rekord']);
  await voice.waitFor('Wprowadzono dziś: 4 rekordy', 70_000);
  expect(voice.said()).toEqual(['polite: Wprowadzono dziś: 1 rekord', 'polite: Wprowadzono dziś: 4 rekordy']);
  const [first, second] = voice.entries.filter((e) => e.kind === 'polite' && e.text.startsWith('Wprowadzono dziś'));
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(59_000);
  expect(voice.heard(['focus'])).toEqual([]);
});

test('[issue 14.2, 14.7] an operator\'s saves: online "Zapisano rekord" without "Zsynchronizowano"; offline and back; the logout dialog keeps its voice', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await seed(admin.page.request, freshServer.url, { operators: [OPERATOR] });
  const { page, context, errors } = await newContext({ baseURL: freshServer.url });
  const voice = await listen(context);
  await signIn(page, OPERATOR);
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const addRecord = async (i: number) => {
    await page.getByRole('link', { name: 'Dodaj rekord' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nowy rekord' })).toBeFocused();
    await page.getByLabel(/^Nazwa/).fill(companyName(i));
    await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeFocused();
  };

  // Online: the save, then the new count on coming back to the order; "Zsynchronizowano" is not news.
  voice.mark();
  await addRecord(0);
  await voice.waitFor('Wprowadzono dziś: 1 rekord');
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await voice.expectSilence(4_000);
  expect(voice.said()).toEqual(['polite: Zapisano rekord', 'polite: Wprowadzono dziś: 1 rekord']);

  // Offline: said once; the save as usual; back online, "Zsynchronizowano" ends the offline period.
  voice.mark();
  await context.setOffline(true);
  await voice.waitFor('Jesteś offline');
  await addRecord(1);
  await voice.waitFor('Wprowadzono dziś: 2 rekordy');
  await expect(page.getByText('Niewysłane: 1 rekord')).toBeVisible();
  await context.setOffline(false);
  await voice.waitFor('Zsynchronizowano', 30_000);
  await voice.expectSilence(2_000);
  expect(voice.said()).toEqual(['polite: Jesteś offline', 'polite: Zapisano rekord', 'polite: Wprowadzono dziś: 2 rekordy', 'polite: Zsynchronizowano']);

  // Finding 7: "Wyloguj" with a record unsent opens a modal dialog. Offline, "Wyloguj mimo to" fails at once:
  // focus goes to the problem (read on focus), nothing else is said.
  voice.mark();
  await context.setOffline(true);
  await voice.waitFor('Jesteś offline');
  await addRecord(2);
  await voice.waitFor('Wprowadzono dziś: 3 rekordy');
  await expect(page.getByText('Niewysłane: 1 rekord')).toBeVisible();
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  const dialog = page.getByRole('dialog', { name: 'Masz niewysłane rekordy' });
  await expect(dialog).toBeVisible();
  voice.mark();
  await dialog.getByRole('button', { name: 'Wyloguj mimo to' }).press('Enter');
  await expect(dialog.getByText(/^Nie udało się wysłać rekordów/)).toBeFocused();
  await voice.expectSilence(1_500);
  // "Zostań i wyślij": the user asked for it, so the result is said when the link is back.
  await dialog.getByRole('button', { name: 'Zostań i wyślij' }).press('Enter');
  await expect(page.getByRole('button', { name: 'Wyloguj' })).toBeFocused();
  await context.setOffline(false);
  await voice.waitFor('Zsynchronizowano', 30_000);
  expect(voice.said()).toEqual(['polite: Zsynchronizowano']);

  // Online with the push held up: "Wyloguj mimo to" says "Wysyłanie rekordów…" inside the dialog, where a
  // screen reader can reach it (the page's own region is behind the modal, out of the accessibility tree).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/sync/clients/push', async (route) => {
    await held;
    await route.continue();
  });
  await addRecord(3);
  await voice.waitFor('Wprowadzono dziś: 4 rekordy');
  await expect(page.getByText('Niewysłane: 1 rekord')).toBeVisible();
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await expect(dialog).toBeVisible();
  voice.mark();
  await dialog.getByRole('button', { name: 'Wyloguj mimo to' }).press('Enter');
  await voice.waitFor('Wysyłanie rekordów…');
  await expect(dialog).toMatchAriaSnapshot(`
    - dialog "Masz niewysłane rekordy":
      - status:
        - paragraph: Wysyłanie rekordów…
  `);
  expect(await reachableTexts(page)).toContain('Wysyłanie rekordów…');
  // Two status regions exist (the page's and the dialog's); only the dialog's is reachable now.
  expect(await page.getByRole('status', { includeHidden: true }).count()).toBeGreaterThanOrEqual(2);
  expect(await reachable(page, 'status')).toHaveLength(1);
  expect(voice.said()).toEqual(['polite: Wysyłanie rekordów…']);
  await axe(page, 'logout dialog while sending');
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main').getByText('Wylogowano. Dane zostały usunięte z tego urządzenia.')).toBeVisible();
  errors.expectNone({ allow: [/status of 401/, /ERR_INTERNET_DISCONNECTED/, /Failed to fetch/] });
});
