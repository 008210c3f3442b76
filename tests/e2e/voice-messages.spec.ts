// Issue 14, finding 5: messages that say enough — each error names its field and says what to do, and a
// sync error says the records are safe and what happens next.
import { CUSTOM_TEXT_MAX } from '../../schemas/entities/custom-values.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import { expect, test } from './fixtures.ts';
import { listen } from './voice.ts';
import { attribute, OPERATOR, ORDER, seed, signIn, synced } from './voice-seed.ts';

test('[issue 14.5] the error summary names every field: two numeric attributes, a NIP check digit, a too long text', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(120_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await seed(admin.page.request, freshServer.url, {
    operators: [OPERATOR],
    attributes: [attribute('pracownicy', 'integer', 'Liczba pracowników'), attribute('oddzialy', 'integer', 'Liczba oddziałów')],
  });
  const { page, context } = await newContext({ baseURL: freshServer.url });
  const voice = await listen(context);
  await signIn(page, OPERATOR);
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowy rekord' })).toBeFocused();

  await page.getByLabel(/^NIP/).fill('526-025-02-75');
  await page.getByLabel(/^Nazwa/).fill('Zakłady Mięsne Łuków');
  await page.getByLabel(/^Uwagi/).fill('a'.repeat(5001));
  await page.getByLabel(/^Liczba pracowników/).fill('dwadzieścia');
  await page.getByLabel(/^Liczba oddziałów/).fill('3,5');
  voice.mark();
  await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');

  const messages = [
    'Nieprawidłowa cyfra kontrolna NIP. Sprawdź, czy NIP jest przepisany bez błędu – ostatnia cyfra nie zgadza się z pozostałymi',
    'Tekst w polu „Uwagi” jest za długi – skróć go',
    'Wpisz liczbę całkowitą w polu „Liczba pracowników”, np. 25',
    'Wpisz liczbę całkowitą w polu „Liczba oddziałów”, np. 25',
  ];
  const summary = page.locator('.error-summary');
  await expect(summary.getByRole('link')).toHaveText(messages);
  await expect(page).toHaveTitle(/^Błąd: /);
  // Inline errors say the same, after the hidden "Błąd:".
  await expect(page.getByLabel(/^Liczba pracowników/)).toHaveAccessibleDescription(`Błąd: ${messages[2]}`);
  await expect(page.getByLabel(/^Liczba oddziałów/)).toHaveAccessibleDescription(`Błąd: ${messages[3]}`);
  // Focus went to the summary once; nothing was announced over it.
  expect(voice.heard(['focus'])).toEqual([expect.stringMatching(/^button: Zapisz/), expect.stringMatching(/^div: Wystąpił problem/)]);
  expect(voice.said()).toEqual([]);
  await axe(page, 'record form with named errors');
});

test('[issue 14.5] a sync error says the records are safe and what happens next; its end is said too', async ({ freshServer, newContext }) => {
  test.setTimeout(120_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await seed(admin.page.request, freshServer.url, { operators: [OPERATOR] });
  const { page, context, errors } = await newContext({ baseURL: freshServer.url });
  const voice = await listen(context);
  await signIn(page, OPERATOR);
  await expect(page.getByRole('heading', { level: 1, name: ORDER.name })).toBeVisible({ timeout: 30_000 });
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });

  await page.route('**/api/sync/clients/push', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal"}' }));
  await page.getByRole('link', { name: 'Dodaj rekord' }).click();
  await page.getByLabel(/^Nazwa/).fill('Zakłady Mięsne Łuków');
  voice.mark();
  await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');
  const problem = 'Błąd synchronizacji. Serwer zgłosił błąd. Aplikacja sama ponowi próbę; jeśli błąd nie ustąpi, powiadom administratora. '
    + 'Rekordy są bezpieczne na tym urządzeniu.';
  await voice.waitFor(problem, 30_000);
  await expect(page.locator('#sync-status')).toContainText('Rekordy są bezpieczne na tym urządzeniu.');
  await page.unroute('**/api/sync/clients/push');
  await voice.waitFor('Zsynchronizowano', 60_000);
  await voice.expectSilence(2_000);
  // The count and the error settle independently (whichever first); each is said once, "Zsynchronizowano" ends it.
  const said = voice.said();
  expect(said).toHaveLength(4);
  expect([said[0], said[3]]).toEqual(['polite: Zapisano rekord', 'polite: Zsynchronizowano']);
  expect(said.slice(1, 3).sort()).toEqual([`polite: ${problem}`, 'polite: Wprowadzono dziś: 1 rekord'].sort());
  errors.expectNone({ allow: [/status of 401/, /status of 500/] });
});

test('[issue 14.5][S8] a change the server refuses is announced naming its field and how short the text must be; the notice marks a custom name lang="pl"', async ({ freshServer, newContext, axe }) => {
  test.setTimeout(150_000);
  const admin = await newContext({ baseURL: freshServer.url });
  await seed(admin.page.request, freshServer.url, { operators: [OPERATOR], attributes: [attribute('opis', 'text', 'Opis działalności')] });
  const { page, context } = await newContext({ baseURL: freshServer.url });
  const voice = await listen(context);
  await signIn(page, OPERATOR);
  await expect(synced(page)).toBeVisible({ timeout: 30_000 });

  // The form keeps to the limits; a device running another app version (or a crafted client) need not.
  // Its pushes carry texts longer than the shared rules allow: a standard field past the JSON schema's
  // maxLength, a custom text past the attribute check's limit. The server refuses both records [S10][S8].
  const notesMax = STANDARD_ATTRIBUTES.find((a) => a.key === 'notes')!.maxLength;
  const tooLong: Record<string, (doc: Record<string, unknown>) => void> = {
    'Zakłady Mięsne Łuków': (doc) => (doc.notes = 'u'.repeat(notesMax + 1)),
    'Piekarnia Pod Kłosem': (doc) => (doc.custom = { opis: 'o'.repeat(CUSTOM_TEXT_MAX + 1) }),
  };
  await page.route('**/api/sync/clients/push', async (route) => {
    const body = route.request().postDataJSON() as { rows: { newDocumentState: Record<string, unknown> }[] };
    for (const row of body.rows) tooLong[String(row.newDocumentState.name)]?.(row.newDocumentState);
    await route.continue({ postData: JSON.stringify(body) });
  });
  const notes = `Tekst w polu „Uwagi” jest za długi – skróć go do ${notesMax} znaków`;
  const opis = `Tekst w polu „Opis działalności” jest za długi – skróć go do ${CUSTOM_TEXT_MAX} znaków`;
  const expected = { 'Zakłady Mięsne Łuków': notes, 'Piekarnia Pod Kłosem': opis };
  for (const [name, problem] of Object.entries(expected)) {
    await page.getByRole('link', { name: 'Dodaj rekord' }).click();
    await page.getByLabel(/^Nazwa/).fill(name);
    voice.mark();
    await page.getByRole('button', { name: 'Zapisz', exact: true }).press('Enter');
    const heard = `Serwer nie przyjął zmiany rekordu ${name}: nieprawidłowe dane; ${problem}`;
    await voice.waitFor(heard, 30_000);
    expect(voice.said().filter((s) => s.includes('Serwer'))).toEqual([`polite: ${heard}`]);
  }
  const notice = page.getByRole('region', { name: 'Serwer nie przyjął zmian' });
  await expect(notice.getByRole('listitem')).toHaveText(Object.entries(expected).map(([name, problem]) => `${name}: nieprawidłowe dane; ${problem}`));
  await axe(page, 'refused-changes notice naming its fields');

  // In English the sentences are English; the records' and the attribute's own names keep a Polish voice.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(notice).toBeHidden();
  const noticeEn = page.getByRole('region', { name: 'The server did not accept some changes' });
  await expect(noticeEn.getByRole('listitem')).toHaveText([
    `Zakłady Mięsne Łuków: invalid data; The text in “Notes” is too long – shorten it to ${notesMax.toLocaleString('en-GB')} characters or fewer`,
    `Piekarnia Pod Kłosem: invalid data; The text in “Opis działalności” is too long – shorten it to ${CUSTOM_TEXT_MAX} characters or fewer`,
  ]);
  await expect(noticeEn.locator('[lang="pl"]')).toHaveText(['Zakłady Mięsne Łuków', 'Piekarnia Pod Kłosem', 'Opis działalności']);
});
