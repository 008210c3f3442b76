// A record's history as the history page shows it: Warsaw time, field labels, values in words, restorable values [H1–H4].
import { describe, expect, test } from 'vitest';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { HistoryEntry } from '../../schemas/protocol/records.ts';
import { en } from '../i18n/en.ts';
import { pl } from '../i18n/pl.ts';
import { historyProblem, historyRows, type Shown } from './history-model.ts';

/** What a screen reader hears of a value: its UI lead, then the (user) text. */
const heard = (s: Shown) => (s.lead ? `${s.lead} ${s.text}` : s.text);

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  id: '1', path: 'nip', old: '', new: '5260250274', kind: 'change', userId: 'u1', userName: 'Olek Operator', at: Date.parse('2026-03-14T23:30:00Z'), ...over,
});

const size: Attribute = {
  id: 'size', label: 'Wielkość', labelEn: 'Size', kind: 'choice', required: false, hint: '', hintEn: '',
  choices: [{ key: 'small', label: 'Mała', labelEn: 'Small', retired: false }, { key: 'big', label: 'Duża', labelEn: '', retired: false }],
  retired: false, createdBy: 'a', createdAt: 0, updatedAt: 0, fieldTimes: {},
};
const attributes = new Map([['size', size]]);

describe('historyRows', () => {
  test('[H1] time in Warsaw, the author, the Polish field label, values, and the kind in words', () => {
    const [row] = historyRows([entry({})], { lang: 'pl', words: pl, attributes, canRestore: false });
    expect(row).toMatchObject({
      id: '1', when: '15.03.2026, 00:30', whenIso: '2026-03-14T23:30:00.000Z', who: { text: 'Olek Operator', user: true },
      field: { text: 'NIP', user: false }, from: { text: '(puste)', user: false }, to: { text: '5260250274', user: true }, kind: 'zmiana', restore: null,
    });
  });

  test('[H1] custom attributes by their label (user text), choices by their label, in the UI language where given', () => {
    const rows = historyRows([entry({ path: 'custom:size', old: 'small', new: 'big' })], { lang: 'en', words: en, attributes, canRestore: false });
    expect(rows[0]).toMatchObject({ field: { text: 'Size', user: false }, from: { text: 'Small', user: false }, to: { text: 'Duża', user: true } });
    const unknown = historyRows([entry({ path: 'custom:gone', old: 3, new: true })], { lang: 'pl', words: pl, attributes, canRestore: false });
    expect(unknown[0]).toMatchObject({ field: { text: 'pole usunięte ze zlecenia', user: false }, from: { text: '3' }, to: { text: 'tak', user: false } });
  });

  test('[H1] the fixed fields of a new record are left out; a duplicate flag names the other record when the device has it', () => {
    const rows = historyRows([
      entry({ id: '1', path: 'id', old: null, new: 'r1' }),
      entry({ id: '2', path: 'orderId', old: null, new: 'o1' }),
      entry({ id: '3', path: 'ownerId', old: null, new: 'u1' }),
      entry({ id: '4', path: 'createdAt', old: null, new: 5 }),
      entry({ id: '5', path: 'duplicateOf', old: '', new: 'r0' }),
      entry({ id: '6', path: 'duplicateOf', old: 'r0', new: 'r9' }),
    ], { lang: 'pl', words: pl, attributes, canRestore: true, recordName: (id) => (id === 'r0' ? 'Piekarnia Kłos' : undefined) });
    expect(rows.map((r) => [r.id, r.field.text, r.from.text, r.to.text, r.restore])).toEqual([
      ['5', 'Możliwy duplikat rekordu', '(puste)', 'Piekarnia Kłos', null],
      ['6', 'Możliwy duplikat rekordu', 'Piekarnia Kłos', 'rekord spoza Twojego zakresu', null],
    ]);
  });

  test('[H1] a lost value, a restore, a verdict, a deletion and a removed account read in words', () => {
    const rows = historyRows([
      entry({ id: '2', kind: 'lost', path: 'mobilePhone', old: '600100200', new: '600100300' }),
      entry({ id: '3', kind: 'restore', path: 'voivodeship', old: '14', new: '10' }),
      entry({ id: '4', path: 'verification', old: { state: 'unverified' }, new: { state: 'rejected', reason: 'Zły NIP', notes: {} }, userName: '' }),
      entry({ id: '5', path: '_deleted', old: false, new: true }),
    ], { lang: 'pl', words: pl, attributes, canRestore: false });
    expect(rows.map((r) => [r.kind, r.field.text, heard(r.from), heard(r.to), r.who.text])).toEqual([
      ['wartość, która przegrała konflikt', 'Tel. komórkowy', '600100200', '600100300', 'Olek Operator'],
      ['przywrócenie', 'Województwo', 'mazowieckie', 'łódzkie', 'Olek Operator'],
      ['zmiana', 'Weryfikacja', 'Niezweryfikowany', 'Odrzucony: Zły NIP', 'Konto usunięte'],
      ['zmiana', 'Usunięcie rekordu', 'nie', 'tak', 'Olek Operator'],
    ]);
  });

  test('[H3] with the right to restore: a change offers its old value, a lost value itself; never an empty value, a verdict or a deletion', () => {
    const rows = historyRows([
      entry({ id: '1', path: 'nip', old: '', new: '5260250274' }),
      entry({ id: '2', path: 'nip', old: '5260250274', new: '7740001454' }),
      entry({ id: '3', kind: 'lost', path: 'city', old: 'Łódź', new: 'Lodz' }),
      entry({ id: '4', path: 'verification', old: { state: 'rejected', reason: 'x' }, new: { state: 'approved', reason: '' } }),
      entry({ id: '5', path: '_deleted', old: false, new: true }),
      entry({ id: '6', path: 'custom:size', old: 'small', new: 'big' }),
    ], { lang: 'pl', words: pl, attributes, canRestore: true });
    expect(rows.map((r) => r.restore)).toEqual([
      null,
      { which: 'old', label: 'Przywróć „5260250274”', value: '5260250274' },
      { which: 'new', label: 'Przywróć „Lodz”', value: 'Lodz' },
      null,
      null,
      { which: 'old', label: 'Przywróć „Mała”', value: 'Mała' },
    ]);
    expect(historyRows([entry({ id: '2', path: 'nip', old: '5260250274', new: '7740001454' })], { lang: 'pl', words: pl, attributes, canRestore: false })[0]!.restore).toBeNull();
  });
});

describe('historyProblem', () => {
  test('offline, not found and anything else are told apart', () => {
    expect(historyProblem({ offline: true, status: undefined })).toBe('offline');
    expect(historyProblem({ offline: false, status: 404 })).toBe('notFound');
    expect(historyProblem({ offline: false, status: 500 })).toBe('failed');
  });
});
