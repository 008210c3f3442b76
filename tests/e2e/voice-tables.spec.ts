// Issue 14, finding 3: sorting, paging and the "Tylko odrzucone" filter are announced, focus stays on the
// control pressed, and the caption says the sort too (not only the header's aria-sort). Keyboard only.
import { expect, test } from './fixtures.ts';
import { listen } from './voice.ts';
import { companyName, ORDER, push, record, seed, synced } from './voice-seed.ts';

test('[issue 14.3] sorting, paging and the rejected-only filter are heard, from the keyboard', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(120_000);
  const app = await newContext({ baseURL: freshServer.url });
  const { page } = app;
  const voice = await listen(app.context);
  // 40 records, every 14th rejected: 3 rejected; two pages of 25.
  await seed(page.request, freshServer.url, { records: 40, rejectEvery: 14 });
  await page.goto(`/zlecenie/${ORDER.id}`);
  const table = page.getByRole('table', { name: /^Rekordy: 40 rekordów, strona 1 z 2, posortowano według kolumny Dodano, malejąco$/ });
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  voice.mark();

  const byName = page.getByRole('button', { name: 'Nazwa', exact: true });
  await byName.focus();
  await page.keyboard.press('Enter');
  await voice.waitFor('Posortowano według kolumny Nazwa, rosnąco');
  await expect(byName).toBeFocused();
  await expect(page.getByRole('columnheader', { name: 'Nazwa' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('table', { name: 'Rekordy: 40 rekordów, strona 1 z 2, posortowano według kolumny Nazwa, rosnąco' })).toBeVisible();
  await page.keyboard.press('Enter');
  await voice.waitFor('Posortowano według kolumny Nazwa, malejąco');
  await expect(byName).toBeFocused();

  const next = page.getByRole('button', { name: 'Następna strona' });
  await next.focus();
  await page.keyboard.press('Enter');
  await voice.waitFor('Strona 2 z 2');
  await expect(next).toBeFocused();
  await expect(page.getByRole('table', { name: /^Rekordy: 40 rekordów, strona 2 z 2,/ })).toBeVisible();
  // On the last page "Następna strona" does nothing, and says nothing.
  await page.keyboard.press('Enter');

  const onlyRejected = page.getByRole('checkbox', { name: 'Tylko odrzucone' });
  await onlyRejected.focus();
  await page.keyboard.press('Space');
  await voice.waitFor('Pokazano 3 odrzucone rekordy z 40');
  await expect(onlyRejected).toBeFocused();
  await expect(page.getByRole('table', { name: /^Rekordy: 3 rekordy, strona 1 z 1,/ })).toBeVisible();
  await axe(page, 'records filtered to the rejected ones');
  await page.keyboard.press('Space');
  await voice.waitFor('Pokazano wszystkie rekordy: 40');
  await voice.expectSilence(1_500);

  // Exactly what a screen reader said, in order, and focus only ever on what the user pressed.
  expect(voice.said()).toEqual([
    'polite: Posortowano według kolumny Nazwa, rosnąco',
    'polite: Posortowano według kolumny Nazwa, malejąco',
    'polite: Strona 2 z 2',
    'polite: Pokazano 3 odrzucone rekordy z 40',
    'polite: Pokazano wszystkie rekordy: 40',
  ]);
  expect(voice.heard(['focus'])).toEqual([
    expect.stringMatching(/^button: Nazwa/), expect.stringMatching(/^button: Następna strona/), 'input#only-rejected: Tylko odrzucone',
  ]);
  // The announcements are not shown twice: the caption and the page line already show them.
  await expect(page.locator('.announcer__message')).toHaveCount(0);
});

test('[issue 14.3] the progress tables announce their sort and name it in the caption', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const app = await newContext({ baseURL: freshServer.url });
  const voice = await listen(app.context);
  await seed(app.page.request, freshServer.url, { records: 3 });
  await app.page.goto('/postep');
  await expect(app.page.getByRole('table', { name: 'Postęp zleceń: 1 zlecenie, posortowano według kolumny Zlecenie, rosnąco' })).toBeVisible({ timeout: 30_000 });
  voice.mark();
  await app.page.getByRole('button', { name: 'Razem', exact: true }).first().press('Enter');
  await voice.waitFor('Posortowano według kolumny Razem, malejąco');
  await expect(app.page.getByRole('table', { name: 'Postęp zleceń: 1 zlecenie, posortowano według kolumny Razem, malejąco' })).toBeVisible();
  expect(voice.said()).toEqual(['polite: Posortowano według kolumny Razem, malejąco']);
});

test('[issue 14] focus stays on a record link while records arriving from other devices re-sort the table', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const app = await newContext({ baseURL: freshServer.url });
  const { page } = app;
  const { adminId } = await seed(page.request, freshServer.url, { records: 5 });
  await page.goto(`/zlecenie/${ORDER.id}`);
  await expect(page.getByRole('table', { name: /^Rekordy: 5 rekordów,/ })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  // The user is on the third record's link (newest first) when another device's record arrives on top.
  const link = page.getByRole('link', { name: companyName(2), exact: true });
  await link.focus();
  await push(page.request, freshServer.url, 'clients', [record('rec-new', adminId, Date.now(), { name: 'Nowa Firma Sp. z o.o.' })]);
  await expect(page.getByRole('table', { name: /^Rekordy: 6 rekordów,/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('row').nth(1)).toContainText('Nowa Firma Sp. z o.o.');
  // The same element, not a new one in its place: a screen reader would otherwise fall back to the page's start.
  await expect(link).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: companyName(1), exact: true })).toBeFocused();
});
