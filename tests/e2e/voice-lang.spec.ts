// Issue 14, finding 4: with the English UI, Polish user text (order names, instructions, territory,
// company names, people's names) is marked lang="pl", so a screen reader reads it with a Polish voice.
import type { Page } from '@playwright/test';
import { ADMIN, apiHeaders, expect, test } from './fixtures.ts';
import { attribute, companyName, OPERATOR, OPERATOR_2, ORDER, push, record, seed, synced } from './voice-seed.ts';

/** Rendered text nodes containing one of `polish` whose nearest lang is not "pl": what an English voice reads. */
function wrongVoice(page: Page, polish: string[]): Promise<string[]> {
  return page.evaluate((needles) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const el = node.parentElement;
      if (!el || !needles.some((needle) => text.includes(needle))) continue;
      // Not rendered (a closed dialog, a hidden notice): not read either. Visually hidden text is read.
      if (!el.checkVisibility()) continue;
      if (el.closest('[lang]')?.getAttribute('lang') !== 'pl') found.push(`<${el.tagName.toLowerCase()}> ${text.trim()}`);
    }
    return found;
  }, polish);
}

/**
 * <option>s holding one of `polish` whose nearest lang is not "pl". An option holds text only, so the
 * lang sits on the option itself; a closed <select> is read too (the selected option, the list on open).
 */
function wrongVoiceOptions(page: Page, polish: string[]): Promise<string[]> {
  return page.evaluate((needles) => [...document.querySelectorAll('option')]
    .filter((option) => needles.some((needle) => (option.textContent ?? '').includes(needle)))
    .filter((option) => option.closest('[lang]')?.getAttribute('lang') !== 'pl')
    .map((option) => `<option> ${option.textContent ?? ''}`), polish);
}

test('[issue 14.4] an order page in English marks every Polish user text lang="pl"', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(120_000);
  const { page } = await newContext({ baseURL: freshServer.url });
  await seed(page.request, freshServer.url, { records: 6, rejectEvery: 3, operators: [OPERATOR] });
  await page.goto(`/zlecenie/${ORDER.id}`);
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Team' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: companyName(5) })).toBeVisible();

  const polish = [ORDER.name, ORDER.instructions, ORDER.area, ORDER.voivodeship, OPERATOR.name, ADMIN.name, 'Sokołów Podlaski', 'Łódź',
    ...Array.from({ length: 6 }, (_, i) => companyName(i))];
  expect(await wrongVoice(page, polish)).toEqual([]);
  // Every one of them is there, marked: the check above did look at something.
  const marked = await page.locator('[lang="pl"]').allTextContents();
  for (const text of [ORDER.name, ORDER.instructions, ORDER.area, ORDER.voivodeship, OPERATOR.name, ADMIN.name, companyName(0)]) {
    expect(marked.some((m) => m.includes(text)), `${text} marked lang="pl"`).toBe(true);
  }
  await axe(page, 'order page in English');

  // Back in Polish the page is lang="pl" and the spans add nothing.
  await page.getByRole('button', { name: 'Polski' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  expect(await page.locator('body [lang="pl"]').count()).toBe(0);
});

test('[issue 14.4] lists naming orders and people in English mark the names lang="pl"', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const { page } = await newContext({ baseURL: freshServer.url });
  await seed(page.request, freshServer.url, { operators: [OPERATOR] });
  await page.goto('/zlecenia');
  await expect(page.getByRole('link', { name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  expect(await wrongVoice(page, [ORDER.name, ORDER.area, ORDER.voivodeship, ADMIN.name])).toEqual([]);
  await page.goto('/uzytkownicy');
  await expect(page.getByRole('rowheader', { name: OPERATOR.name })).toBeVisible({ timeout: 30_000 });
  expect(await wrongVoice(page, [OPERATOR.name, ADMIN.name])).toEqual([]);
  await page.goto('/postep');
  await expect(page.getByRole('link', { name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  expect(await wrongVoice(page, [ORDER.name, OPERATOR.name])).toEqual([]);
});

test('[issue 14.4] options naming people and voivodeships, and confirmation dialogs naming a person, a value and a field, in English are lang="pl"', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const { page } = await newContext({ baseURL: freshServer.url });
  const headers = apiHeaders(freshServer.url);
  const { adminId, operatorIds } = await seed(page.request, freshServer.url, { operators: [OPERATOR], attributes: [attribute('opis', 'text', 'Opis działalności')] });
  // A second operator, not bound: the order's "Bind a person" list offers her.
  const made = await page.request.post('/api/users', { headers, data: { ...OPERATOR_2, role: 'operator', managerId: '' } });
  expect(made.status(), await made.text()).toBe(201);
  await push(page.request, freshServer.url, 'clients', [record('rec-opis', adminId, Date.now() - 60_000, { name: 'Masarnia Żółkiewski', custom: { opis: 'Ubój bydła' } })]);

  // One edit of the record (in Polish), so its history has values to restore: the name and a custom field.
  const recordPath = `/zlecenie/${ORDER.id}/rekord/rec-opis`;
  await page.goto(`/zlecenie/${ORDER.id}`);
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Masarnia Żółkiewski' }).click({ timeout: 30_000 });
  await expect(page.locator('#custom-opis')).toHaveValue('Ubój bydła', { timeout: 30_000 });
  await page.locator('#name').fill('Masarnia Żółkiewski i Syn');
  await page.locator('#custom-opis').fill('Rozbiór wieprzowiny');
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Options: the people the order can take, and the voivodeships of a record.
  const bind = page.getByLabel('Person to bind');
  await expect(bind.locator('option', { hasText: OPERATOR_2.name })).toHaveAttribute('lang', 'pl');
  expect(await wrongVoiceOptions(page, [OPERATOR_2.name])).toEqual([]);
  await page.goto(recordPath);
  const voivodeship = page.locator('#voivodeship');
  await expect(voivodeship.locator('option', { hasText: 'mazowieckie' })).toHaveAttribute('lang', 'pl', { timeout: 30_000 });
  // The placeholder is UI text: read in English.
  await expect(voivodeship.locator('option').first()).not.toHaveAttribute('lang', /./);
  expect(await wrongVoiceOptions(page, ['mazowieckie', 'dolnośląskie', 'świętokrzyskie'])).toEqual([]);

  // The restore dialog: the value and the custom field's own name in the English sentence.
  await page.goto(`${recordPath}/historia`);
  const restoreOpis = page.getByRole('button', { name: 'Restore “Ubój bydła”' });
  await restoreOpis.click({ timeout: 30_000 });
  const dialog = page.getByRole('dialog', { name: 'Restore an earlier value?' });
  await expect(dialog).toHaveAccessibleDescription(/^The field “Opis działalności” will get the value “Ubój bydła”\./);
  expect(await wrongVoice(page, ['Opis działalności', 'Ubój bydła'])).toEqual([]);
  await expect(dialog.locator('[lang="pl"]')).toHaveText(['Opis działalności', 'Ubój bydła']);
  await axe(page, 'restore dialog in English');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // A standard field is UI text: only the value is marked.
  await page.getByRole('button', { name: 'Restore “Masarnia Żółkiewski”' }).click();
  await expect(dialog).toHaveAccessibleDescription(/^The field “Name” will get the value “Masarnia Żółkiewski”\./);
  await expect(dialog.locator('[lang="pl"]')).toHaveText(['Masarnia Żółkiewski']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The deactivation dialog names the person in its title.
  await page.goto(`/uzytkownik/${operatorIds[0]}`);
  await page.getByRole('button', { name: 'Deactivate the account' }).click({ timeout: 30_000 });
  const deactivate = page.getByRole('dialog', { name: `Deactivate the account of ${OPERATOR.name}?` });
  await expect(deactivate).toBeVisible();
  expect(await wrongVoice(page, [OPERATOR.name])).toEqual([]);
  await expect(deactivate.locator('h2 [lang="pl"]')).toHaveText(OPERATOR.name);
  await deactivate.getByRole('button', { name: 'Cancel' }).click();
});
