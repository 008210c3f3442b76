// The operator's side of the verification loop (issue 10 items 2, 4, 5, 6, 7): a verifier's rejection with a
// note on the NIP arrives while the operator works and is announced exactly once; the record opens on the
// verifier's summary with focus on it and the note in the NIP field's description; fixing the NIP sends the
// record back as "poprawiony"; a comment written offline reaches the server; a NIP typed twice is pointed
// out while typing; the history page says plainly when it is offline and restores a value for an
// administrator. axe on the rejected-record form, the thread and the history; forced colours keep the words.
import type { APIRequestContext, Page } from '@playwright/test';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import { applyEdit, applyVerdict } from '../../schemas/rules/edit.ts';
import { ADMIN, apiHeaders, expect, loginViaApi, test, type AdminAccount, type Announcements } from './fixtures.ts';

type Doc = Record<string, unknown>;

const VERA: AdminAccount = { name: 'Vera Weryfikatorka', login: 'vera', password: 'Weryfikator-haslo-2026' };
const OLEK: AdminAccount = { name: 'Olek Operator', login: 'olek', password: 'Operator-haslo-2026' };
const ORDER = { id: 'verify-bakeries', name: 'Piekarnie łódzkie' };
const KLOS = { id: 'rec-klos', name: 'Piekarnia Kłos', nip: '5260250274' };
const BAR = { id: 'rec-bar', name: 'Bar Mleczny Bistro', nip: '1132191233' };
const REASON = 'NIP należy do innej firmy, sprawdź w CEIDG';
const NIP_NOTE = 'Ten NIP ma Zakład Mięsny z Łodzi';
const FIXED_NIP = '7680002466';
const COMMENT = 'Poprawiłem NIP według CEIDG – proszę sprawdzić ponownie';
const VERA_COMMENT = 'Proszę sprawdzić NIP w CEIDG';
const ANNOUNCED = `Rekord ${KLOS.name} odrzucony: ${REASON}`;
const ALLOW = [/status of 401/, /ERR_INTERNET_DISCONNECTED/, /Failed to fetch/, /net::ERR/];

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const recordPath = (id: string) => `/zlecenie/${ORDER.id}/rekord/${id}`;

async function push(request: APIRequestContext, baseURL: string, collection: string, rows: { assumedMasterState: Doc | null; newDocumentState: Doc }[]) {
  const pushed = await request.post(`/api/sync/${collection}/push`, { headers: apiHeaders(baseURL), data: { rows } });
  expect(pushed.status(), await pushed.text()).toBe(200);
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
}

async function pull<T>(request: APIRequestContext, baseURL: string, collection: string): Promise<(T & { _deleted: boolean })[]> {
  const pulled = await request.post(`/api/sync/${collection}/pull`, { headers: apiHeaders(baseURL), data: { checkpoint: null, limit: 100 } });
  expect(pulled.status(), await pulled.text()).toBe(200);
  return ((await pulled.json()) as { documents: (T & { _deleted: boolean })[] }).documents;
}

const storedRecord = async (request: APIRequestContext, baseURL: string, id: string) =>
  (await pull<Client>(request, baseURL, 'clients')).find((doc) => doc.id === id)!;

interface World {
  baseURL: string;
  admin: APIRequestContext;
  vera: APIRequestContext;
  veraId: string;
  olekId: string;
}

/** Administrator, operator and verifier; the order with verification; two records the operator entered. */
async function organisation(admin: APIRequestContext, vera: APIRequestContext, baseURL: string): Promise<World> {
  const headers = apiHeaders(baseURL);
  expect((await admin.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const adminId = ((await (await admin.get('/api/auth/me', { headers })).json()) as { user: { id: string } }).user.id;
  const create = async (person: AdminAccount, role: string) => {
    const made = await admin.post('/api/users', { headers, data: { ...person, role, managerId: '' } });
    expect(made.status(), await made.text()).toBe(201);
    return ((await made.json()) as { user: { id: string } }).user.id;
  };
  const olekId = await create(OLEK, 'operator');
  const veraId = await create(VERA, 'verifier');
  const now = Date.now();
  await push(admin, baseURL, 'orders', [{
    assumedMasterState: null,
    newDocumentState: {
      ...ORDER, instructions: '', voivodeships: ['10'], area: '', targetCount: 0, deadline: '', principalId: '', verificationRequired: true,
      attributeIds: [], status: 'open', createdBy: adminId, createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
    },
  }]);
  for (const userId of [olekId, veraId]) {
    const bound = await admin.post(`/api/orders/${ORDER.id}/team`, { headers, data: { userId } });
    expect(bound.status(), await bound.text()).toBe(201);
  }
  return { baseURL, admin, vera, veraId, olekId };
}

/** The operator's records, pushed from the operator's own session as the app makes them. */
async function operatorRecords(olek: APIRequestContext, baseURL: string, olekId: string): Promise<void> {
  const at = Date.now() - 60_000;
  const record = (fields: { id: string; name: string; nip: string }, time: number): Doc => ({
    ...applyEdit(emptyClient({ id: fields.id, orderId: ORDER.id, ownerId: olekId, now: time }), { name: fields.name, nip: fields.nip, city: 'Łódź', voivodeship: '10' }, time),
    _deleted: false,
  });
  await push(olek, baseURL, 'clients', [
    { assumedMasterState: null, newDocumentState: record(KLOS, at) },
    { assumedMasterState: null, newDocumentState: record(BAR, at + 1000) },
  ]);
}

/** The verifier rejects the bakery with a reason and a note on its NIP, through a push as the app would. */
async function reject(world: World): Promise<void> {
  const before = await storedRecord(world.vera, world.baseURL, KLOS.id);
  const { _deleted, ...doc } = before;
  const rejected = applyVerdict(doc, { state: 'rejected', reason: REASON, notes: { nip: NIP_NOTE } }, world.veraId, Date.now());
  await push(world.vera, world.baseURL, 'clients', [{ assumedMasterState: before, newDocumentState: { ...rejected, _deleted: false } }]);
}

async function signIn(page: Page, person: AdminAccount): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(person.login);
  await page.getByLabel('Hasło', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).press('Enter');
  await expect(heading(page, 'Logowanie')).toBeHidden({ timeout: 30_000 });
}

async function synced(page: Page): Promise<void> {
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 30_000 });
}

const count = (announcements: Announcements, text: string) => announcements.texts().filter((t) => t === text).length;

test('a rejection reaches the operator once, the form opens on it, the NIP fix returns it as corrected, an offline comment arrives', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const baseURL = freshServer.url;
  const admin = await newContext({ baseURL });
  const vera = await newContext({ baseURL });
  const olekApi = await newContext({ baseURL });
  const { page, context, announcements, errors } = await newContext({ baseURL });
  const world = await organisation(admin.page.request, vera.page.request, baseURL);
  await loginViaApi(vera.context, baseURL, VERA);
  await loginViaApi(olekApi.context, baseURL, OLEK);
  await operatorRecords(olekApi.page.request, baseURL, world.olekId);

  await signIn(page, OLEK);
  await page.goto(`/zlecenie/${ORDER.id}`);
  await expect(heading(page, ORDER.name)).toBeVisible({ timeout: 30_000 });
  await synced(page);
  announcements.clear();

  // The verdict arrives through the stream while the operator looks at the order.
  await reject(world);
  await announcements.expectAnnounced(ANNOUNCED, 30_000);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: KLOS.name }) });
  await expect(row).toContainText(`Odrzucony: ${REASON}`);
  // A reload and a second pull announce nothing again.
  await page.reload();
  await expect(heading(page, ORDER.name)).toBeVisible({ timeout: 30_000 });
  await synced(page);
  await page.waitForTimeout(1500);
  expect(count(announcements, ANNOUNCED), JSON.stringify(announcements.texts())).toBe(1);

  // The verifier's comment: announced once, and counted on the list until its thread is opened.
  await push(world.vera, baseURL, 'comments', [{
    assumedMasterState: null,
    newDocumentState: {
      id: 'comment-vera-1', recordId: KLOS.id, orderId: ORDER.id, ownerId: world.olekId, authorId: world.veraId,
      text: VERA_COMMENT, createdAt: Date.now(), fieldTimes: {}, _deleted: false,
    },
  }]);
  const commentArrived = `Nowy komentarz do rekordu ${KLOS.name}: Weryfikator`;
  await announcements.expectAnnounced(commentArrived, 30_000);
  await expect(row).toContainText('1 nowy komentarz');

  // Forced colours: the state is in words, not colour.
  await page.emulateMedia({ forcedColors: 'active' });
  await expect(row.getByText('Odrzucony', { exact: false })).toBeVisible();
  await page.emulateMedia({ forcedColors: 'none' });

  // The form opens on the verifier's summary.
  const link = page.getByRole('link', { name: KLOS.name, exact: true });
  await link.focus();
  await page.keyboard.press('Enter');
  const summary = page.locator('.verdict-summary');
  await expect(summary).toBeFocused({ timeout: 15_000 });
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText(`✕ Weryfikator odrzucił ten rekord: ${REASON}`);
  const nip = page.getByLabel('NIP', { exact: true });
  await expect(nip).toHaveAccessibleDescription(new RegExp(`Uwaga weryfikatora: ${NIP_NOTE}`));
  await axe(page, 'rejected record form with its thread');
  await page.emulateMedia({ forcedColors: 'active' });
  await expect(summary).toContainText(`Weryfikator odrzucił ten rekord: ${REASON}`);
  await page.emulateMedia({ forcedColors: 'none' });

  // The note's link moves focus to the field; a changed value answers the note at once.
  const noteLink = summary.getByRole('link', { name: `NIP: ${NIP_NOTE}` });
  await noteLink.focus();
  await page.keyboard.press('Enter');
  await expect(nip).toBeFocused();
  await nip.fill(FIXED_NIP);
  await expect(nip).not.toHaveAccessibleDescription(/Uwaga weryfikatora/);
  expect(count(announcements, commentArrived), JSON.stringify(announcements.texts())).toBe(1);
  announcements.clear();
  await page.getByRole('button', { name: 'Zapisz', exact: true }).focus();
  await page.keyboard.press('Enter');
  await announcements.expectAnnounced('Zapisano rekord. Wrócił do weryfikacji jako poprawiony');
  await expect(heading(page, ORDER.name)).toBeVisible();
  await expect.poll(async () => {
    const doc = await storedRecord(vera.page.request, baseURL, KLOS.id);
    return [doc.verification.state, doc.nip];
  }, { timeout: 30_000 }).toEqual(['corrected', FIXED_NIP]);
  await expect(row).toContainText('Poprawiony');
  // The thread was on screen with the form: nothing unread any more, and the comment was announced once.
  await expect(row).not.toContainText('nowy komentarz');
  expect(count(announcements, commentArrived)).toBe(0);

  // A comment written offline reaches the server when the tablet is back online.
  await page.goto(recordPath(KLOS.id));
  await expect(page.getByRole('heading', { level: 2, name: 'Komentarze' })).toBeVisible({ timeout: 30_000 });
  await synced(page);
  await context.setOffline(true);
  const add = page.getByRole('button', { name: 'Dodaj komentarz' });
  await add.focus();
  await page.keyboard.press('Enter');
  const text = page.getByLabel('Nowy komentarz');
  await expect(page.locator('.comments .error-summary')).toBeFocused();
  await expect(text).toHaveAccessibleDescription(/Błąd: Wpisz treść komentarza/);
  await text.fill(COMMENT);
  announcements.clear();
  await add.focus();
  await page.keyboard.press('Enter');
  await announcements.expectAnnounced('Dodano komentarz');
  const thread = page.locator('.comments__list');
  await expect(thread.getByText(COMMENT)).toBeVisible();
  await expect(thread.locator('.comment').first()).toContainText(`Weryfikator, `);
  await expect(thread.locator('.comment').first()).toContainText(VERA_COMMENT);
  await expect(thread.locator('.comment').last().locator('.comment__meta')).toContainText('Olek Operator');
  await axe(page, 'comment thread');
  await context.setOffline(false);
  await expect.poll(async () => (await pull<Comment>(vera.page.request, baseURL, 'comments')).map((c) => [c.recordId, c.authorId, c.text]), { timeout: 30_000 })
    .toEqual([[KLOS.id, world.veraId, VERA_COMMENT], [KLOS.id, world.olekId, COMMENT]]);

  // The history: plain words offline, the table online after "Spróbuj ponownie".
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Historia zmian' }).focus();
  await page.keyboard.press('Enter');
  await expect(heading(page, `Historia zmian: ${KLOS.name}`)).toBeVisible();
  await expect(page.getByText(/^Historia jest dostępna tylko online/)).toBeVisible();
  await axe(page, 'history offline');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Spróbuj ponownie' }).focus();
  await page.keyboard.press('Enter');
  const table = page.getByRole('table', { name: 'Zmiany rekordu, od najstarszej' });
  await expect(table).toBeFocused({ timeout: 15_000 });
  await expect(table.getByRole('row').filter({ hasText: FIXED_NIP })).toContainText('zmiana');
  await expect(table.getByRole('button')).toHaveCount(0); // operators do not restore
  await axe(page, 'history');
  errors.expectNone({ allow: ALLOW });
});

test('a NIP that another record of the order holds is pointed out while typing, once, and never blocks the save', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const baseURL = freshServer.url;
  const admin = await newContext({ baseURL });
  const vera = await newContext({ baseURL });
  const olekApi = await newContext({ baseURL });
  const { page, announcements } = await newContext({ baseURL });
  const world = await organisation(admin.page.request, vera.page.request, baseURL);
  await loginViaApi(olekApi.context, baseURL, OLEK);
  await operatorRecords(olekApi.page.request, baseURL, world.olekId);
  await signIn(page, OLEK);
  await page.goto(`/zlecenie/${ORDER.id}/rekord/nowy`);
  await expect(heading(page, 'Nowy rekord')).toBeVisible({ timeout: 30_000 });
  await synced(page);

  const nip = page.getByLabel('NIP', { exact: true });
  await nip.fill('113-219-12-3');
  await expect(page.locator('.field__duplicate')).toHaveCount(0);
  await nip.fill('113-219-12-33');
  const expected = `Ten NIP ma już rekord ${BAR.name}`;
  await announcements.expectAnnounced(expected);
  await expect(nip).toHaveAccessibleDescription(new RegExp(`Ten NIP ma już rekord ${BAR.name}`));
  await expect(page.locator('#nip-below').getByRole('link', { name: BAR.name })).toHaveAttribute('href', recordPath(BAR.id));
  // Typing on and back again: the same match is not announced twice.
  await nip.fill('113-219-12-3');
  await nip.fill('1132191233');
  await page.getByLabel('Nazwa', { exact: true }).fill('Bar Mleczny Bistro – filia');
  await page.getByRole('button', { name: 'Zapisz', exact: true }).focus();
  await page.keyboard.press('Enter');
  await announcements.expectAnnounced('Zapisano rekord');
  expect(count(announcements, expected)).toBe(1);
  // The server flags the new record; the flag replicates back and the form says so, with a link.
  await expect.poll(async () => {
    const docs = await pull<Client>(olekApi.page.request, baseURL, 'clients');
    return docs.find((d) => d.name === 'Bar Mleczny Bistro – filia')?.duplicateOf ?? null;
  }, { timeout: 30_000 }).toBe(BAR.id);
  const docs = await pull<Client>(olekApi.page.request, baseURL, 'clients');
  const copy = docs.find((d) => d.name === 'Bar Mleczny Bistro – filia')!;
  await page.goto(recordPath(copy.id));
  await expect(page.getByText(/Serwer oznaczył ten rekord jako możliwy duplikat/)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.notice').getByRole('link', { name: BAR.name })).toBeVisible();
});

test('an administrator restores an earlier value from the history, after a confirmation from the keyboard', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(120_000);
  const baseURL = freshServer.url;
  const admin = await newContext({ baseURL });
  const vera = await newContext({ baseURL });
  const operator = await newContext({ baseURL });
  const world = await organisation(admin.page.request, vera.page.request, baseURL);
  await loginViaApi(operator.context, baseURL, OLEK);
  await operatorRecords(operator.page.request, baseURL, world.olekId);
  // The operator changes the NIP once: the history holds the old value.
  const before = await storedRecord(operator.page.request, baseURL, KLOS.id);
  const { _deleted, ...doc } = before;
  await push(operator.page.request, baseURL, 'clients', [{ assumedMasterState: before, newDocumentState: { ...applyEdit(doc, { nip: FIXED_NIP }, Date.now()), _deleted: false } }]);

  const { page, announcements } = admin;
  await page.goto(`${recordPath(KLOS.id)}/historia`);
  const table = page.getByRole('table', { name: 'Zmiany rekordu, od najstarszej' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  const restore = table.getByRole('button', { name: `Przywróć „${KLOS.nip}”` });
  await restore.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Przywrócić wcześniejszą wartość?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Anuluj' })).toBeFocused();
  await axe(page, 'restore confirmation');
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Przywróć', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await announcements.expectAnnounced('Przywrócono wartość pola „NIP”');
  await expect(table).toBeFocused();
  await expect(table.getByRole('row').filter({ hasText: 'przywrócenie' })).toContainText(KLOS.nip);
  await expect.poll(async () => (await storedRecord(operator.page.request, baseURL, KLOS.id)).nip, { timeout: 15_000 }).toBe(KLOS.nip);
});
