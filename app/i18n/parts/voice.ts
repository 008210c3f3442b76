// UI texts of one area, spread into pl.ts and en.ts (each area in its own file so work on areas does not collide).
// This area: what a screen-reader user hears (issue 14, docs/announcements.md) — sort, page and filter
// announcements, refused sessions and kept drafts, record page titles, messages that name their field.
import { countOf } from '../plural.ts';

const rejectedRecords = (n: number) =>
  countOf('pl', n, { one: 'odrzucony rekord', few: 'odrzucone rekordy', many: 'odrzuconych rekordów', other: 'odrzuconego rekordu' });
const rejectedRecordsEn = (n: number) => countOf('en', n, { one: 'rejected record', other: 'rejected records' });
const characters = (n: number) => countOf('pl', n, { one: 'znak', few: 'znaki', many: 'znaków', other: 'znaku' });
const charactersEn = (n: number) => countOf('en', n, { one: 'character', other: 'characters' });

export const pl = {
  // Tables: sorting, paging and the "Tylko odrzucone" filter are said, and the sort is in the caption.
  announceSorted: (column: string, ascending: boolean) => `Posortowano według kolumny ${column}, ${ascending ? 'rosnąco' : 'malejąco'}`,
  sortCaption: (column: string, ascending: boolean) => `posortowano według kolumny ${column}, ${ascending ? 'rosnąco' : 'malejąco'}`,
  announceOnlyRejected: (shown: number, total: number) => `Pokazano ${rejectedRecords(shown)} z ${total}`,
  announceAllRecords: (total: number) => `Pokazano wszystkie rekordy: ${total}`,

  // A refused session: the reason once (assertive), and what became of what was typed.
  sessionDraftKept: 'Wpisane w formularzu dane zostały zachowane na tym urządzeniu i wrócą po ponownym zalogowaniu.',
  sessionDraftKeptDeactivated:
    'Wpisane w formularzu dane zostały zachowane na tym urządzeniu. Pobierz je jako plik i przekaż przełożonemu, a potem usuń dane z urządzenia.',
  sessionDraftInFile: 'Dane wpisane w formularzu też są w tym pliku.',
  draftRestored: 'Przywrócono dane wpisane przed wylogowaniem. Sprawdź je i zapisz rekord.',

  // Record pages say where the user is: the company, and whether it is edited or only viewed.
  recordEditTitle: (name: string) => (name ? `Edycja: ${name}` : 'Edycja rekordu'),
  recordViewTitle: (name: string) => (name ? `Podgląd: ${name}` : 'Podgląd rekordu'),
  optionalMark: '(opcjonalnie)',
  requiredMark: '(wymagane)',
  emptyFields: (labels: string) => `Niewypełnione pola: ${labels}`,

  // Messages that name their field (GOV.UK: say which field and how to fix it).
  fieldIssue: {
    required: (f: string) => `Uzupełnij pole „${f}”`,
    tooLong: (f: string) => `Tekst w polu „${f}” jest za długi – skróć go`,
    'chars.control': (f: string) => `Usuń znaki sterujące (np. znak nowej linii) z pola „${f}”`,
    'custom.required': (f: string) => `Uzupełnij pole „${f}”`,
    'custom.requiredChoice': (f: string) => `Wybierz odpowiedź w polu „${f}”`,
    'custom.integer': (f: string) => `Wpisz liczbę całkowitą w polu „${f}”, np. 25`,
    'custom.decimal': (f: string) => `Wpisz liczbę w polu „${f}”, np. 12,5`,
    'custom.date': (f: string) => `Wpisz w polu „${f}” prawdziwą datę w postaci 2026-11-27`,
    'custom.boolean': (f: string) => `Wybierz „tak” albo „nie” w polu „${f}”`,
    'custom.choice': (f: string) => `Wybierz w polu „${f}” możliwość z listy`,
    'custom.retired': (f: string) => `Pole „${f}” zostało wycofane – zapisanej wartości nie można już zmienić`,
    'custom.notBound': (f: string) => `Pole „${f}” nie należy do tego zlecenia – zmiana nie została zapisana`,
    'value.type': (f: string) => `Wartość pola „${f}” musi być tekstem`,
    'value.notNormalized': (f: string) => `Wartość pola „${f}” nie jest zapisana w postaci standardowej – zapisz rekord ponownie`,
  } as Record<string, (field: string) => string>,
  // A limit says what to do: how short the text must be (the number from the shared schemas).
  fieldIssueLimit: {
    tooLong: (f: string, max: number) => `Tekst w polu „${f}” jest za długi – skróć go do ${characters(max)}`,
  } as Record<string, (field: string, max: number) => string>,
  /** The label a refused comment's text goes by (the form's is "Nowy komentarz"). */
  commentFieldLabel: 'Komentarz',
  /** Said once when the server refuses changes of a few records: each record with its reasons. */
  announceRefusedRecord: (label: string, reasons: string) => `Serwer nie przyjął zmiany rekordu ${label}: ${reasons}`,
};

/** Same keys as `pl`, checked through the Dictionary type. */
export const en: { [K in keyof typeof pl]: (typeof pl)[K] extends (...a: infer A) => string ? (...a: A) => string : (typeof pl)[K] extends string ? string : (typeof pl)[K] } = {
  announceSorted: (column, ascending) => `Sorted by ${column}, ${ascending ? 'ascending' : 'descending'}`,
  sortCaption: (column, ascending) => `sorted by ${column}, ${ascending ? 'ascending' : 'descending'}`,
  announceOnlyRejected: (shown, total) => `Showing ${rejectedRecordsEn(shown)} of ${total}`,
  announceAllRecords: (total) => `Showing all records: ${total}`,

  sessionDraftKept: 'What you typed in the form was kept on this device and comes back when you sign in again.',
  sessionDraftKeptDeactivated: 'What you typed in the form was kept on this device. Download it as a file, hand it to your supervisor, then remove the data from the device.',
  sessionDraftInFile: 'What you typed in the form is in that file too.',
  draftRestored: 'What you typed before you were signed out has been restored. Check it and save the record.',

  recordEditTitle: (name) => (name ? `Edit: ${name}` : 'Edit record'),
  recordViewTitle: (name) => (name ? `View: ${name}` : 'View record'),
  optionalMark: '(optional)',
  requiredMark: '(required)',
  emptyFields: (labels) => `Fields left empty: ${labels}`,

  fieldIssue: {
    required: (f) => `Fill in “${f}”`,
    tooLong: (f) => `The text in “${f}” is too long – shorten it`,
    'chars.control': (f) => `Remove control characters (such as line breaks) from “${f}”`,
    'custom.required': (f) => `Fill in “${f}”`,
    'custom.requiredChoice': (f) => `Choose an answer for “${f}”`,
    'custom.integer': (f) => `Enter a whole number in “${f}”, for example 25`,
    'custom.decimal': (f) => `Enter a number in “${f}”, for example 12.5`,
    'custom.date': (f) => `Enter a real date in “${f}” in the form 2026-11-27`,
    'custom.boolean': (f) => `Choose yes or no for “${f}”`,
    'custom.choice': (f) => `Choose an option from the list for “${f}”`,
    'custom.retired': (f) => `“${f}” has been retired – its stored value can no longer change`,
    'custom.notBound': (f) => `“${f}” does not belong to this order – the change was not saved`,
    'value.type': (f) => `The value of “${f}” must be text`,
    'value.notNormalized': (f) => `The value of “${f}” is not in its standard form – save the record again`,
  },
  fieldIssueLimit: {
    tooLong: (f, max) => `The text in “${f}” is too long – shorten it to ${charactersEn(max)} or fewer`,
  },
  commentFieldLabel: 'Comment',
  announceRefusedRecord: (label, reasons) => `The server did not accept the change to ${label}: ${reasons}`,
};
