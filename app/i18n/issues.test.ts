// Messages that name their field (issue 14, finding 5), with the generic text when the field is unknown.
import { describe, expect, test } from 'vitest';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { recordFieldLabel } from '../ui/custom-form.ts';
import { fieldIssueText, issueText } from './issues.ts';

const attr = (id: string, label: string, labelEn = ''): Attribute => ({
  id, label, labelEn, kind: 'integer', required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 1, updatedAt: 1, fieldTimes: {}, _deleted: false,
} as Attribute);
const attributes = new Map([['pracownicy', attr('pracownicy', 'Liczba pracowników', 'Employees')], ['oddzialy', attr('oddzialy', 'Liczba oddziałów')]]);

describe('fieldIssueText', () => {
  test('two numeric attributes give two different lines', () => {
    const lines = ['custom-pracownicy', 'custom-oddzialy'].map((f) => fieldIssueText('custom.integer', recordFieldLabel(f, attributes, 'pl'), 'pl'));
    expect(lines).toEqual(['Wpisz liczbę całkowitą w polu „Liczba pracowników”, np. 25', 'Wpisz liczbę całkowitą w polu „Liczba oddziałów”, np. 25']);
  });

  test('server texts name standard and custom fields (server paths custom:<id>), in English too', () => {
    expect(fieldIssueText('tooLong', recordFieldLabel('notes', attributes, 'pl'), 'pl')).toBe('Tekst w polu „Uwagi” jest za długi – skróć go');
    expect(fieldIssueText('chars.control', recordFieldLabel('name', attributes, 'pl'), 'pl')).toBe('Usuń znaki sterujące (np. znak nowej linii) z pola „Nazwa”');
    expect(fieldIssueText('custom.required', recordFieldLabel('custom:pracownicy', attributes, 'en'), 'en')).toBe('Fill in “Employees”');
  });

  test('an unknown field or a code without a named form falls back to the catalogue', () => {
    expect(fieldIssueText('tooLong', recordFieldLabel('custom:gone', attributes, 'pl'), 'pl')).toBe(issueText('tooLong', 'pl'));
    expect(fieldIssueText('nip.checksum', 'NIP', 'pl')).toBe(issueText('nip.checksum', 'pl'));
    expect(issueText('nip.checksum', 'pl')).toMatch(/^Nieprawidłowa cyfra kontrolna NIP\. Sprawdź, czy NIP jest przepisany bez błędu/);
    expect(fieldIssueText('toString', 'Nazwa', 'pl')).toBe(issueText('toString', 'pl'));
  });
});
