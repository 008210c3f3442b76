// Issue 14, finding 4: with the English UI, Polish user text (order names, instructions, territory,
// company names, people's names) is marked lang="pl", so a screen reader reads it with a Polish voice.
import type { Page } from '@playwright/test';
import { ADMIN, expect, test } from './fixtures.ts';
import { companyName, OPERATOR, ORDER, seed, synced } from './voice-seed.ts';

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
