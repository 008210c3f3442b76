// Issue 14, findings 6 and 8: the record page says where the user is ("Nowy rekord", "Edycja: <firma>",
// "Podgląd: <firma>"), a read-only record is a description list, the required field is marked in sight and
// the optional ones "(opcjonalnie)", and no field invites the browser to fill in the operator's own details.
import { apiHeaders, expect, test } from './fixtures.ts';
import { listen } from './voice.ts';
import { attribute, OPERATOR, ORDER, seed, signIn, synced } from './voice-seed.ts';

const COMPANY = 'Zakłady Mięsne Łuków';

test('[issue 14.6, 14.8] record pages: titles that name the company, marked fields, no autofill of the user, a read-only record as a list', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(150_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await seed(admin.page.request, freshServer.url, { operators: [OPERATOR], attributes: [attribute('kontakt', 'text', 'Osoba kontaktowa')] });
  const { page, context } = await newContext({ baseURL: freshServer.url });
  const voice = await listen(context);
  await signIn(page, OPERATOR);
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });

  // A new record: its title, the marks in sight, the accessible names unchanged, aria-required on "Nazwa".
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy rekord' })).toBeFocused();
  await expect(page).toHaveTitle('Nowy rekord — Kartoteka');
  const mark = (id: string) => page.locator('.field', { has: page.locator(`#${id}`) }).locator('.field__mark');
  await expect(mark('name')).toHaveText('(wymagane)');
  await expect(mark('nip')).toHaveText('(opcjonalnie)');
  await expect(mark('notes')).toHaveText('(opcjonalnie)');
  await expect(mark('nip')).toBeVisible();
  const name = page.getByLabel('Nazwa', { exact: true });
  await expect(name).toHaveAttribute('aria-required', 'true');
  await expect(page.getByLabel('NIP', { exact: true })).not.toHaveAttribute('aria-required', 'true');
  // Company fields never carry tokens that describe the user (organization, email, tel, address-…).
  const tokens = await page.locator('form input, form select, form textarea').evaluateAll((els) =>
    els.filter((el) => ['INPUT', 'SELECT'].includes(el.tagName) && (el as HTMLInputElement).type !== 'radio' && (el as HTMLInputElement).type !== 'checkbox')
      .map((el) => `${el.id}=${el.getAttribute('autocomplete') ?? '(none)'}`));
  expect(tokens.filter((token) => !token.endsWith('=off'))).toEqual([]);
  expect(tokens.length).toBeGreaterThan(15);
  await axe(page, 'new record form with marks');

  await name.fill(COMPANY);
  await page.getByLabel('Osoba kontaktowa', { exact: false }).fill('Jan Żółkiewski');
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeFocused();

  // Editing it: "Edycja: <firma>".
  await page.getByRole('link', { name: COMPANY }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edycja: ${COMPANY}` })).toBeFocused();
  await expect(page).toHaveTitle(`Edycja: ${COMPANY} — Kartoteka`);
  await expect(name).toBeEditable();
  await page.getByRole('link', { name: 'Wróć do zlecenia' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeFocused();

  // The order closed definitively: the record opens as "Podgląd: <firma>", a description list.
  const closed = await admin.page.request.post(`/api/orders/${ORDER.id}/close`, { headers: apiHeaders(freshServer.url), data: { confirm: true } });
  expect(closed.ok(), await closed.text()).toBe(true);
  await expect(page.getByText('Stan zlecenia: zamknięte definitywnie')).toBeVisible({ timeout: 30_000 });
  voice.mark();
  await page.getByRole('link', { name: COMPANY }).click();
  const heading = page.getByRole('heading', { level: 1, name: `Podgląd: ${COMPANY}` });
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(`Podgląd: ${COMPANY} — Kartoteka`);
  await expect(page.locator('.record-view dt')).toHaveText(['Nazwa', 'Osoba kontaktowa']);
  await expect(page.locator('.record-view dd')).toHaveText([COMPANY, 'Jan Żółkiewski']);
  await expect(page.locator('.record-view')).toContainText('Niewypełnione pola: NIP, PKD, REGON');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  expect(voice.heard(['focus'])).toEqual([expect.stringMatching(/^a: /), `h1: Podgląd: ${COMPANY}`]);
  await axe(page, 'read-only record as a description list');

  // In English the heading is English around the Polish company name, which carries lang="pl".
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `View: ${COMPANY}` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).locator('[lang="pl"]')).toHaveText(COMPANY);
  await expect(page.locator('.record-view')).toContainText('Fields left empty: NIP (tax ID), PKD (activity code), REGON (statistical ID), Street');
});
