// The whole life of an order, end to end: a coordinator defines a custom attribute, creates an order
// with a target and binds a supervisor, an operator and a verifier; the operator, offline and keyboard
// only, enters a record with the custom attribute and sees today's count change; back online the
// supervisor sees the count, closes the order for the operator (whose form turns read-only, saying
// why), and the coordinator closes the order definitively, which every user's page then shows.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { ADMIN, apiHeaders, expect, test, type AdminAccount, type FreshApp } from './fixtures.ts';

/** A person the test signs in as: name, login and password (the fixtures' account shape). */
type Person = AdminAccount;

const COORDINATOR: Person = { name: 'Celina Koordynatorka', login: 'celina', password: 'Koordynator-haslo-2026' };
const SUPERVISOR: Person = { name: 'Sława Opiekunka', login: 'slawa', password: 'Opiekunka-haslo-2026' };
const OPERATOR: Person = { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' };
const VERIFIER: Person = { name: 'Wiktor Weryfikator', login: 'wiktor', password: 'Weryfikator-haslo-2026' };

const ORDER = 'Firmy mięsne mazowieckie';
const CONTACT = 'Kontakt do działu zakupów';
const CONTACT_FIELD = `${CONTACT} (wymagane)`;
const CONTACT_HINT = 'Imię, nazwisko i telefon kierownika zakupów';
const RECORD = {
  nip: '526-025-02-74', name: 'Zakłady Mięsne Sokołowskie', postalCode: '08-300', city: 'Sokołów Podlaski',
  contact: 'Jan Nowak, kierownik zakupów, tel. 600 123 456',
};

/** The record form's standard fields, in the order Tab reaches them (schemas/entities/standard-attributes.ts). */
const STANDARD_FIELDS = [
  'NIP', 'PKD', 'REGON', 'Nazwa', 'Ulica', 'Numer', 'Kod pocztowy', 'Miejscowość', 'Województwo', 'Firma zajmuje się',
  'Strona www', 'Email', 'Tel. stacjonarny', 'Tel. komórkowy', 'Fax', 'Poziom zatrudnienia',
  'Źródło danych 1', 'Źródło danych 2', 'Źródło danych 3', 'Źródło danych 4', 'Uwagi',
];
/** What the operator types into the standard fields (the rest stay empty). */
const TYPED: Record<string, string> = {
  NIP: RECORD.nip, Nazwa: RECORD.name, 'Kod pocztowy': RECORD.postalCode, Miejscowość: RECORD.city,
};

const CLOSED_FOR_YOU_FORM = 'Zlecenie zostało dla Ciebie zamknięte – rekordy są tylko do odczytu. Jeśli to pomyłka, skontaktuj się z opiekunem.';
const CLOSED_FOR_YOU_PAGE = 'Zlecenie zostało dla Ciebie zamknięte – rekordy są tylko do odczytu';
const CLOSED_FORM = 'Zlecenie zostało zamknięte definitywnie – rekordy są tylko do odczytu.';
const CLOSED_STATUS = 'Stan zlecenia: zamknięte definitywnie';

// The pre-login "who am I" answers 401 on every fresh device.
const ALLOW = [/status of 401/];
// While the cable is cut, the app's requests (pull, stream, push) fail by design.
const ALLOW_OFFLINE = [...ALLOW, /ERR_INTERNET_DISCONNECTED/, /Failed to fetch/];

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name, exact: true });
const synced = (page: Page) => page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true });

/** One keyboard step: Tab, and focus must land exactly on `target`. */
async function tab(page: Page, target: Locator): Promise<void> {
  await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** The administrator (first run) and the structure coordinator → supervisor → operator, plus a verifier. */
async function organisation(request: APIRequestContext, baseURL: string): Promise<void> {
  const headers = apiHeaders(baseURL);
  const setup = await request.post('/api/setup', { headers, data: ADMIN });
  expect(setup.ok(), await setup.text()).toBe(true);
  const create = async (person: Person, role: string, managerId: string) => {
    const made = await request.post('/api/users', { headers, data: { ...person, role, managerId } });
    expect(made.status(), await made.text()).toBe(201);
    return ((await made.json()) as { user: { id: string } }).user.id;
  };
  const coordinator = await create(COORDINATOR, 'coordinator', '');
  const supervisor = await create(SUPERVISOR, 'supervisor', coordinator);
  await create(OPERATOR, 'operator', supervisor);
  await create(VERIFIER, 'verifier', '');
}

/** Documents of a collection as the server holds them for the context's user. */
async function pulled<T>(request: APIRequestContext, baseURL: string, collection: string): Promise<T[]> {
  const response = await request.post(`/api/sync/${collection}/pull`, { headers: apiHeaders(baseURL), data: { checkpoint: null, limit: 100 } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { documents: T[] }).documents;
}

/** The login form, filled and sent from the keyboard (for everyone but the operator, whose steps are spelled out). */
async function signIn(app: FreshApp, person: Person): Promise<void> {
  const { page } = app;
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).press('Enter');
  await expect(heading(page, 'Logowanie')).toBeHidden({ timeout: 30_000 });
}

async function bind(app: FreshApp, person: Person, role: string): Promise<void> {
  const { page, announcements } = app;
  await page.getByLabel('Osoba do dowiązania', { exact: true }).selectOption({ label: `${person.name} (${role})` });
  await page.getByRole('button', { name: 'Dowiąż', exact: true }).press('Enter');
  await announcements.expectAnnounced(`Dowiązano do zlecenia: ${person.name}`);
  await expect(page.getByRole('table', { name: /^Zespół zlecenia/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: person.name }) }))
    .toContainText(role, { timeout: 30_000 });
}

test('an order from definition to definitive close: custom attribute, target, team, offline keyboard-only entry, progress, close for the operator, close for good', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(240_000);
  const baseURL = freshServer.url;
  const admin = await newContext({ baseURL });
  await organisation(admin.page.request, baseURL);

  // ── The coordinator defines "Kontakt do działu zakupów" on /atrybuty/nowy. ──
  const coordinator = await newContext({ baseURL });
  const cp = coordinator.page;
  await signIn(coordinator, COORDINATOR);
  await expect(heading(cp, 'Zlecenia')).toBeVisible({ timeout: 30_000 });
  await nav(cp, 'Atrybuty').press('Enter');
  await expect(heading(cp, 'Atrybuty niestandardowe')).toBeFocused();
  await cp.getByRole('link', { name: 'Nowy atrybut' }).press('Enter');
  await expect(heading(cp, 'Nowy atrybut')).toBeFocused();
  await expect(cp).toHaveURL(/\/atrybuty\/nowy$/);
  await axe(cp, 'attribute form');
  await cp.getByRole('radio', { name: 'Krótki tekst' }).press('Space');
  await expect(cp.getByRole('radio', { name: 'Krótki tekst' })).toBeChecked();
  await cp.getByLabel('Etykieta', { exact: true }).fill(CONTACT);
  await cp.getByLabel('Pole wymagane', { exact: true }).press('Space');
  await expect(cp.getByLabel('Pole wymagane', { exact: true })).toBeChecked();
  await cp.getByLabel('Podpowiedź (opcjonalnie)', { exact: true }).fill(CONTACT_HINT);
  await axe(cp, 'attribute form, filled');
  await cp.getByRole('button', { name: 'Utwórz atrybut' }).press('Enter');
  await expect(heading(cp, 'Atrybuty niestandardowe')).toBeFocused();
  await coordinator.announcements.expectAnnounced(`Utworzono atrybut: ${CONTACT}`);
  await expect(cp.getByRole('table', { name: 'Atrybuty: 1' }).getByRole('row', { name: new RegExp(`^${CONTACT} Krótki tekst tak Aktywny`) })).toBeVisible();
  // An order may bind only attributes the server knows: the definition goes out first.
  await expect.poll(async () => (await pulled<{ label: string }>(cp.request, baseURL, 'attributes')).map((a) => a.label), { timeout: 30_000 }).toEqual([CONTACT]);

  // ── The order on /zlecenia/nowe: name, mazowieckie, a target of 50, the attribute ticked. ──
  await nav(cp, 'Zlecenia').press('Enter');
  await expect(heading(cp, 'Zlecenia')).toBeFocused();
  await cp.getByRole('link', { name: 'Nowe zlecenie' }).press('Enter');
  await expect(heading(cp, 'Nowe zlecenie')).toBeFocused();
  await expect(cp).toHaveURL(/\/zlecenia\/nowe$/);
  await axe(cp, 'order form');
  await cp.getByLabel('Nazwa zlecenia', { exact: true }).fill(ORDER);
  await cp.getByLabel('Instrukcje', { exact: true }).fill('Zakłady mięsne z Mazowsza; zawsze kontakt do działu zakupów.');
  const mazowieckie = cp.getByRole('group', { name: 'Województwa' }).getByLabel('mazowieckie', { exact: true });
  await mazowieckie.press('Space');
  await expect(mazowieckie).toBeChecked();
  await cp.getByLabel('Liczba rekordów do zebrania (opcjonalnie)', { exact: true }).fill('50');
  const contactBinding = cp.getByRole('group', { name: 'Atrybuty niestandardowe' }).getByRole('checkbox', { name: `${CONTACT} – Krótki tekst` });
  await contactBinding.press('Space');
  await expect(contactBinding).toBeChecked();
  await axe(cp, 'order form, filled');
  await cp.getByRole('button', { name: 'Utwórz zlecenie' }).press('Enter');
  await expect(heading(cp, ORDER)).toBeFocused();
  await coordinator.announcements.expectAnnounced('Utworzono zlecenie');
  const orderUrl = cp.url();
  const orderId = decodeURIComponent(new URL(orderUrl).pathname.split('/').pop()!);
  await expect(cp.getByText('Stan zlecenia: otwarte')).toBeVisible();
  const coordinatorBrief = cp.getByRole('region', { name: 'Opis zlecenia' });
  await expect(coordinatorBrief).toContainText('mazowieckie');
  await expect(coordinatorBrief.getByText('Cel: 50 rekordów – wykonano 0 z 50 (0%)', { exact: true })).toBeVisible();
  await expect(synced(cp)).toBeVisible({ timeout: 30_000 });
  type StoredOrder = { id: string; name: string; voivodeships: string[]; targetCount: number; attributeIds: string[]; status: string };
  const [attribute] = await pulled<{ id: string }>(cp.request, baseURL, 'attributes');
  await expect.poll(async () => {
    const order = (await pulled<StoredOrder>(cp.request, baseURL, 'orders')).find((o) => o.id === orderId);
    return order && [order.name, order.voivodeships, order.targetCount, order.attributeIds, order.status];
  }, { timeout: 30_000 }).toEqual([ORDER, ['14'], 50, [attribute!.id], 'open']);

  // ── The team, bound on the order page. ──
  await expect(cp.getByText('Nikt nie jest jeszcze dowiązany do tego zlecenia.')).toBeVisible();
  await bind(coordinator, SUPERVISOR, 'opiekun');
  await bind(coordinator, OPERATOR, 'operator');
  await bind(coordinator, VERIFIER, 'weryfikator');
  await expect(cp.getByRole('table', { name: 'Zespół zlecenia: 3 osoby' })).toBeVisible();
  await axe(cp, 'order page with the team');

  // The verifier's device follows the order from here on.
  const verifier = await newContext({ baseURL });
  await signIn(verifier, VERIFIER);
  await expect(heading(verifier.page, 'Zlecenia')).toBeVisible({ timeout: 30_000 });
  await verifier.page.goto(orderUrl);
  await expect(heading(verifier.page, ORDER)).toBeVisible({ timeout: 30_000 });
  await expect(verifier.page.getByText('Stan zlecenia: otwarte')).toBeVisible();

  // ── The operator, keyboard only from the login form on. ──
  const operator = await newContext({ baseURL });
  const { page, context } = operator;
  await page.goto('/login');
  await expect(heading(page, 'Logowanie')).toBeVisible();
  await tab(page, page.getByRole('link', { name: 'Przejdź do treści' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await tab(page, page.getByLabel('Login', { exact: true }));
  await page.keyboard.type(OPERATOR.login);
  await tab(page, page.getByLabel('Hasło', { exact: true }));
  await page.keyboard.type(OPERATOR.password);
  await tab(page, page.getByRole('button', { name: 'Zaloguj się' }));
  await page.keyboard.press('Enter');
  // One open order: the landing page opens it, focus on its heading.
  await expect(heading(page, ORDER)).toBeFocused({ timeout: 30_000 });
  await expect(page).toHaveURL(orderUrl);
  await expect(page).toHaveTitle(`${ORDER} — Kartoteka`);
  const brief = page.getByRole('region', { name: 'Opis zlecenia' });
  const todayZero = brief.getByText('Wprowadzono dziś: 0 rekordów', { exact: true });
  await expect(todayZero).toBeVisible();
  await expect(brief.getByText('Cel: 50 rekordów – wykonano 0 z 50 (0%)', { exact: true })).toBeVisible();
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await axe(page, 'operator order page, online');

  // The service worker controls the page before the cable is cut.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await context.setOffline(true);
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  await operator.announcements.expectAnnounced('Jesteś offline');
  await expect(heading(page, ORDER)).toBeFocused();
  await axe(page, 'operator order page, offline');

  // The record form, offline: Tab from the heading reaches "Dodaj rekord".
  const addRecord = page.getByRole('link', { name: 'Dodaj rekord' });
  await tab(page, addRecord);
  await page.keyboard.press('Enter');
  await expect(heading(page, 'Nowy rekord')).toBeFocused();
  const contactField = page.getByLabel(CONTACT_FIELD, { exact: true });
  await expect(page.getByRole('group', { name: 'Atrybuty zlecenia' })).toBeVisible();
  await expect(contactField).toHaveAccessibleDescription(new RegExp(CONTACT_HINT));
  await axe(page, 'record form, offline');
  await tab(page, page.getByRole('link', { name: 'Wróć do zlecenia' }));
  for (const label of STANDARD_FIELDS) {
    const field = page.getByLabel(label, { exact: true });
    await tab(page, field);
    if (label === 'Województwo') {
      // A closed <select> takes type-ahead: the keyboard user types the name.
      await page.keyboard.type('mazowieckie');
      await expect(field).toHaveValue('14');
    } else if (TYPED[label]) {
      await page.keyboard.type(TYPED[label]);
      await expect(field).toHaveValue(TYPED[label]);
    }
  }
  // The required custom field is left empty at first: the GOV.UK error summary takes focus.
  await tab(page, contactField);
  const save = page.getByRole('button', { name: 'Zapisz', exact: true });
  await tab(page, save);
  await page.keyboard.press('Enter');
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Wystąpił problem');
  await expect(page).toHaveTitle(/^Błąd: Nowy rekord/);
  await expect(contactField).toHaveAttribute('aria-invalid', 'true');
  await expect(contactField).toHaveAccessibleDescription(/Błąd: Uzupełnij pole „Kontakt do działu zakupów”/);
  await expect(page.getByLabel('Nazwa', { exact: true })).toHaveValue(RECORD.name);
  await axe(page, 'record form with the error summary, offline');
  const summaryLink = summary.getByRole('link', { name: 'Uzupełnij pole „Kontakt do działu zakupów”' });
  await tab(page, summaryLink);
  await page.keyboard.press('Enter');
  await expect(contactField).toBeFocused();
  await page.keyboard.type(RECORD.contact);
  await expect(contactField).toHaveValue(RECORD.contact);
  await tab(page, save);
  await page.keyboard.press('Enter');

  // Back on the order: today's count changed, said politely; the record waits to be sent.
  await expect(heading(page, ORDER)).toBeFocused();
  await expect(page).not.toHaveTitle(/^Błąd: /);
  await operator.announcements.expectAnnounced('Zapisano rekord');
  await expect(brief.getByText('Wprowadzono dziś: 1 rekord', { exact: true })).toBeVisible();
  await expect(todayZero).toHaveCount(0);
  await expect(brief.getByText('Cel: 50 rekordów – wykonano 1 z 50 (2%)', { exact: true })).toBeVisible();
  await operator.announcements.expectAnnounced('Wprowadzono dziś: 1 rekord');
  await expect(page.getByText('Niewysłane: 1 rekord', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Rekordy: 1 rekord/ }).getByRole('link', { name: RECORD.name })).toBeVisible();
  await expect(heading(page, ORDER)).toBeFocused();
  await axe(page, 'operator order page, offline, with an unsent record');

  // ── The supervisor follows /postep while the operator is still offline: nothing yet. ──
  const supervisor = await newContext({ baseURL });
  const sp = supervisor.page;
  await signIn(supervisor, SUPERVISOR);
  await expect(heading(sp, 'Zlecenia')).toBeVisible({ timeout: 30_000 });
  await expect(synced(sp)).toBeVisible({ timeout: 30_000 });
  await nav(sp, 'Postęp').press('Enter');
  await expect(heading(sp, 'Postęp')).toBeFocused();
  const ordersTable = sp.getByRole('table', { name: 'Postęp zleceń: 1 zlecenie' });
  const orderRow = ordersTable.getByRole('row').filter({ has: sp.getByRole('rowheader', { name: ORDER }) });
  // Cells after the row header: status, today, total, target, % of target, rejected.
  await expect(orderRow.getByRole('cell')).toHaveText(['Otwarte', '0', '0', '50', '0%', '0']);
  const operatorRow = sp.getByRole('table', { name: 'Operatorzy w zleceniach: 1 pozycja' }).getByRole('row')
    .filter({ has: sp.getByRole('rowheader', { name: OPERATOR.name, exact: true }) });
  // Cells after the row header: order, today, total, rejected, state, actions.
  await expect(operatorRow.getByRole('cell').nth(1)).toHaveText('0');

  // ── Online again: the record goes out, and the supervisor's open page counts it. ──
  operator.announcements.clear();
  await context.setOffline(false);
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Niewysłane/)).toBeHidden();
  await operator.announcements.expectAnnounced('Zsynchronizowano', 15_000);
  await expect(heading(page, ORDER)).toBeFocused();
  type StoredClient = { name: string; nip: string; orderId: string; custom: Record<string, unknown> };
  await expect.poll(async () => (await pulled<StoredClient>(cp.request, baseURL, 'clients')).map((c) => [c.name, c.nip, c.orderId, c.custom]), {
    timeout: 30_000,
  }).toEqual([[RECORD.name, '5260250274', orderId, { [attribute!.id]: RECORD.contact }]]);

  // The operator starts a second record, online, and is typing its NIP when the order closes for them (below).
  await tab(page, addRecord);
  await page.keyboard.press('Enter');
  await expect(heading(page, 'Nowy rekord')).toBeFocused();
  await expect(contactField).toBeEditable();
  await axe(page, 'record form, online');
  const backToOrder = page.getByRole('link', { name: 'Wróć do zlecenia' });
  await tab(page, backToOrder);
  const nip = page.getByLabel('NIP', { exact: true });
  await tab(page, nip);
  await page.keyboard.type('768-000');

  await expect(orderRow.getByRole('cell')).toHaveText(['Otwarte', '1', '1', '50', '2%', '0'], { timeout: 30_000 });
  await expect(operatorRow.getByRole('cell').nth(0)).toHaveText(ORDER);
  await expect(operatorRow.getByRole('cell').nth(1)).toHaveText('1');
  await expect(operatorRow.getByRole('cell').nth(2)).toHaveText('1');
  await expect(operatorRow.getByRole('cell').nth(4)).toHaveText('Otwarte');
  await axe(sp, 'progress, supervisor');

  // The supervisor's order page says the same, and its team section closes the order for the operator.
  await orderRow.getByRole('link', { name: ORDER }).press('Enter');
  await expect(heading(sp, ORDER)).toBeFocused();
  const supervisorBrief = sp.getByRole('region', { name: 'Opis zlecenia' });
  await expect(supervisorBrief.getByText('Wprowadzono dziś: 1 rekord', { exact: true })).toBeVisible();
  await expect(supervisorBrief.getByText('Cel: 50 rekordów – wykonano 1 z 50 (2%)', { exact: true })).toBeVisible();
  await expect(sp.getByRole('table', { name: /^Rekordy: 1 rekord/ }).getByRole('link', { name: RECORD.name })).toBeVisible();
  await expect(sp.getByRole('table', { name: 'Zespół zlecenia: 3 osoby' })).toBeVisible();
  await axe(sp, 'order page, supervisor');
  const closeFor = sp.getByRole('button', { name: `Zamknij dla operatora ${OPERATOR.name}` });
  await closeFor.press('Enter');
  await supervisor.announcements.expectAnnounced(`Zamknięto zlecenie dla: ${OPERATOR.name}`);
  const teamRow = sp.getByRole('table', { name: /^Zespół zlecenia/ }).getByRole('row').filter({ has: sp.getByRole('rowheader', { name: OPERATOR.name }) });
  await expect(teamRow).toContainText('Zamknięte dla operatora', { timeout: 30_000 });
  await expect(sp.getByRole('button', { name: `Otwórz ponownie ${OPERATOR.name}` })).toBeFocused();
  await axe(sp, 'order page, supervisor, closed for the operator');

  // ── The operator's open form hears it: read-only, saying why, focus on the explanation, nothing typed lost. ──
  const lockNotice = page.getByRole('main').locator('.notice');
  await expect(lockNotice).toHaveText(CLOSED_FOR_YOU_FORM, { timeout: 30_000 });
  await expect(lockNotice).toBeFocused();
  await operator.announcements.expectAnnounced(CLOSED_FOR_YOU_FORM);
  await expect(nip).toBeDisabled();
  await expect(nip).toHaveValue('768-000');
  await expect(contactField).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Zapisz/ })).toHaveCount(0);
  await axe(page, 'record form turned read-only (closed for the operator)');
  // The way back comes just before the explanation.
  await page.keyboard.press('Shift+Tab');
  await expect(backToOrder).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(heading(page, ORDER)).toBeFocused();
  await expect(page.getByRole('main').getByText(CLOSED_FOR_YOU_PAGE, { exact: true })).toBeVisible();
  await expect(addRecord).toHaveCount(0);
  await expect(brief.getByText('Wprowadzono dziś: 1 rekord', { exact: true })).toBeVisible();
  await axe(page, 'operator order page, closed for them');

  // Their saved record, reached from the keyboard: the filter, the five sort buttons, then its link.
  await tab(page, page.getByRole('checkbox', { name: 'Tylko odrzucone' }));
  const recordsTable = page.getByRole('table', { name: /^Rekordy: 1 rekord/ });
  for (const column of ['Nazwa', 'NIP', 'Miejscowość', 'Status', 'Dodano']) {
    await tab(page, recordsTable.getByRole('columnheader', { name: column }).getByRole('button'));
  }
  await tab(page, recordsTable.getByRole('link', { name: RECORD.name }));
  await page.keyboard.press('Enter');
  // Read-only from the moment it opens: the title says "Podgląd" and names the company, and the record is a
  // description list of the filled fields (issue 14), not disabled inputs.
  await expect(heading(page, `Podgląd: ${RECORD.name}`)).toBeFocused();
  await expect(page).toHaveTitle(`Podgląd: ${RECORD.name} — Kartoteka`);
  await expect(lockNotice).toHaveText(CLOSED_FOR_YOU_FORM);
  await expect(page.locator('.record-view dt')).toHaveText(['NIP', 'Nazwa', 'Kod pocztowy', 'Miejscowość', 'Województwo', CONTACT]);
  await expect(page.locator('.record-view dd')).toHaveText(['5260250274', RECORD.name, RECORD.postalCode, RECORD.city, 'mazowieckie', RECORD.contact]);
  await expect(page.locator('.record-view')).toContainText('Niewypełnione pola: PKD, REGON, Ulica');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Zapisz/ })).toHaveCount(0);
  await axe(page, 'saved record, read-only (closed for the operator)');
  // The way back is the stop after the heading, and focus waits there.
  await tab(page, backToOrder);

  // ── The coordinator closes the order definitively, asked first in a dialog. ──
  await expect(cp.getByRole('table', { name: /^Zespół zlecenia/ }).getByRole('row').filter({ has: cp.getByRole('rowheader', { name: OPERATOR.name }) }))
    .toContainText('Zamknięte dla operatora', { timeout: 30_000 });
  const closeButton = cp.getByRole('button', { name: 'Zamknij zlecenie definitywnie' });
  await closeButton.press('Enter');
  const dialog = cp.getByRole('dialog', { name: 'Zamknąć zlecenie definitywnie?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/nic w tym zleceniu nie będzie mogło się zmienić/);
  await expect(dialog.getByRole('button', { name: 'Anuluj' })).toBeFocused();
  await axe(cp, 'definitive-close dialog');
  await dialog.getByRole('button', { name: 'Tak, zamknij definitywnie' }).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(cp.getByText(CLOSED_STATUS)).toBeFocused();
  await coordinator.announcements.expectAnnounced('Zlecenie zostało zamknięte definitywnie');
  await expect(closeButton).toHaveCount(0);
  await expect(cp.getByRole('button', { name: 'Dowiąż', exact: true })).toHaveCount(0);
  await expect(cp.getByRole('button', { name: /^Odwiąż|^Zamknij|^Otwórz ponownie/ })).toHaveCount(0);
  await expect(cp.getByRole('link', { name: 'Edytuj zlecenie' })).toHaveCount(0);
  await axe(cp, 'order page after the definitive close, coordinator');

  // Every user's page shows it, live.
  await expect(sp.getByText(CLOSED_STATUS)).toBeVisible({ timeout: 30_000 });
  await expect(sp.getByRole('button', { name: /^Odwiąż|^Zamknij|^Otwórz ponownie/ })).toHaveCount(0);
  await expect(verifier.page.getByText(CLOSED_STATUS)).toBeVisible({ timeout: 30_000 });
  await expect(verifier.page.getByRole('table', { name: /^Rekordy: 1 rekord/ }).getByRole('link', { name: RECORD.name })).toBeVisible();
  await axe(verifier.page, 'order page after the definitive close, verifier');
  // The operator's form now gives the definitive reason.
  await expect(lockNotice).toHaveText(CLOSED_FORM, { timeout: 30_000 });
  await operator.announcements.expectAnnounced(CLOSED_FORM);
  await expect(page.locator('.record-view dd').last()).toHaveText(RECORD.contact);
  await expect(page.getByRole('button', { name: /^Zapisz/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Wróć do zlecenia' })).toBeFocused();
  await axe(page, 'record form, read-only (closed definitively)');
  await page.keyboard.press('Enter');
  await expect(heading(page, ORDER)).toBeFocused();
  await expect(page.getByText(CLOSED_STATUS)).toBeVisible();
  await expect(page.getByRole('main').getByText(CLOSED_FOR_YOU_PAGE, { exact: true })).toHaveCount(0);
  await expect(addRecord).toHaveCount(0);
  await axe(page, 'operator order page after the definitive close');
  // On /postep the supervisor's rows say so too.
  await nav(sp, 'Postęp').press('Enter');
  await expect(heading(sp, 'Postęp')).toBeFocused();
  await expect(orderRow.getByRole('cell')).toHaveText(['Zamknięte definitywnie', '1', '1', '50', '2%', '0']);
  await expect(operatorRow.getByRole('cell').nth(4)).toHaveText('Zamknięte definitywnie');
  await expect(operatorRow.getByRole('button')).toHaveCount(0);
  await axe(sp, 'progress after the definitive close');

  // The server agrees.
  await expect.poll(async () => (await pulled<StoredOrder>(cp.request, baseURL, 'orders')).find((o) => o.id === orderId)?.status).toBe('closed');

  for (const app of [admin, coordinator, supervisor, verifier]) app.errors.expectNone({ allow: ALLOW });
  operator.errors.expectNone({ allow: ALLOW_OFFLINE });
});
