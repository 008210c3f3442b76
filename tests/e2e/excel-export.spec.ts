// Excel export end to end [X1–X4]: an order with custom attributes (one retired but holding data) and a
// rejected record, exported offline from the keyboard after sorting; the downloaded file is opened with
// exceljs in Node and checked cell by cell; progress is announced and axe passes with it shown.
import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { ADMIN, apiHeaders, expect, test } from './fixtures.ts';

const ORDER_ID = 'excel-order';
const ORDER = 'Zakłady mięsne: łódzkie [2026]';
const SHEET = 'Zakłady mięsne łódzkie 2026';
const FORMULA_NAME = '=HYPERLINK("http://zlo.example","klik")';

type Doc = Record<string, unknown>;

async function push(request: APIRequestContext, baseURL: string, collection: string, rows: { assumedMasterState: Doc | null; newDocumentState: Doc }[]) {
  const pushed = await request.post(`/api/sync/${collection}/push`, { headers: apiHeaders(baseURL), data: { rows } });
  expect(pushed.status(), await pushed.text()).toBe(200);
  expect(await pushed.json()).toEqual({ conflicts: [], refused: [] });
}

const attribute = (id: string, kind: string, label: string): Doc => ({
  id, label, labelEn: '', kind, required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 1, updatedAt: 1, fieldTimes: {}, _deleted: false,
});

/** Administrator, attributes, the order and three records (one rejected, one with formula-like text). */
async function seed(request: APIRequestContext, baseURL: string): Promise<{ adminId: string; createdAt: number[] }> {
  const headers = apiHeaders(baseURL);
  expect((await request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const me = (await (await request.get('/api/auth/me', { headers })).json()) as { user: { id: string } };
  const adminId = me.user.id;
  const attributes = [
    attribute('kontakt', 'text', 'Osoba kontaktowa'),
    attribute('wizyta', 'date', 'Data wizyty'),
    attribute('pracownicy', 'integer', 'Liczba pracowników'),
    attribute('stare', 'text', 'Stary kod klienta'),
    attribute('pusty', 'text', 'Nieużywany atrybut'),
  ];
  await push(request, baseURL, 'attributes', attributes.map((a) => ({ assumedMasterState: null, newDocumentState: a })));
  const now = Date.now();
  await push(request, baseURL, 'orders', [{
    assumedMasterState: null,
    newDocumentState: {
      id: ORDER_ID, name: ORDER, instructions: '', voivodeships: ['10'], area: '', targetCount: 0, deadline: '', principalId: '',
      verificationRequired: true, attributeIds: ['kontakt', 'wizyta', 'pracownicy', 'stare', 'pusty'], status: 'open', createdBy: '',
      createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
    },
  }]);
  const blank = {
    nip: '', pkd: '', regon: '', name: '', street: '', buildingNumber: '', postalCode: '', city: '', voivodeship: '', businessActivity: '',
    website: '', email: '', landlinePhone: '', mobilePhone: '', fax: '', employmentLevel: '', dataSource1: '', dataSource2: '',
    dataSource3: '', dataSource4: '', notes: '',
  };
  const createdAt = [now - 30_000, now - 20_000, now - 10_000];
  const record = (id: string, at: number, fields: Doc): Doc => ({
    ...blank, id, orderId: ORDER_ID, ownerId: adminId, custom: {}, duplicateOf: '', createdAt: at, updatedAt: at, fieldTimes: {},
    verification: { state: 'unverified', reason: '', verifierId: '', at: 0, notes: {} }, _deleted: false, ...fields,
  });
  await push(request, baseURL, 'clients', [
    // Oldest: a name and notes that a spreadsheet would run as formulas.
    { assumedMasterState: null, newDocumentState: record('rec-formula', createdAt[0]!, { name: FORMULA_NAME, notes: '@SUM(1+1)', custom: { kontakt: '+48 600 123 456' } }) },
    // Rejected by the verifier (the administrator) with a reason.
    {
      assumedMasterState: null,
      newDocumentState: record('rec-rejected', createdAt[1]!, {
        name: 'Piekarnia Pod Kłosem', city: 'Łódź', voivodeship: '10', custom: { kontakt: '-Pani Żaneta', pracownicy: 12 },
        verification: { state: 'rejected', reason: 'Brak numeru telefonu', verifierId: adminId, at: createdAt[1]! + 1000, notes: { mobilePhone: 'Brak numeru' } },
      }),
    },
    // Newest: identifiers with leading zeros and every custom kind, and a value of the attribute retired below.
    {
      assumedMasterState: null,
      newDocumentState: record('rec-full', createdAt[2]!, {
        name: 'Zakłady Mięsne Łuków', nip: '5260250274', regon: '012345675', postalCode: '00-950', mobilePhone: '+48 600 123 456',
        custom: { kontakt: 'Jan Żółkiewski', wizyta: '2026-11-30', pracownicy: 250, stare: 'K-0042' },
      }),
    },
  ]);
  // 'stare' is retired after a record took a value: it stays a column; 'pusty' (retired, no data) does not.
  for (const id of ['stare', 'pusty']) {
    const before = attributes.find((a) => a.id === id)!;
    await push(request, baseURL, 'attributes', [{ assumedMasterState: before, newDocumentState: { ...before, retired: true, updatedAt: 2 } }]);
  }
  return { adminId, createdAt };
}

/** The downloaded workbook: exceljs's reading and the raw XML of its parts. */
async function openWorkbook(path: string) {
  const bytes = readFileSync(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(bytes))).map(([name, data]) => [name, strFromU8(data)]));
  return { workbook, parts };
}

test('Excel export: offline, from the keyboard, exactly the sorted rows, safe and typed cells, announced progress', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const { context, page, announcements, errors } = await newContext({ baseURL: freshServer.url, acceptDownloads: true });
  const { createdAt } = await seed(page.request, freshServer.url);

  await page.goto(`/zlecenie/${ORDER_ID}`);
  await expect(page.getByRole('heading', { level: 1, name: ORDER })).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole('table', { name: /^Rekordy: 3 rekordy/ });
  await expect(table).toBeVisible({ timeout: 30_000 });
  // The service worker controls the page (the worker chunk is precached), then the cable is cut.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(table).toBeVisible({ timeout: 30_000 });
  await context.setOffline(true);
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();

  // Sorted by name, ascending, from the keyboard: the file must follow the table, not the default order.
  await table.getByRole('button', { name: /^Nazwa/ }).focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: /^Nazwa/ })).toHaveAttribute('aria-sort', 'ascending');

  // The export control follows the filter checkbox in the tab order and works with Enter.
  await page.getByLabel('Tylko odrzucone', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const exportButton = page.getByRole('button', { name: 'Eksportuj do Excela' });
  await expect(exportButton).toBeFocused();
  await expect(exportButton).toHaveAccessibleDescription(/rekordami widocznymi w tabeli \(3 rekordy\)/);
  await axe(page, 'order page with the export control, offline');
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const download = await downloading;
  const fileName = download.suggestedFilename();
  expect(fileName).toMatch(/^Zakłady mięsne_ łódzkie \[2026\]-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await announcements.expectAnnounced('Eksport do Excela rozpoczęty: 3 rekordy');
  await announcements.expectAnnounced(`Wyeksportowano 3 rekordy do pliku ${fileName}`);

  // The finished progress stays shown, in words; focus is back on the export button; axe passes.
  const progress = page.getByRole('progressbar', { name: 'Postęp eksportu do Excela' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('value', '100');
  await expect(progress).toHaveAccessibleDescription(`Wyeksportowano 3 rekordy do pliku ${fileName}`);
  await expect(exportButton).toBeFocused();
  await axe(page, 'order page with the export progress shown');

  const { workbook, parts } = await openWorkbook(await download.path());
  expect(workbook.worksheets.map((s) => s.name)).toEqual([SHEET, 'Informacje o eksporcie']);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual([
    'NIP', 'PKD', 'REGON', 'Nazwa', 'Ulica', 'Numer', 'Kod pocztowy', 'Miejscowość', 'Województwo', 'Firma zajmuje się', 'Strona www',
    'Email', 'Tel. stacjonarny', 'Tel. komórkowy', 'Fax', 'Poziom zatrudnienia', 'Źródło danych 1', 'Źródło danych 2', 'Źródło danych 3',
    'Źródło danych 4', 'Uwagi', 'Osoba kontaktowa', 'Data wizyty', 'Liczba pracowników', 'Stary kod klienta',
    'Status', 'Powód odrzucenia', 'Uwagi weryfikatora do pól', 'Weryfikator', 'Operator', 'Dodano', 'Ostatnia zmiana', 'Komentarze',
  ]);
  const col = (name: string) => header.indexOf(name) + 1;
  expect(sheet.rowCount).toBe(4);
  // Name ascending (Polish collation): the formula-like name, then Piekarnia, then Zakłady.
  expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col('Nazwa')).value)).toEqual([`'${FORMULA_NAME}`, 'Piekarnia Pod Kłosem', 'Zakłady Mięsne Łuków']);

  const [formula, rejected, full] = [sheet.getRow(2), sheet.getRow(3), sheet.getRow(4)];
  // Identifiers are text cells with the text format: leading zeros survive.
  for (const [name, value] of [['NIP', '5260250274'], ['REGON', '012345675'], ['Kod pocztowy', '00-950'], ['Tel. komórkowy', "'+48 600 123 456"]] as const) {
    const cell = full.getCell(col(name));
    expect(cell.value).toBe(value);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
  }
  // Dates and times are real dates; numbers are numbers.
  expect(full.getCell(col('Data wizyty')).value).toEqual(new Date(Date.UTC(2026, 10, 30)));
  expect(full.getCell(col('Data wizyty')).numFmt).toBe('yyyy-mm-dd');
  expect(full.getCell(col('Liczba pracowników')).value).toBe(250);
  const created = full.getCell(col('Dodano'));
  expect(created.type).toBe(ExcelJS.ValueType.Date);
  const warsaw = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', dateStyle: 'short', timeStyle: 'short' }).format(new Date(createdAt[2]!));
  expect((created.value as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(warsaw);
  expect(full.getCell(col('Stary kod klienta')).value).toBe('K-0042');
  expect(full.getCell(col('Status')).value).toBe('Niezweryfikowany');
  // The rejected record: status in words, the reason, the verifier and operator by name.
  expect([col('Status'), col('Powód odrzucenia'), col('Weryfikator'), col('Operator'), col('Miejscowość'), col('Województwo')].map((c) => rejected.getCell(c).value))
    .toEqual(['Odrzucony', 'Brak numeru telefonu', ADMIN.name, ADMIN.name, 'Łódź', 'łódzkie']);
  expect(rejected.getCell(col('Uwagi weryfikatora do pól')).value).toBe('Tel. komórkowy: Brak numeru');
  expect(rejected.getCell(col('Osoba kontaktowa')).value).toBe("'-Pani Żaneta");
  // Formula triggers are neutralised text; a stored phone number stays as it is; missing values are empty.
  expect(formula.getCell(col('Uwagi')).value).toBe("'@SUM(1+1)");
  expect(formula.getCell(col('Osoba kontaktowa')).value).toBe("'+48 600 123 456");
  expect(formula.getCell(col('NIP')).value).toBeNull();
  expect(formula.getCell(col('Powód odrzucenia')).value).toBeNull();

  // No formula cell anywhere, read by exceljs and in the raw XML.
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula))));
  for (const [name, xml] of Object.entries(parts)) if (name.startsWith('xl/worksheets/')) expect(xml).not.toMatch(/<f[ >]/);
  // Frozen header, autofilter over the data, and the hidden filter name LibreOffice needs.
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.autoFilter).toBe('A1:AG4');
  expect(parts['xl/workbook.xml']).toContain(`<definedName name="_xlnm._FilterDatabase" hidden="1" localSheetId="0">&apos;${SHEET}&apos;!$A$1:$AG$4</definedName>`);
  expect(sheet.getColumn(col('Nazwa')).width).toBeGreaterThanOrEqual(30);

  // The second sheet says who exported what, when, with which filter and sort.
  const info = Object.fromEntries(workbook.worksheets[1]!.getSheetValues().slice(1).map((row) => [(row as unknown[])[1], (row as unknown[])[2]]));
  expect(info).toMatchObject({
    Zlecenie: ORDER, 'Eksport wykonał(a)': ADMIN.name, Filtr: 'wszystkie rekordy', Sortowanie: 'Nazwa, rosnąco', 'Liczba rekordów': 3,
  });
  expect(info['Data eksportu']).toBeInstanceOf(Date);

  // Only the rejected ones: the file follows the filter too.
  await page.getByLabel('Tylko odrzucone', { exact: true }).press('Space');
  await expect(page.getByRole('table', { name: /^Rekordy: 1 rekord,/ })).toBeVisible();
  await exportButton.focus();
  const second = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const filtered = await openWorkbook(await (await second).path());
  const only = filtered.workbook.worksheets[0]!;
  expect(only.rowCount).toBe(2);
  expect(only.getRow(2).getCell(col('Nazwa')).value).toBe('Piekarnia Pod Kłosem');
  expect(Object.fromEntries(filtered.workbook.worksheets[1]!.getSheetValues().slice(1).map((row) => [(row as unknown[])[1], (row as unknown[])[2]])))
    .toMatchObject({ Filtr: 'tylko odrzucone', 'Liczba rekordów': 1 });
  await announcements.expectAnnounced('Wyeksportowano 1 rekord do pliku ' + (await second).suggestedFilename());

  errors.expectNone({ allow: [/ERR_INTERNET_DISCONNECTED/, /Failed to fetch/, /status of 401/] });
});

test('Excel export: cancelled from the keyboard while it runs, nothing is downloaded and focus returns', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(180_000);
  const { page, announcements, errors } = await newContext({ baseURL: freshServer.url, acceptDownloads: true });
  const headers = apiHeaders(freshServer.url);
  expect((await page.request.post('/api/setup', { headers, data: ADMIN })).ok()).toBe(true);
  const me = (await (await page.request.get('/api/auth/me', { headers })).json()) as { user: { id: string } };
  const now = Date.now();
  await push(page.request, freshServer.url, 'orders', [{
    assumedMasterState: null,
    newDocumentState: {
      id: ORDER_ID, name: 'Duże zlecenie', instructions: '', voivodeships: [], area: '', targetCount: 0, deadline: '', principalId: '',
      verificationRequired: false, attributeIds: [], status: 'open', createdBy: '', createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
    },
  }]);
  // Enough rows that the export is still running when the cancel button is pressed.
  const N = 3000;
  const blank = Object.fromEntries(['nip', 'pkd', 'regon', 'street', 'buildingNumber', 'postalCode', 'city', 'voivodeship', 'businessActivity', 'website', 'email',
    'landlinePhone', 'mobilePhone', 'fax', 'employmentLevel', 'dataSource1', 'dataSource2', 'dataSource3', 'dataSource4'].map((k) => [k, '']));
  for (let start = 0; start < N; start += 500) {
    await push(page.request, freshServer.url, 'clients', Array.from({ length: 500 }, (_, k) => ({
      assumedMasterState: null,
      newDocumentState: {
        ...blank, id: `big-${start + k}`, orderId: ORDER_ID, ownerId: me.user.id, name: `Firma ${start + k}`, notes: 'Długi opis firmy '.repeat(20).trim(),
        custom: {}, verification: { state: 'unverified', reason: '', verifierId: '', at: 0, notes: {} }, duplicateOf: '',
        createdAt: now - start - k, updatedAt: now, fieldTimes: {}, _deleted: false,
      },
    })));
  }
  await page.goto(`/zlecenie/${ORDER_ID}`);
  await expect(page.getByRole('table', { name: /^Rekordy: 3000 rekordów/ })).toBeVisible({ timeout: 90_000 });
  // Replication finished (its count announcements may still be queued: the export's are awaited longer).
  await expect(page.locator('#sync-status').getByText('Zsynchronizowano', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('main').getByText('Wprowadzono dziś: 3000 rekordów', { exact: true })).toBeVisible({ timeout: 60_000 });

  let downloads = 0;
  page.on('download', () => downloads++);
  // The export reads the records, then writes them in a Web Worker; cancelling terminates it (Playwright sees the worker close).
  const workerStarted = page.waitForEvent('worker');
  const exportButton = page.getByRole('button', { name: 'Eksportuj do Excela' });
  await exportButton.focus();
  await page.keyboard.press('Enter');
  // Focus moves to the cancel button while the export runs; the progress bar is shown and passes axe.
  const cancel = page.getByRole('button', { name: 'Anuluj eksport' });
  await expect(cancel).toBeFocused();
  await expect(page.getByRole('progressbar', { name: 'Postęp eksportu do Excela' })).toBeVisible();
  const worker = await workerStarted;
  const workerClosed = new Promise<string>((done) => worker.on('close', () => done(worker.url())));
  await page.keyboard.press('Enter');
  await expect(cancel).toBeHidden();
  await expect(exportButton).toBeFocused();
  // The bar says it was cancelled (not finished, nor failed) before the live region is read.
  await expect(page.getByRole('progressbar', { name: 'Postęp eksportu do Excela' })).toHaveAccessibleDescription('Anulowano eksport do Excela');
  await announcements.expectAnnounced('Eksport do Excela rozpoczęty: 3000 rekordów', 30_000);
  await announcements.expectAnnounced('Anulowano eksport do Excela', 30_000);
  await expect(page.getByRole('progressbar', { name: 'Postęp eksportu do Excela' })).toHaveAccessibleDescription('Anulowano eksport do Excela');
  await axe(page, 'order page after a cancelled export');
  expect(await workerClosed).toMatch(/export\.worker/);
  await expect(page.getByRole('progressbar', { name: 'Postęp eksportu do Excela' })).toHaveAccessibleDescription('Anulowano eksport do Excela');
  expect(downloads).toBe(0);
  errors.expectNone({ allow: [/status of 401/] });
});
