// People and teams end to end: an administrator creates users and a structure, binds them to an order,
// operators see only their own records, a supervisor sees their team's, and unbinding reaches the device.
import type { Page } from '@playwright/test';
import { apiHeaders, ensureAdmin, expect, test, type FreshApp } from './fixtures.ts';

interface Person {
  name: string;
  login: string;
  password: string;
}

const SUPERVISOR: Person = { name: 'Sława Opiekunka', login: 'slawa', password: 'Opiekunka-haslo-2026' };
const OPERATORS: Person[] = [
  { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' },
  { name: 'Ula Operatorka', login: 'ula', password: 'Operatorka-haslo-2026' },
];
const COORDINATOR: Person = { name: 'Celina Koordynatorka', login: 'celina', password: 'Koordynator-haslo-2026' };
const ORDER = 'Firmy mięsne mazowieckie';
const RECORDS = [
  { nip: '526-025-02-74', name: 'Zakłady Mięsne Sokołowskie' },
  { nip: '768-000-24-66', name: 'Masarnia Kowalski i Syn' },
];

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** Fills /uzytkownicy/nowy from the keyboard's point of view (no clicks) and submits with Enter. */
async function fillNewUser(page: Page, person: Person, role: string, manager?: string): Promise<void> {
  await page.getByLabel('Imię i nazwisko', { exact: true }).fill(person.name);
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Rola', { exact: true }).selectOption({ label: role });
  if (manager) await page.getByLabel('Opiekun', { exact: true }).selectOption({ label: manager });
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Utwórz konto' }).press('Enter');
}

async function createUser(app: FreshApp, person: Person, role: string, manager?: string): Promise<void> {
  const { page, announcements } = app;
  await page.getByRole('link', { name: 'Dodaj użytkownika' }).press('Enter');
  await expect(heading(page, 'Nowy użytkownik')).toBeFocused();
  await fillNewUser(page, person, role, manager);
  await expect(heading(page, 'Użytkownicy')).toBeFocused();
  await announcements.expectAnnounced(`Utworzono konto: ${person.name}`);
  await expect(page.getByRole('row', { name: new RegExp(person.name) })).toContainText(role);
}

/** Signs in through the login form in a context of its own and opens the order. */
async function signInAndOpen(app: FreshApp, person: Person, orderUrl: string): Promise<void> {
  const { page } = app;
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).press('Enter');
  await expect(page.getByRole('button', { name: 'Wyloguj' })).toBeVisible();
  await page.goto(orderUrl);
  await expect(heading(page, ORDER)).toBeVisible({ timeout: 30_000 });
}

async function addRecord(app: FreshApp, record: (typeof RECORDS)[number]): Promise<void> {
  const { page, announcements } = app;
  await page.getByRole('link', { name: 'Dodaj rekord' }).press('Enter');
  await expect(heading(page, 'Nowy rekord')).toBeVisible();
  await page.getByLabel('NIP', { exact: true }).fill(record.nip);
  await page.getByLabel('Nazwa', { exact: true }).fill(record.name);
  await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');
  await expect(heading(page, ORDER)).toBeVisible();
  await announcements.expectAnnounced('Zapisano rekord');
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Niewysłane/)).toBeHidden();
}

async function bind(app: FreshApp, label: string, name: string): Promise<void> {
  const { page, announcements } = app;
  await page.getByLabel('Osoba do dowiązania', { exact: true }).selectOption({ label });
  await page.getByRole('button', { name: 'Dowiąż', exact: true }).press('Enter');
  await announcements.expectAnnounced(`Dowiązano do zlecenia: ${name}`);
  await expect(page.getByRole('table', { name: /Zespół zlecenia/ }).getByRole('rowheader', { name })).toBeVisible({ timeout: 30_000 });
}

test('an administrator builds a team; each operator sees only their own records, the supervisor all, and unbinding reaches the device', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(300_000);
  const admin = await newContext({ baseURL: freshServer.url });
  const { page } = admin;
  await ensureAdmin(admin.context, freshServer.url);

  // The list: the administrator alone.
  await page.goto('/');
  await expect(heading(page, 'Zlecenia')).toBeVisible();
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Użytkownicy' }).press('Enter');
  await expect(heading(page, 'Użytkownicy')).toBeFocused();
  await expect(page.getByRole('table', { name: /^Użytkownicy: 1 konto,/ })).toBeVisible();
  await axe(page, 'users list');

  // Submitting the empty form: the GOV.UK error pattern.
  await page.getByRole('link', { name: 'Dodaj użytkownika' }).press('Enter');
  await expect(heading(page, 'Nowy użytkownik')).toBeFocused();
  await axe(page, 'new user form');
  await page.getByRole('button', { name: 'Utwórz konto' }).press('Enter');
  await expect(page).toHaveTitle(/^Błąd: /);
  await expect(page.locator(':focus')).toContainText('Wystąpił problem');
  for (const text of ['Wpisz imię i nazwisko', 'Wpisz login', 'Wybierz rolę', 'Wpisz hasło']) {
    await expect(page.getByRole('link', { name: text })).toBeVisible();
  }
  await expect(page.getByLabel('Login', { exact: true })).toHaveAccessibleDescription(/Błąd: Wpisz login/);
  await axe(page, 'new user form with the error summary');
  await page.getByRole('link', { name: 'Wpisz imię i nazwisko' }).press('Enter');
  await expect(page.getByLabel('Imię i nazwisko', { exact: true })).toBeFocused();
  await page.goto('/uzytkownicy');

  // A supervisor (no coordinator yet: an administrator may leave the manager empty) and two operators under them.
  await createUser(admin, SUPERVISOR, 'opiekun');
  for (const operator of OPERATORS) await createUser(admin, operator, 'operator', SUPERVISOR.name);
  await expect(page.getByRole('table', { name: /^Użytkownicy: 4 konta,/ })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(OPERATORS[0]!.name) })).toContainText(SUPERVISOR.name);
  const nameHeader = page.getByRole('columnheader', { name: 'Imię i nazwisko' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('rowheader').first()).toHaveText(OPERATORS[1]!.name);

  // The server's answer lands on its field: the login is taken.
  await page.getByRole('link', { name: 'Dodaj użytkownika' }).press('Enter');
  await fillNewUser(page, { ...OPERATORS[0]!, name: 'Olek Drugi' }, 'operator', SUPERVISOR.name);
  await expect(page.getByRole('link', { name: 'Ten login jest już zajęty – wybierz inny' })).toBeVisible();
  await expect(page.locator(':focus')).toContainText('Wystąpił problem');

  // A user's page: details, account state, and the deactivation dialog (cancelled: focus back on its opener).
  await page.goto('/uzytkownicy');
  await page.getByRole('link', { name: `Edytuj ${OPERATORS[0]!.name}` }).press('Enter');
  await expect(heading(page, `Użytkownik: ${OPERATORS[0]!.name}`)).toBeFocused();
  await expect(page.getByText('Stan konta: aktywne')).toBeVisible();
  await axe(page, 'user page');
  const deactivate = page.getByRole('button', { name: 'Wyłącz konto' });
  await deactivate.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Wyłączyć konto: ${OPERATORS[0]!.name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Anuluj' })).toBeFocused();
  await axe(page, 'deactivation dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(deactivate).toBeFocused();

  // The structure: a coordinator (made through the API) takes the supervisor with a "Przenieś" form.
  const headers = apiHeaders(freshServer.url);
  const made = await page.request.post('/api/users', { headers, data: { ...COORDINATOR, role: 'coordinator', managerId: '' } });
  expect(made.status(), await made.text()).toBe(201);
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Struktura' }).press('Enter');
  await expect(heading(page, 'Struktura')).toBeFocused();
  await expect(page.getByRole('heading', { level: 2, name: 'Bez przełożonego' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: `${SUPERVISOR.name} – opiekun` })).toBeVisible();
  await axe(page, 'structure');
  await page.getByLabel(`Przypisz koordynatora: ${SUPERVISOR.name}`).selectOption({ label: COORDINATOR.name });
  await page.getByRole('button', { name: `Przenieś ${SUPERVISOR.name}` }).press('Enter');
  await admin.announcements.expectAnnounced(`Przeniesiono: ${SUPERVISOR.name}, przełożony: ${COORDINATOR.name}`);
  await expect(page.getByRole('heading', { level: 2, name: `${COORDINATOR.name} – koordynator` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: `${SUPERVISOR.name} – opiekun` })).toBeFocused();
  await expect(page.getByText(`${OPERATORS[1]!.name} – operator`)).toBeVisible();
  await axe(page, 'structure after a move');

  // An order, and its team bound on the order page once the order has reached the server.
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Zlecenia' }).press('Enter');
  await page.getByRole('link', { name: 'Nowe zlecenie' }).press('Enter');
  await page.getByLabel('Nazwa zlecenia', { exact: true }).fill(ORDER);
  await page.getByRole('button', { name: 'Utwórz zlecenie' }).press('Enter');
  await expect(heading(page, ORDER)).toBeVisible();
  const orderUrl = page.url();
  await expect(page.getByText('Stan zlecenia: otwarte')).toBeVisible();
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Nikt nie jest jeszcze dowiązany do tego zlecenia.')).toBeVisible();
  await bind(admin, `${SUPERVISOR.name} (opiekun)`, SUPERVISOR.name);
  for (const operator of OPERATORS) await bind(admin, `${operator.name} (operator)`, operator.name);
  await expect(page.getByRole('table', { name: 'Zespół zlecenia: 3 osoby' })).toBeVisible();
  await axe(page, 'order page with the team');

  // Each operator, on a device of their own, adds a record and sees only their own.
  const devices: FreshApp[] = [];
  for (const [i, operator] of OPERATORS.entries()) {
    const device = await newContext({ baseURL: freshServer.url });
    devices.push(device);
    await signInAndOpen(device, operator, orderUrl);
    await addRecord(device, RECORDS[i]!);
  }
  const [first, second] = devices as [FreshApp, FreshApp];
  await first.page.reload();
  await expect(heading(first.page, ORDER)).toBeVisible();
  await expect(first.page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(first.page.getByRole('table', { name: /^Rekordy: 1 rekord/ })).toBeVisible();
  await expect(first.page.getByRole('link', { name: RECORDS[0]!.name })).toBeVisible();
  await expect(first.page.getByRole('link', { name: RECORDS[1]!.name })).toHaveCount(0);
  await expect(second.page.getByRole('link', { name: RECORDS[1]!.name })).toBeVisible();
  await expect(second.page.getByRole('link', { name: RECORDS[0]!.name })).toHaveCount(0);

  // The supervisor sees both.
  const supervisor = await newContext({ baseURL: freshServer.url });
  await signInAndOpen(supervisor, SUPERVISOR, orderUrl);
  for (const record of RECORDS) await expect(supervisor.page.getByRole('link', { name: record.name })).toBeVisible({ timeout: 30_000 });
  await expect(supervisor.page.getByRole('table', { name: /^Rekordy: 2 rekordy/ })).toBeVisible();

  // The supervisor's part of the structure, read-only from the device's directory.
  await supervisor.page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Struktura' }).press('Enter');
  await expect(heading(supervisor.page, 'Struktura')).toBeFocused();
  await expect(supervisor.page.getByText('Widzisz swoją część struktury.', { exact: false })).toBeVisible();
  await expect(supervisor.page.getByRole('heading', { level: 2, name: `${COORDINATOR.name} – koordynator` })).toBeVisible();
  for (const operator of OPERATORS) await expect(supervisor.page.getByText(`${operator.name} – operator`)).toBeVisible();
  await expect(supervisor.page.getByRole('button', { name: /^Przenieś/ })).toHaveCount(0);
  await axe(supervisor.page, 'structure, supervisor');
  await supervisor.page.goto(orderUrl);
  await expect(heading(supervisor.page, ORDER)).toBeVisible();

  // Closed for operator 1: their device says so and stops offering "Dodaj rekord".
  await page.getByRole('button', { name: `Zamknij dla operatora ${OPERATORS[0]!.name}` }).press('Enter');
  await admin.announcements.expectAnnounced(`Zamknięto zlecenie dla: ${OPERATORS[0]!.name}`);
  await expect(page.getByRole('row', { name: new RegExp(OPERATORS[0]!.name) })).toContainText('Zamknięte dla operatora', { timeout: 30_000 });
  const closedForYou = 'Zlecenie zostało dla Ciebie zamknięte – rekordy są tylko do odczytu';
  await expect(first.page.getByRole('main').getByText(closedForYou)).toBeVisible({ timeout: 30_000 });
  await first.announcements.expectAnnounced(closedForYou);
  await expect(first.page.getByRole('link', { name: 'Dodaj rekord' })).toHaveCount(0);

  // Operator 2 unbound: their open device loses the order and the record after the next sync.
  const recordUrl = await second.page.getByRole('link', { name: RECORDS[1]!.name }).getAttribute('href');
  await page.getByRole('button', { name: `Odwiąż ${OPERATORS[1]!.name}` }).press('Enter');
  await admin.announcements.expectAnnounced(`Odwiązano od zlecenia: ${OPERATORS[1]!.name}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Zespół' })).toBeFocused();
  await expect(page.getByRole('table', { name: 'Zespół zlecenia: 2 osoby' })).toBeVisible({ timeout: 30_000 });
  await expect(heading(second.page, 'Nie znaleziono zlecenia')).toBeVisible({ timeout: 30_000 });
  await second.page.goto(recordUrl!);
  await expect(heading(second.page, 'Nie znaleziono rekordu')).toBeVisible();
  await second.page.goto('/zlecenia');
  await expect(second.page.getByText('Nie ma jeszcze żadnych zleceń.')).toBeVisible();

  // The definitive close: asked in a dialog, then the order reads as closed and offers nothing to change.
  const closeButton = page.getByRole('button', { name: 'Zamknij zlecenie definitywnie' });
  await closeButton.press('Enter');
  const closeDialog = page.getByRole('dialog', { name: 'Zamknąć zlecenie definitywnie?' });
  await expect(closeDialog).toBeVisible();
  await expect(closeDialog).toContainText('nic w tym zleceniu nie będzie mogło się zmienić');
  await axe(page, 'definitive-close dialog');
  await closeDialog.getByRole('button', { name: 'Tak, zamknij definitywnie' }).press('Enter');
  await expect(closeDialog).toBeHidden();
  await expect(page.getByText('Stan zlecenia: zamknięte definitywnie')).toBeFocused();
  await admin.announcements.expectAnnounced('Zlecenie zostało zamknięte definitywnie');
  await expect(closeButton).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Dodaj rekord' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Dowiąż', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Odwiąż/ })).toHaveCount(0);
  // Live, without a reload: the close reaches the supervisor's open page through the stream.
  await expect(supervisor.page.getByText('Stan zlecenia: zamknięte definitywnie')).toBeVisible({ timeout: 30_000 });
  await expect(supervisor.page.getByRole('button', { name: /^Odwiąż|^Zamknij/ })).toHaveCount(0);
  await axe(page, 'order page after the definitive close');

  // The login form of a fresh device asks "who am I" first (401); the taken login answered 422.
  admin.errors.expectNone({ allow: [/status of 422 .*\/api\/users\]$/] });
  for (const device of [...devices, supervisor]) device.errors.expectNone({ allow: [/status of 401/] });
});
