// A failed local save in words: a record too large to send says what to do, in Polish and in English [S10].
import { afterEach, expect, test, vi } from 'vitest';
import { DocumentTooLargeError } from '../local-db/document-size.ts';

// The language module keeps <html lang> in step: the page's element, here a stand-in (these tests run in Node).
vi.stubGlobal('document', { documentElement: { lang: '' } });
const { setLang } = await import('../i18n/i18n.ts');
const { problemsFromError } = await import('./form-problems.ts');

afterEach(() => setLang('pl'));

test('[S10] a record too large to send is explained, and what to shorten named, in both languages', () => {
  expect(problemsFromError(new DocumentTooLargeError())).toEqual([
    { message: 'Rekord jest za duży, by go wysłać – skróć najdłuższe pola (uwagi, atrybuty) i zapisz go ponownie' },
  ]);
  setLang('en');
  expect(problemsFromError(new DocumentTooLargeError())).toEqual([
    { message: 'The record is too large to send – shorten its longest fields (notes, attributes) and save it again' },
  ]);
});
