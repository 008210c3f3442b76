// The verifier's queue end to end (issue 10 item 3): a verifier bound to an order with three records of an
// operator (one corrected after an earlier rejection) finds the order under "Weryfikacja", sees the queue
// corrected-first, opens the first record, rejects it with a reason and a note on its NIP from the keyboard
// (error summary on an empty reason), lands on the next record, approves it and the last with Alt+Shift+Z,
// the last one offline, and ends on the empty queue; focus and the live region are asserted at each step,
// axe on every screen, and the server holds the verdicts once the device is back online.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { applyEdit, applyOperatorEdit, applyVerdict } from '../../schemas/rules/edit.ts';
import { ADMIN, apiHeaders, expect, loginViaApi, test, type AdminAccount } from './fixtures.ts';

type Person = AdminAccount;
type Doc = Record<string, unknown>;

const VERA: Person = { name: 'Vera Weryfikatorka', login: 'vera', password: 'Weryfikator-haslo-2026' };
const OLEK: Person = { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' };
const ORDER = { id: 'verify-bakeries', name: 'Piekarnie łódzkie' };
const CONTACT = { id: 'kontakt', label: 'Osoba kontaktowa' };
// Created oldest first; the cake shop is rejected and corrected, so it leads the queue.
const APTEKA = { id: 'rec-a', name: 'Apteka Pod Lwem', nip: '5260250274' };
const BAR = { id: 'rec-b', name: 'Bar Mleczny Bistro', nip: '1132191233' };
const CUKIERNIA = { id: 'rec-c', name: 'Cukiernia Słodka', nip: '7680002466' };
const REASON = 'NIP należy do innej firmy, sprawdź w CEIDG';
const NIP_NOTE = 'Ten NIP ma Piekarnia Kłos z Łodzi';
const ALLOW = [/status of 401/, /ERR_INTERNET_DISCONNECTED/, /Failed to fetch/];

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const focused = (page: Page) => page.locator(':focus');
/** The value beside a term in the review's "Dane rekordu" description list. */
const valueOf = (page: Page, term: string) =>
  page.getByRole('region', { name: 'Dane rekordu' }).locator('.value-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');

async function push(request: APIRequestContext, baseURL: string, collection: string, rows: { assumedMasterState: Doc | null; newDocumentState: Doc }[]) {
  const pushed = await request.post(`/api/sync/${collection}/push`, { headers: apiHeaders(baseURL), data: { rows } });
  expect(pushed.status(), await pushed.text()).toBe(200);
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
}

/** Every record the caller's scope holds, as the server stores them (pull from the beginning). */
async function pullClients(request: APIRequestContext, baseURL: string): Promise<(Client & { _deleted: boolean })[]> {
  const pulled = await request.post('/api/sync/clients/pull', { headers: apiHeaders(baseURL), data: { checkpoint: null, limit: 100 } });
  expect(pulled.status(), await pulled.text()).toBe(200);
  return ((await pulled.json()) as { documents: (Client & { _deleted: boolean })[] }).documents;
}

/** Administrator, operator and verifier; the order with verification and a custom attribute; the team. */
async function organisation(request: APIRequestContext, baseURL: string): Promise<{ adminId: string; olekId: string; veraId: string }> {
  const headers = apiHeaders(baseURL);
  expect((await request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const adminId = ((await (await request.get('/api/auth/me', { headers })).json()) as { user: { id: string } }).user.id;
  const create = async (person: Person, role: string) => {
    const made = await request.post('/api/users', { headers, data: { ...person, role, managerId: '' } });
    expect(made.status(), await made.text()).toBe(201);
    return ((await made.json()) as { user: { id: string } }).user.id;
  };
  const olekId = await create(OLEK, 'operator');
  const veraId = await create(VERA, 'verifier');
  await push(request, baseURL, 'attributes', [{
    assumedMasterState: null,
    newDocumentState: {
      ...CONTACT, labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [], retired: false,
      createdBy: adminId, createdAt: 1, updatedAt: 1, fieldTimes: {}, _deleted: false,
    },
  }]);
  const now = Date.now();
  await push(request, baseURL, 'orders', [{
    assumedMasterState: null,
    newDocumentState: {
      ...ORDER, instructions: '', voivodeships: ['10'], area: '', targetCount: 0, deadline: '', principalId: '', verificationRequired: true,
      attributeIds: [CONTACT.id], status: 'open', createdBy: adminId, createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
    },
  }]);
  for (const userId of [olekId, veraId]) {
    const bound = await request.post(`/api/orders/${ORDER.id}/team`, { headers, data: { userId } });
    expect(bound.status(), await bound.text()).toBe(201);
  }
  return { adminId, olekId, veraId };
}

/** The operator's three records (pushed from their own session), then the cake shop rejected and corrected. */
async function records(operator: APIRequestContext, admin: APIRequestContext, baseURL: string, ids: { adminId: string; olekId: string }): Promise<void> {
  const now = Date.now();
  // Made as the app makes a new record: every field typed gets its edit time.
  const record = (fields: { id: string; name: string; nip: string }, at: number, custom: Client['custom'] = {}): Doc => ({
    ...applyEdit(emptyClient({ id: fields.id, orderId: ORDER.id, ownerId: ids.olekId, now: at }), { name: fields.name, nip: fields.nip, city: 'Łódź', voivodeship: '10', custom }, at),
    _deleted: false,
  });
  await push(operator, baseURL, 'clients', [
    { assumedMasterState: null, newDocumentState: record(APTEKA, now - 60_000, { [CONTACT.id]: 'Jan Żółkiewski' }) },
    { assumedMasterState: null, newDocumentState: record(BAR, now - 50_000) },
    { assumedMasterState: null, newDocumentState: record(CUKIERNIA, now - 40_000) },
  ]);
  const stored = async (request: APIRequestContext) => (await pullClients(request, baseURL)).find((doc) => doc.id === CUKIERNIA.id)!;
  // An earlier rejection by the administrator, then the operator's correction of the phone: "corrected".
  const before = await stored(admin);
  const { _deleted: _a, ...doc } = before;
  const rejected = applyVerdict(doc, { state: 'rejected', reason: 'Brak telefonu', notes: { mobilePhone: 'Uzupełnij telefon komórkowy' } }, ids.adminId, now - 30_000);
  await push(admin, baseURL, 'clients', [{ assumedMasterState: before, newDocumentState: { ...rejected, _deleted: false } }]);
  const seen = await stored(operator);
  const { _deleted: _b, ...seenDoc } = seen;
  const corrected = applyOperatorEdit(seenDoc, { mobilePhone: '+48 600 123 456' }, now - 20_000);
  expect(corrected.verification.state).toBe('corrected');
  await push(operator, baseURL, 'clients', [{ assumedMasterState: seen, newDocumentState: { ...corrected, _deleted: false } }]);
}

/** The login form, from the keyboard. */
async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).press('Enter');
  await expect(heading(page, 'Logowanie')).toBeHidden({ timeout: 30_000 });
}

/** Presses Tab until `target` has focus: it must be reachable from the keyboard, in order. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('a verifier works through the queue from the keyboard: reject with a reason and a NIP note, approve with Alt+Shift+Z, empty queue', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(300_000);
  const baseURL = freshServer.url;
  const admin = await newContext({ baseURL });
  const ids = await organisation(admin.page.request, baseURL);
  const operator = await newContext({ baseURL });
  await loginViaApi(operator.context, baseURL, OLEK);
  await records(operator.page.request, admin.page.request, baseURL, ids);

  const verifier = await newContext({ baseURL });
  const { page, announcements, errors } = verifier;
  await signIn(page, VERA);
  await expect(heading(page, 'Zlecenia')).toBeVisible({ timeout: 30_000 });

  // "Weryfikacja" in the menu: the bound order with its counts in words.
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Weryfikacja' }).press('Enter');
  await expect(heading(page, 'Weryfikacja')).toBeFocused();
  const ordersTable = page.getByRole('table', { name: 'Zlecenia do weryfikacji: 1 zlecenie' });
  const orderRow = ordersTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: ORDER.name }) });
  // Cells after the row header: awaiting, corrected, rejected, approved.
  await expect(orderRow.getByRole('cell')).toHaveText(['3 rekordy', '1 rekord', '0 rekordów', '0 rekordów'], { timeout: 30_000 });
  await axe(page, 'verifier orders');

  // The queue: corrected first, then the unverified oldest first.
  await orderRow.getByRole('link', { name: ORDER.name }).press('Enter');
  const queueTitle = `Kolejka weryfikacji: ${ORDER.name}`;
  await expect(heading(page, queueTitle)).toBeFocused();
  const queue = page.getByRole('table', { name: 'Kolejka: 3 rekordy, strona 1 z 1' });
  await expect(queue.getByRole('rowheader')).toHaveText([CUKIERNIA.name, APTEKA.name, BAR.name]);
  await expect(queue.getByRole('row').filter({ hasText: CUKIERNIA.name })).toContainText('Poprawiony');
  await expect(page.getByRole('region', { name: 'Liczby rekordów' }).getByRole('listitem')).toHaveText([
    'Czeka na werdykt: 3 rekordy', 'Poprawione: 1 rekord', 'Odrzucone: 0 rekordów', 'Zatwierdzone: 0 rekordów',
  ]);
  await expect(page.getByRole('button', { name: 'Eksportuj do Excela' })).toHaveAccessibleDescription(/\(3 rekordy\)/);
  await axe(page, 'verification queue');

  // The state filter stays on the page and says how many records it shows.
  const stateFilter = page.getByLabel('Stan rekordów', { exact: true });
  await stateFilter.focus();
  await stateFilter.selectOption('corrected');
  await announcements.expectAnnounced('Pokazano: 1 rekord');
  await expect(page.getByRole('table', { name: 'Kolejka: 1 rekord, strona 1 z 1' }).getByRole('rowheader')).toHaveText([CUKIERNIA.name]);
  await expect(stateFilter).toBeFocused();
  await stateFilter.selectOption('awaiting');
  await announcements.expectAnnounced('Pokazano: 3 rekordy');

  // The first record of the queue: every attribute, the previous verdict and its note.
  await tabTo(page, queue.getByRole('link', { name: CUKIERNIA.name }));
  await page.keyboard.press('Enter');
  await expect(heading(page, `Weryfikacja: ${CUKIERNIA.name}`)).toBeFocused();
  await expect(page).toHaveTitle(`Weryfikacja: ${CUKIERNIA.name} — Kartoteka`);
  const verdict = page.getByRole('region', { name: 'Stan weryfikacji' });
  await expect(verdict).toContainText('Stan: ↻ Poprawiony');
  await expect(verdict).toContainText('Powód odrzucenia: Brak telefonu');
  await expect(verdict).toContainText('Uzupełnij telefon komórkowy (pole zmienione po werdykcie)');
  await expect(valueOf(page, 'NIP')).toHaveText(CUKIERNIA.nip);
  await expect(valueOf(page, 'Województwo')).toHaveText('łódzkie');
  await expect(valueOf(page, 'Tel. komórkowy')).toHaveText('+48 600 123 456');
  await expect(valueOf(page, 'Fax')).toHaveText('nie wpisano');
  await expect(valueOf(page, CONTACT.label)).toHaveText('nie wpisano');
  await expect(page.getByRole('link', { name: 'Historia zmian rekordu' })).toHaveAttribute('href', `/zlecenie/${ORDER.id}/rekord/${CUKIERNIA.id}/historia`);
  await expect(page.getByRole('button', { name: 'Zatwierdź' })).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+Z');
  await expect(page.getByRole('button', { name: 'Odrzuć' })).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+O');
  await expect(page.getByText('Skróty klawiszowe: Alt+Shift+Z – Zatwierdź, Alt+Shift+O – Odrzuć.', { exact: false })).toBeVisible();
  await axe(page, 'review screen');

  // Alt+Shift+O opens the reject form inline, focus on the reason.
  await page.keyboard.press('Alt+Shift+O');
  const reason = page.getByRole('textbox', { name: 'Powód odrzucenia' });
  await expect(reason).toBeFocused();
  await axe(page, 'review screen with the reject form open');
  // A shortcut typed in a text field is text, not a verdict.
  announcements.clear();
  await page.keyboard.press('Alt+Shift+Z');
  await page.waitForTimeout(1_500);
  expect(announcements.texts()).toEqual([]);
  await expect(reason).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/weryfikacja/${CUKIERNIA.id}$`));

  // Submitted without a reason: the GOV.UK error summary takes focus and links to the field.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await expect(reason).toHaveValue('');
  const submit = page.getByRole('button', { name: 'Odrzuć rekord' });
  await tabTo(page, submit);
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(`Błąd: Weryfikacja: ${CUKIERNIA.name} — Kartoteka`);
  await expect(focused(page)).toContainText('Wystąpił problem');
  await expect(reason).toHaveAccessibleDescription(/Błąd: Podaj powód odrzucenia/);
  await axe(page, 'review screen with the error summary');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Podaj powód odrzucenia' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(reason).toBeFocused();
  await page.keyboard.type(REASON);

  // A note on the NIP: its checkbox reveals a labelled input.
  await page.keyboard.press('Tab');
  const nipToggle = page.getByRole('checkbox', { name: 'Dodaj uwagę do pola NIP' });
  await expect(nipToggle).toBeFocused();
  await expect(nipToggle).toHaveAccessibleDescription(`W rekordzie: ${CUKIERNIA.nip}`);
  await page.keyboard.press('Space');
  await expect(nipToggle).toBeChecked();
  await page.keyboard.press('Tab');
  const nipNote = page.getByRole('textbox', { name: 'Uwaga do pola NIP' });
  await expect(nipNote).toBeFocused();
  await page.keyboard.type(NIP_NOTE);
  announcements.clear();
  await tabTo(page, submit);
  await page.keyboard.press('Enter');

  // Rejected: announced with the next record, whose heading has focus.
  await announcements.expectAnnounced(`Odrzucono rekord ${CUKIERNIA.name}. Następny: ${APTEKA.name}`);
  await expect(heading(page, `Weryfikacja: ${APTEKA.name}`)).toBeFocused();
  await expect(page).toHaveTitle(`Weryfikacja: ${APTEKA.name} — Kartoteka`);
  await expect(valueOf(page, CONTACT.label)).toHaveText('Jan Żółkiewski');
  await expect(page.getByRole('region', { name: 'Stan weryfikacji' })).toContainText('Rekord nie był jeszcze oceniany.');

  // Typed in the comment field, Alt+Shift+Z is text: nothing is approved. From a button it approves.
  const comment = page.getByRole('textbox', { name: 'Nowy komentarz' });
  await tabTo(page, comment);
  announcements.clear();
  await page.keyboard.press('Alt+Shift+Z');
  // Something that must not happen: give a verdict the time it would take (a local write, ms) to show.
  await page.waitForTimeout(1_500);
  expect(announcements.texts()).toEqual([]);
  await expect(comment).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/weryfikacja/${APTEKA.id}$`));
  await expect(page.getByRole('region', { name: 'Stan weryfikacji' })).toContainText('Stan: ○ Niezweryfikowany');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Dodaj komentarz' })).toBeFocused();

  // Alt+Shift+Z approves; on to the last record, then the empty queue.
  await page.keyboard.press('Alt+Shift+Z');
  await announcements.expectAnnounced(`Zatwierdzono rekord ${APTEKA.name}. Następny: ${BAR.name}`);
  await expect(heading(page, `Weryfikacja: ${BAR.name}`)).toBeFocused();
  // The last verdict is given offline: written on the device, pending, pushed once back online.
  await verifier.context.setOffline(true);
  await expect(page.locator('#sync-status').getByText('Offline', { exact: true })).toBeVisible();
  await page.keyboard.press('Alt+Shift+Z');
  await announcements.expectAnnounced(`Zatwierdzono rekord ${BAR.name}. Kolejka jest pusta`);
  await expect(heading(page, queueTitle)).toBeFocused();
  await expect(page.getByText('Kolejka jest pusta – żaden rekord nie czeka na werdykt.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Liczby rekordów' }).getByRole('listitem')).toHaveText([
    'Czeka na werdykt: 0 rekordów', 'Poprawione: 0 rekordów', 'Odrzucone: 1 rekord', 'Zatwierdzone: 2 rekordy',
  ]);
  await axe(page, 'empty verification queue');
  await expect(page.getByText('Niewysłane: 1 rekord', { exact: true })).toBeVisible();
  await verifier.context.setOffline(false);

  // The server holds the three verdicts, given in the verifier's name, the rejection whole.
  await expect
    .poll(async () => {
      const docs = await pullClients(admin.page.request, baseURL);
      return Object.fromEntries(docs.map((d) => [d.id, { state: d.verification.state, verifierId: d.verification.verifierId }]));
    }, { timeout: 30_000 })
    .toEqual({
      [APTEKA.id]: { state: 'approved', verifierId: ids.veraId },
      [BAR.id]: { state: 'approved', verifierId: ids.veraId },
      [CUKIERNIA.id]: { state: 'rejected', verifierId: ids.veraId },
    });
  const rejected = (await pullClients(operator.page.request, baseURL)).find((d) => d.id === CUKIERNIA.id)!;
  expect(rejected.verification).toMatchObject({ reason: REASON, notes: { nip: NIP_NOTE } });
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
  errors.expectNone({ allow: ALLOW });
});
