// Custom attributes end to end: an administrator defines them, binds them to an order in the order
// edit form, enters a record with them, relabels and retires — and nothing stored is lost or executed.
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN, apiHeaders, expect, test } from './fixtures.ts';

const ORDER_ID = 'attributes-order';
const ORDER = 'Zakłady mięsne – dział zakupów';
const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://x")';
const CONTACT = 'Kontakt do działu zakupów';
const PRODUCTION = 'Rodzaj produkcji';

/** Documents of a collection as the server stores them (the admin sees everything). */
async function pulled<T>(request: APIRequestContext, baseURL: string, collection: string): Promise<T[]> {
  const response = await request.post(`/api/sync/${collection}/pull`, { headers: apiHeaders(baseURL), data: { checkpoint: null, limit: 100 } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { documents: T[] }).documents;
}

async function createOrder(request: APIRequestContext, baseURL: string): Promise<void> {
  const now = Date.now();
  const order = {
    id: ORDER_ID, name: ORDER, instructions: '', voivodeships: ['14'], area: '', targetCount: 0, deadline: '', principalId: '',
    verificationRequired: false, attributeIds: [], status: 'open', createdBy: '', createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
  };
  const pushed = await request.post('/api/sync/orders/push', {
    headers: apiHeaders(baseURL), data: { rows: [{ assumedMasterState: null, newDocumentState: order }] },
  });
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
}

/** The current page's form holds no element made from user text. */
async function expectNoMarkup(page: Page): Promise<void> {
  await expect(page.locator('main img')).toHaveCount(0);
}

test('custom attributes: defined, bound to an order, entered in a record, relabelled and retired without losing data', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(240_000);
  const { page, announcements, errors } = await newContext({ baseURL: freshServer.url });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  expect((await page.request.post('/api/setup', { headers: apiHeaders(freshServer.url), data: ADMIN })).ok()).toBe(true);
  await createOrder(page.request, freshServer.url);

  // The attribute list, reached from the navigation.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Atrybuty' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Atrybuty niestandardowe' })).toBeFocused();
  await expect(page.getByText('Nie ma jeszcze żadnych atrybutów.')).toBeVisible();
  await axe(page, 'attribute list, empty');

  // A single-choice attribute with a hostile label; submitted empty first.
  await page.getByRole('link', { name: 'Nowy atrybut' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy atrybut' })).toBeFocused();
  await axe(page, 'definition form');
  await page.getByRole('button', { name: 'Utwórz atrybut' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['Wybierz rodzaj pola', 'Wpisz etykietę atrybutu']);
  await expect(page).toHaveTitle(/^Błąd: Nowy atrybut/);
  await axe(page, 'definition form with errors');
  await summary.getByRole('link', { name: 'Wybierz rodzaj pola' }).click();
  await expect(page.getByRole('radio', { name: 'Krótki tekst' })).toBeFocused();

  await page.getByRole('radio', { name: 'Jednokrotny wybór' }).check();
  await page.getByLabel('Etykieta', { exact: true }).fill(HOSTILE);
  await expect(page.getByLabel('Etykieta po angielsku (opcjonalnie)', { exact: true })).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Utwórz atrybut' }).click();
  await expect(summary.getByRole('link')).toHaveText(['Dodaj co najmniej jedną możliwość wyboru']);
  await summary.getByRole('link').click();
  await expect(page.getByRole('button', { name: 'Dodaj możliwość' })).toBeFocused();
  for (const label of ['Wołowina', 'Drób']) {
    await page.getByRole('button', { name: 'Dodaj możliwość' }).click();
    await expect(page.getByRole('textbox', { name: 'Etykieta możliwości' }).last()).toBeFocused();
    await page.keyboard.type(label);
  }
  // A new option not saved yet may be removed; focus stays in the editor.
  await page.getByRole('button', { name: 'Dodaj możliwość' }).click();
  await page.getByRole('button', { name: 'Usuń możliwość 3' }).click();
  await expect(page.getByRole('group', { name: 'Możliwość 3' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Etykieta możliwości' }).last()).toBeFocused();
  await axe(page, 'definition form with options');
  await page.getByRole('button', { name: 'Utwórz atrybut' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Atrybuty niestandardowe' })).toBeVisible();
  await announcements.expectAnnounced(`Utworzono atrybut: ${HOSTILE}`);

  // A required text attribute.
  await page.getByRole('link', { name: 'Nowy atrybut' }).click();
  await page.getByRole('radio', { name: 'Krótki tekst' }).check();
  await page.getByLabel('Etykieta', { exact: true }).fill(CONTACT);
  await page.getByLabel('Pole wymagane', { exact: true }).check();
  await page.getByLabel('Podpowiedź (opcjonalnie)', { exact: true }).fill('Imię, nazwisko i telefon kierownika zakupów');
  await page.getByRole('button', { name: 'Utwórz atrybut' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Atrybuty niestandardowe' })).toBeVisible();

  const table = page.getByRole('table', { name: 'Atrybuty: 2' });
  await expect(table.getByRole('rowheader', { name: HOSTILE, exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(`^${CONTACT} Krótki tekst tak Aktywny 0`) })).toBeVisible();
  await expectNoMarkup(page);
  await axe(page, 'attribute list');
  await expect.poll(async () => (await pulled(page.request, freshServer.url, 'attributes')).length, { timeout: 30_000 }).toBe(2);

  // Both bound to the order in its edit form.
  await page.goto(`/zlecenie/${ORDER_ID}`);
  await page.getByRole('link', { name: 'Edytuj zlecenie' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edycja zlecenia: ${ORDER}` })).toBeFocused();
  await expect(page.getByRole('group', { name: 'Województwa' }).getByLabel('mazowieckie', { exact: true })).toBeChecked();
  await axe(page, 'order edit form');
  const bindings = page.getByRole('group', { name: 'Atrybuty niestandardowe' });
  await bindings.getByRole('checkbox', { name: `${HOSTILE} – Jednokrotny wybór` }).check();
  await bindings.getByRole('checkbox', { name: `${CONTACT} – Krótki tekst` }).check();
  await expectNoMarkup(page);
  await page.getByLabel('Liczba rekordów do zebrania (opcjonalnie)', { exact: true }).fill('półtora tysiąca');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await expect(summary.getByRole('link')).toHaveText(['Liczbę rekordów wpisz jako liczbę całkowitą, np. 500']);
  await axe(page, 'order edit form with errors');
  await page.getByLabel('Liczba rekordów do zebrania (opcjonalnie)', { exact: true }).fill('1 500');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await announcements.expectAnnounced('Zapisano zmiany zlecenia');
  type StoredOrder = { id: string; attributeIds: string[]; targetCount: number; voivodeships: string[] };
  await expect.poll(async () => {
    const [order] = (await pulled<StoredOrder>(page.request, freshServer.url, 'orders')).filter((o) => o.id === ORDER_ID);
    return [order?.attributeIds.length, order?.targetCount, order?.voivodeships];
  }, { timeout: 30_000 }).toEqual([2, 1500, ['14']]);

  // A record: the required custom field, empty, is in the error summary with a working link.
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  const customGroup = page.getByRole('group', { name: 'Atrybuty zlecenia' });
  await expect(customGroup).toBeVisible();
  await expect(customGroup.getByRole('group', { name: HOSTILE, exact: true })).toBeVisible();
  await expect(customGroup.getByText(HOSTILE, { exact: true })).toBeVisible();
  await expectNoMarkup(page);
  await axe(page, 'record form with custom fields');
  await page.getByLabel('Nazwa', { exact: true }).fill('Zakłady Mięsne Sokołowskie');
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([`Uzupełnij pole „${CONTACT}”`]);
  await axe(page, 'record form with the error summary');
  await summary.getByRole('link').click();
  const contact = page.getByLabel(`${CONTACT} (wymagane)`, { exact: true });
  await expect(contact).toBeFocused();
  await expect(contact).toHaveAccessibleDescription(/Imię, nazwisko i telefon kierownika zakupów/);
  await contact.fill(FORMULA);
  await customGroup.getByRole('group', { name: HOSTILE, exact: true }).getByRole('radio', { name: 'Drób' }).check();
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await announcements.expectAnnounced('Zapisano rekord');

  type StoredClient = { name: string; custom: Record<string, unknown> };
  await expect.poll(async () => (await pulled<StoredClient>(page.request, freshServer.url, 'clients')).map((c) => Object.values(c.custom).sort()), {
    timeout: 30_000,
  }).toEqual([[FORMULA, expect.stringMatching(/^o-[a-z0-9]+$/)]]);

  // Relabel the choice attribute and retire the chosen option.
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Atrybuty' }).click();
  await page.getByRole('link', { name: `Edytuj ${HOSTILE}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Atrybut: ${HOSTILE}` })).toBeFocused();
  await expect(page.getByText('Rodzaj pola: Jednokrotny wybór')).toBeVisible();
  await page.getByLabel('Etykieta', { exact: true }).fill(PRODUCTION);
  await page.getByRole('button', { name: 'Wycofaj możliwość „Drób”' }).click();
  await expect(page.getByRole('button', { name: 'Przywróć możliwość „Drób”' })).toBeFocused();
  await expect(page.getByRole('group', { name: 'Możliwość 2' }).getByText('Stan: wycofana')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Usuń/ })).toHaveCount(0);
  await axe(page, 'definition form, editing');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Atrybuty niestandardowe' })).toBeVisible();
  await announcements.expectAnnounced(`Zapisano atrybut: ${PRODUCTION}`);

  // The record still shows its stored option (now retired) and its text; a new record is not offered it.
  await page.goto(`/zlecenie/${ORDER_ID}`);
  await page.getByRole('table').getByRole('link', { name: 'Zakłady Mięsne Sokołowskie' }).click();
  const production = page.getByRole('group', { name: PRODUCTION, exact: true });
  await expect(production.getByRole('radio', { name: 'Drób (wycofana)' })).toBeChecked();
  await expect(page.getByLabel(`${CONTACT} (wymagane)`, { exact: true })).toHaveValue(FORMULA);
  await axe(page, 'record form, editing');
  await page.goto(`/zlecenie/${ORDER_ID}/rekord/nowy`);
  await expect(page.getByRole('group', { name: PRODUCTION, exact: true }).getByRole('radio', { name: /Drób/ })).toHaveCount(0);
  await expect(page.getByRole('group', { name: PRODUCTION, exact: true }).getByRole('radio', { name: 'Wołowina' })).toBeVisible();

  // Retiring the text attribute: gone from new entry, its value kept and shown read-only.
  await page.goto('/atrybuty');
  await page.getByRole('link', { name: `Edytuj ${CONTACT}` }).click();
  await page.getByRole('button', { name: 'Wycofaj atrybut' }).click();
  await expect(page.getByRole('button', { name: 'Przywróć atrybut' })).toBeFocused();
  await expect(page.getByText('Stan: wycofany')).toBeVisible();
  await announcements.expectAnnounced(`Wycofano atrybut: ${CONTACT}. Zapisane wartości zostają.`);
  await page.goto('/atrybuty');
  await expect(page.getByRole('row', { name: new RegExp(`^${CONTACT} Krótki tekst tak Wycofany 1`) })).toBeVisible();
  await page.goto(`/zlecenie/${ORDER_ID}/rekord/nowy`);
  await expect(page.getByLabel(`${CONTACT} (wymagane)`, { exact: true })).toHaveCount(0);
  await page.goto(`/zlecenie/${ORDER_ID}`);
  await page.getByRole('table').getByRole('link', { name: 'Zakłady Mięsne Sokołowskie' }).click();
  await expect(page.getByText('Wcześniej zapisane – tylko do odczytu')).toBeVisible();
  await expect(page.getByText(FORMULA, { exact: true })).toBeVisible();

  // The record can still be edited and saved: the server accepts it with its retired values.
  await page.getByLabel('Miejscowość', { exact: true }).fill('Sokołów Podlaski');
  await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible();
  await expect.poll(async () => (await pulled<StoredClient & { city: string }>(page.request, freshServer.url, 'clients')).map((c) => [c.city, Object.values(c.custom).length]), {
    timeout: 30_000,
  }).toEqual([['Sokołów Podlaski', 2]]);
  await expect(page.getByText('Serwer nie przyjął zmian')).toHaveCount(0);

  expect(dialogs).toEqual([]);
  errors.expectNone({ allow: [/status of 401/] });
});
