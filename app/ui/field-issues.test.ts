// Server issues in words (issue 14, finding 5): each names its field by its label, a custom attribute
// by its own name (Polish user text, marked for the voice), and a limit says what to do.
import { describe, expect, test } from 'vitest';
import { ATTRIBUTE_LABEL_MAX, type Attribute } from '../../schemas/entities/attribute.ts';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import { CUSTOM_LONG_TEXT_MAX, CUSTOM_TEXT_MAX } from '../../schemas/entities/custom-values.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import { issueText } from '../i18n/issues.ts';
import { fieldLimit, serverIssueProblems, serverIssueMessage } from './field-issues.ts';

const attr = (id: string, label: string, more: Partial<Attribute> = {}): Attribute => ({
  id, label, labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 1, updatedAt: 1, fieldTimes: {}, ...more,
});
const attributes = new Map([
  ['opis', attr('opis', 'Opis działalności')],
  ['historia', attr('historia', 'Historia firmy', { kind: 'longText', labelEn: 'Company history' })],
  ['pracownicy', attr('pracownicy', 'Liczba pracowników', { kind: 'integer' })],
]);
const nameMax = STANDARD_ATTRIBUTES.find((a) => a.key === 'name')!.maxLength;

describe('fieldLimit: every limit from the shared schemas', () => {
  test('standard, custom (by kind), order, attribute and comment fields', () => {
    expect(fieldLimit('clients', 'name', attributes)).toBe(nameMax);
    expect(fieldLimit('clients', 'custom:opis', attributes)).toBe(CUSTOM_TEXT_MAX);
    expect(fieldLimit('clients', 'custom:historia', attributes)).toBe(CUSTOM_LONG_TEXT_MAX);
    expect(fieldLimit('orders', 'instructions', attributes)).toBe(orderSchema.properties.instructions.maxLength);
    expect(fieldLimit('attributes', 'label', attributes)).toBe(ATTRIBUTE_LABEL_MAX);
    expect(fieldLimit('comments', 'text', attributes)).toBe(COMMENT_MAX_LENGTH);
  });

  test('no length limit for a number, an unknown attribute or a path that is no text', () => {
    expect(fieldLimit('clients', 'custom:pracownicy', attributes)).toBeUndefined();
    expect(fieldLimit('clients', 'custom:gone', attributes)).toBeUndefined();
    expect(fieldLimit('clients', 'verification', attributes)).toBeUndefined();
    expect(fieldLimit('clients', 'toString', attributes)).toBeUndefined();
  });
});

describe('serverIssueMessage', () => {
  test('"Tekst jest za długi" names a standard field and says how short, in Polish and English', () => {
    const pl = serverIssueMessage('clients', { field: 'name', code: 'tooLong' }, attributes, 'pl');
    expect(pl.text).toBe(`Tekst w polu „Nazwa” jest za długi – skróć go do ${nameMax} znaków`);
    // A UI label: nothing to mark for the voice.
    expect(pl.values).toEqual([]);
    expect(pl.template(...pl.values)).toBe(pl.text);
    expect(serverIssueMessage('clients', { field: 'name', code: 'tooLong' }, attributes, 'en').text)
      .toBe(`The text in “Name” is too long – shorten it to ${nameMax} characters or fewer`);
  });

  test('a custom attribute is named by its own name, which is user text (lang="pl" in the English UI)', () => {
    const en = serverIssueMessage('clients', { field: 'custom:opis', code: 'tooLong' }, attributes, 'en');
    expect(en.text).toBe(`The text in “Opis działalności” is too long – shorten it to ${CUSTOM_TEXT_MAX} characters or fewer`);
    expect(en.values).toEqual(['Opis działalności']);
    expect(en.template('\u0001')).toBe(`The text in “\u0001” is too long – shorten it to ${CUSTOM_TEXT_MAX} characters or fewer`);
    // Its English label, when it has one, is no Polish text.
    const history = serverIssueMessage('clients', { field: 'custom:historia', code: 'tooLong' }, attributes, 'en');
    // Numbers as the UI language writes them.
    expect(CUSTOM_LONG_TEXT_MAX).toBe(5000);
    expect(history.text).toBe('The text in “Company history” is too long – shorten it to 5,000 characters or fewer');
    expect(serverIssueMessage('clients', { field: 'custom:historia', code: 'tooLong' }, attributes, 'pl').text)
      .toBe('Tekst w polu „Company history” jest za długi – skróć go do 5000 znaków'.replace('Company history', 'Historia firmy'));
    expect(history.values).toEqual([]);
    expect(serverIssueMessage('clients', { field: 'custom:pracownicy', code: 'custom.integer' }, attributes, 'pl').text)
      .toBe('Wpisz liczbę całkowitą w polu „Liczba pracowników”, np. 25');
  });

  test('"…z tego pola" names its field; orders, attributes and comments name theirs', () => {
    expect(serverIssueMessage('clients', { field: 'notes', code: 'chars.control' }, attributes, 'pl').text)
      .toBe('Usuń znaki sterujące (np. znak nowej linii) z pola „Uwagi”');
    expect(serverIssueMessage('orders', { field: 'name', code: 'tooLong' }, attributes, 'pl').text)
      .toBe(`Tekst w polu „Nazwa zlecenia” jest za długi – skróć go do ${orderSchema.properties.name.maxLength} znaków`);
    expect(serverIssueMessage('orders', { field: 'area', code: 'tooLong' }, attributes, 'pl').text)
      .toBe(`Tekst w polu „Powiat / miasto” jest za długi – skróć go do ${orderSchema.properties.area.maxLength} znaków`);
    expect(serverIssueMessage('attributes', { field: 'label', code: 'tooLong' }, attributes, 'en').text)
      .toBe(`The text in “Label” is too long – shorten it to ${ATTRIBUTE_LABEL_MAX} characters or fewer`);
    expect(serverIssueMessage('comments', { field: 'text', code: 'tooLong' }, attributes, 'pl').text)
      .toBe(`Tekst w polu „Komentarz” jest za długi – skróć go do ${COMMENT_MAX_LENGTH} znaków`);
  });

  test('an unknown field, a document-level issue or a code without a named form keep the catalogue text', () => {
    for (const issue of [{ field: 'custom:gone', code: 'tooLong' }, { field: '', code: 'document.invalid' }, { field: 'toString', code: 'tooLong' }]) {
      const message = serverIssueMessage('clients', issue, attributes, 'pl');
      expect(message.text).toBe(issueText(issue.code, 'pl'));
      expect(message.values).toEqual([]);
    }
    expect(serverIssueMessage('clients', { field: 'nip', code: 'nip.checksum' }, attributes, 'pl').text).toBe(issueText('nip.checksum', 'pl'));
    expect(serverIssueMessage('assignments', { field: 'userId', code: 'tooLong' }, attributes, 'pl').text).toBe(issueText('tooLong', 'pl'));
  });
});

describe('serverIssueProblems: the error summary lines of a server answer', () => {
  const issues = [{ field: 'custom:opis', code: 'tooLong' }, { field: 'notes', code: 'chars.control' }];

  test('a restore the server refuses names the record fields and links those the form has', () => {
    expect(serverIssueProblems(issues, { notes: 'notes' }, { collection: 'clients', attributes }, 'pl')).toEqual([
      { field: undefined, message: `Tekst w polu „Opis działalności” jest za długi – skróć go do ${CUSTOM_TEXT_MAX} znaków` },
      { field: 'notes', message: 'Usuń znaki sterujące (np. znak nowej linii) z pola „Uwagi”' },
    ]);
  });

  test('without saying which collection, the catalogue texts stay (a user form names its own fields)', () => {
    expect(serverIssueProblems(issues, {}, undefined, 'pl').map((p) => p.message)).toEqual([issueText('tooLong', 'pl'), issueText('chars.control', 'pl')]);
  });
});
