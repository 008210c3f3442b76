// "Moje zlecenie" and progress end to end: an operator bound to two orders chooses one (remembered on the
// device), their entry shows and is announced in the brief, the supervisor follows it on /postep and closes
// the order for them there, and the order moves to the operator's history; the coordinator sees every order.
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN, apiHeaders, expect, test, type AdminAccount, type FreshApp } from './fixtures.ts';

/** A person the test signs in as: name, login and password (the fixtures' account shape). */
type Person = AdminAccount;

const COORDINATOR: Person = { name: 'Celina Koordynatorka', login: 'celina', password: 'Koordynator-haslo-2026' };
const SUPERVISOR: Person = { name: 'Sława Opiekunka', login: 'slawa', password: 'Opiekunka-haslo-2026' };
const OLEK: Person = { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' };
const ULA: Person = { name: 'Ula Operatorka', login: 'ula', password: 'Operatorka-haslo-2026' };
const MEAT = { id: 'progress-meat', name: 'Firmy mięsne mazowieckie', voivodeships: ['14'], area: 'powiat sokołowski', targetCount: 50 };
const BAKERIES = {
  id: 'progress-bakeries', name: 'Piekarnie łódzkie', voivodeships: ['10'], area: 'Łódź', targetCount: 20,
  instructions: 'Piekarnie rzemieślnicze z numerem NIP i telefonem.',
};
const RECORD = { nip: '526-025-02-74', name: 'Piekarnia Pod Kłosem' };
const ALLOW = [/status of 401/];

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const focused = (page: Page) => page.locator(':focus');

/** The administrator (first run), the structure coordinator → supervisor → two operators, two orders and their teams. */
async function organisation(request: APIRequestContext, baseURL: string): Promise<void> {
  const headers = apiHeaders(baseURL);
  expect((await request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const create = async (person: Person, role: string, managerId: string) => {
    const made = await request.post('/api/users', { headers, data: { ...person, role, managerId } });
    expect(made.status(), await made.text()).toBe(201);
    return ((await made.json()) as { user: { id: string } }).user.id;
  };
  const coordinator = await create(COORDINATOR, 'coordinator', '');
  const supervisor = await create(SUPERVISOR, 'supervisor', coordinator);
  const olek = await create(OLEK, 'operator', supervisor);
  const ula = await create(ULA, 'operator', supervisor);

  const now = Date.now();
  const rows = [MEAT, BAKERIES].map((order) => ({
    assumedMasterState: null,
    newDocumentState: {
      instructions: '', deadline: '', principalId: '', verificationRequired: false, attributeIds: [], status: 'open',
      createdBy: '', createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false, ...order,
    },
  }));
  const pushed = await request.post('/api/sync/orders/push', { headers, data: { rows } });
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
  const bind = async (orderId: string, userId: string) => {
    const bound = await request.post(`/api/orders/${orderId}/team`, { headers, data: { userId } });
    expect(bound.status(), await bound.text()).toBe(201);
  };
  for (const orderId of [MEAT.id, BAKERIES.id]) {
    await bind(orderId, supervisor);
    await bind(orderId, olek);
  }
  await bind(MEAT.id, ula);
}

/** The login form, from the keyboard: fields typed, the button pressed with Enter. */
async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).press('Enter');
  await expect(heading(page, 'Logowanie')).toBeHidden({ timeout: 30_000 });
}

async function openProgress(app: FreshApp): Promise<void> {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Postęp' }).press('Enter');
  await expect(heading(page, 'Postęp')).toBeFocused();
}

/** The row of one operator in one order in the "Operatorzy" table. */
const operatorRow = (page: Page, operator: string, order: string) =>
  page
    .getByRole('table', { name: /^Operatorzy w zleceniach/ })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: operator, exact: true }) })
    .filter({ hasText: order });

test('an operator chooses their order, the supervisor follows and closes it on /postep, the coordinator sees every order', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(300_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await organisation(admin.page.request, freshServer.url);

  // Operator: two open orders, so the landing page asks which one (keyboard only from here).
  const operator = await newContext({ baseURL: freshServer.url });
  const { page } = operator;
  await signIn(page, OLEK);
  await expect(heading(page, 'Wybierz zlecenie')).toBeFocused({ timeout: 30_000 });
  const firstRadio = page.getByRole('radio', { name: MEAT.name });
  const bakeriesRadio = page.getByRole('radio', { name: BAKERIES.name });
  await expect(page.getByRole('group', { name: 'Nad którym zleceniem teraz pracujesz?' })).toBeVisible();
  await expect(bakeriesRadio).toHaveAccessibleDescription('łódzkie – Łódź');
  await axe(page, 'order chooser');

  // "Wybierz" without a choice: the GOV.UK error summary, whose link leads to the first radio button.
  await page.keyboard.press('Tab');
  await expect(firstRadio).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Wybierz' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(/^Błąd: Wybierz zlecenie/);
  await expect(focused(page)).toContainText('Wystąpił problem');
  await expect(page.getByRole('group', { name: 'Nad którym zleceniem teraz pracujesz?' })).toHaveAccessibleDescription(/Błąd: Wybierz zlecenie, nad którym teraz pracujesz/);
  await axe(page, 'order chooser with the error summary');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Wybierz zlecenie, nad którym teraz pracujesz' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(firstRadio).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(bakeriesRadio).toBeFocused();
  await expect(bakeriesRadio).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Wybierz' })).toBeFocused();
  await page.keyboard.press('Enter');

  // The brief of the chosen order.
  await expect(heading(page, BAKERIES.name)).toBeFocused();
  const brief = page.getByRole('region', { name: 'Opis zlecenia' });
  await expect(brief).toContainText(BAKERIES.instructions);
  await expect(brief).toContainText('łódzkie — Łódź');
  for (const line of ['Wprowadzono dziś: 0 rekordów', 'Razem: 0 rekordów', 'Cel: 20 rekordów – wykonano 0 z 20 (0%)', 'Odrzucone: 0 rekordów']) {
    await expect(brief.getByRole('listitem').filter({ hasText: line })).toHaveText(line);
  }
  await expect(page.getByRole('link', { name: 'Zmień zlecenie' })).toBeVisible();
  await axe(page, 'order brief');

  // Reloaded at "/": the device remembers the choice.
  await page.goto('/');
  await expect(heading(page, BAKERIES.name)).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/zlecenie/${BAKERIES.id}$`));
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });

  // One record: back on the brief, today's count says so, politely.
  await page.getByRole('link', { name: 'Dodaj rekord' }).press('Enter');
  await expect(heading(page, 'Nowy rekord')).toBeVisible();
  await page.getByLabel('NIP', { exact: true }).fill(RECORD.nip);
  await page.getByLabel('Nazwa', { exact: true }).fill(RECORD.name);
  await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');
  await expect(heading(page, BAKERIES.name)).toBeFocused();
  await expect(brief.getByText('Wprowadzono dziś: 1 rekord', { exact: true })).toBeVisible();
  await expect(brief.getByText('Cel: 20 rekordów – wykonano 1 z 20 (5%)', { exact: true })).toBeVisible();
  await operator.announcements.expectAnnounced('Wprowadzono dziś: 1 rekord');
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Niewysłane/)).toBeHidden();

  // The supervisor's progress: both orders, the operators of their team, Olek with 1 today.
  const supervisor = await newContext({ baseURL: freshServer.url });
  await signIn(supervisor.page, SUPERVISOR);
  await expect(heading(supervisor.page, 'Zlecenia')).toBeVisible({ timeout: 30_000 });
  await openProgress(supervisor);
  const sp = supervisor.page;
  const ordersTable = sp.getByRole('table', { name: /^Postęp zleceń: 2 zlecenia,/ });
  await expect(ordersTable).toBeVisible();
  await expect(sp.getByRole('table', { name: /^Operatorzy w zleceniach: 3 pozycje,/ })).toBeVisible();
  const olekInBakeries = operatorRow(sp, OLEK.name, BAKERIES.name);
  // Cells after the row header: order, today, total, rejected, state, actions.
  await expect(olekInBakeries.getByRole('cell').nth(1)).toHaveText('1', { timeout: 30_000 });
  await expect(olekInBakeries.getByRole('cell').nth(2)).toHaveText('1');
  await expect(olekInBakeries.getByRole('cell').nth(4)).toHaveText('Otwarte');
  await expect(operatorRow(sp, ULA.name, MEAT.name).getByRole('cell').nth(1)).toHaveText('0');
  const bakeriesRow = ordersTable.getByRole('row').filter({ has: sp.getByRole('rowheader', { name: BAKERIES.name }) });
  // Cells after the row header: status, today, total, target, % of target, rejected.
  await expect(bakeriesRow.getByRole('cell')).toHaveText(['Otwarte', '1', '1', '20', '5%', '0']);

  // Sorting by today's count: the first press puts the most first, aria-sort says so.
  const todayHeader = ordersTable.getByRole('columnheader', { name: 'Dziś' });
  await expect(ordersTable.getByRole('columnheader', { name: 'Zlecenie' })).toHaveAttribute('aria-sort', 'ascending');
  await todayHeader.getByRole('button').press('Enter');
  await expect(todayHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(todayHeader.getByRole('button')).toBeFocused();
  await expect(ordersTable.getByRole('rowheader').first()).toHaveText(BAKERIES.name);
  await axe(sp, 'progress, supervisor');

  // Closed for Olek from /postep: the row says so, focus stays on the button, which now reopens.
  const close = sp.getByRole('button', { name: `Zamknij dla operatora ${OLEK.name}, zlecenie: ${BAKERIES.name}` });
  await close.press('Enter');
  await supervisor.announcements.expectAnnounced(`Zamknięto zlecenie dla: ${OLEK.name}`);
  await expect(olekInBakeries.getByRole('cell').nth(4)).toHaveText('Zamknięte dla operatora', { timeout: 30_000 });
  const reopen = sp.getByRole('button', { name: `Otwórz ponownie ${OLEK.name}, zlecenie: ${BAKERIES.name}` });
  await expect(reopen).toBeFocused();

  // Olek's device: the order is closed for him and moves to the history of /zlecenia.
  await expect(page.getByRole('main').getByText('Zlecenie zostało dla Ciebie zamknięte – rekordy są tylko do odczytu')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('link', { name: 'Dodaj rekord' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Zlecenia' }).press('Enter');
  await expect(heading(page, 'Zlecenia')).toBeFocused();
  const history = page.getByRole('table', { name: 'Historia: 1 zlecenie' });
  await expect(history.getByRole('row').filter({ hasText: BAKERIES.name })).toContainText('Zamknięte dla Ciebie');
  await expect(page.getByRole('table', { name: 'Bieżące zlecenia: 1 zlecenie' }).getByRole('row').filter({ hasText: MEAT.name })).toContainText('Otwarte');
  await axe(page, 'orders with the history');

  // The search: labelled, filters by name and territory, the count announced.
  await page.keyboard.press('Tab');
  const search = page.getByRole('searchbox', { name: 'Szukaj zlecenia' });
  await expect(search).toBeFocused();
  await expect(search).toHaveAccessibleDescription('Nazwa, województwo lub obszar');
  await page.keyboard.type('lodz');
  await operator.announcements.expectAnnounced('Znaleziono: 1 zlecenie');
  await expect(page.getByText('Żadne zlecenie nie pasuje do wyszukiwania.')).toBeVisible();
  await expect(history.getByRole('rowheader')).toHaveText([BAKERIES.name]);
  await axe(page, 'orders searched');

  // Landing again: the remembered order is closed for him, the one still open opens.
  await page.goto('/');
  await expect(heading(page, MEAT.name)).toBeVisible({ timeout: 30_000 });

  // The coordinator sees every order and every operator.
  const coordinator = await newContext({ baseURL: freshServer.url });
  await signIn(coordinator.page, COORDINATOR);
  await expect(heading(coordinator.page, 'Zlecenia')).toBeVisible({ timeout: 30_000 });
  await openProgress(coordinator);
  const coordinatorOrders = coordinator.page.getByRole('table', { name: 'Postęp zleceń: 2 zlecenia' });
  await expect(coordinatorOrders.getByRole('rowheader')).toHaveText([MEAT.name, BAKERIES.name]);
  await expect(coordinator.page.getByRole('table', { name: 'Operatorzy w zleceniach: 3 pozycje' })).toBeVisible();
  await expect(operatorRow(coordinator.page, OLEK.name, BAKERIES.name).getByRole('cell').nth(1)).toHaveText('1', { timeout: 30_000 });
  await expect(coordinator.page.getByText('Zlecenie zamyka się definitywnie na jego stronie', { exact: false })).toBeVisible();
  await axe(coordinator.page, 'progress, coordinator');

  // Reopened by the supervisor while the order is not closed definitively: open for Olek again.
  await reopen.press('Enter');
  await supervisor.announcements.expectAnnounced(`Otwarto ponownie zlecenie dla: ${OLEK.name}`);
  await expect(olekInBakeries.getByRole('cell').nth(4)).toHaveText('Otwarte', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Zlecenia' }).press('Enter');
  await expect(page.getByRole('table', { name: 'Bieżące zlecenia: 2 zlecenia' })).toBeVisible({ timeout: 30_000 });

  for (const app of [operator, supervisor, coordinator, admin]) app.errors.expectNone({ allow: ALLOW });
});
