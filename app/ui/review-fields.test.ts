// The fields the review screen lists and the reject form offers notes on.
import { describe, expect, test } from 'vitest';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { emptyClient, STANDARD_KEYS } from '../../schemas/entities/client.ts';
import { fieldLabel, reviewFields } from './review-fields.ts';

const attribute = (id: string, kind: Attribute['kind'], label: string, more: Partial<Attribute> = {}): Attribute => ({
  id, label, labelEn: '', kind, required: false, hint: '', hintEn: '', choices: [], retired: false, createdBy: '', createdAt: 1, updatedAt: 1, fieldTimes: {}, ...more,
});
const attributes = new Map([
  ['kontakt', attribute('kontakt', 'text', 'Osoba kontaktowa', { labelEn: 'Contact person' })],
  ['sklep', attribute('sklep', 'boolean', 'Ma sklep firmowy')],
  ['rodzaj', attribute('rodzaj', 'choice', 'Rodzaj', { choices: [{ key: 'hurt', label: 'Hurtownia', labelEn: 'Wholesale', retired: false }] })],
  ['stary', attribute('stary', 'text', 'Stary kod', { retired: true })],
]);
const record = {
  ...emptyClient({ id: 'c', orderId: 'o', ownerId: 'u', now: 1 }),
  name: 'Piekarnia', nip: '5260250274', voivodeship: '10', custom: { kontakt: 'Jan', sklep: false, rodzaj: 'hurt', stary: 'K-1' },
};
const words = { yes: 'Tak', no: 'Nie' };

describe('reviewFields', () => {
  const fields = reviewFields(record, ['kontakt', 'sklep', 'rodzaj', 'stary'], attributes, 'pl', words);

  test('every standard attribute in catalogue order, then the custom ones of the order, then retired ones holding a value', () => {
    expect(fields.map((f) => f.path)).toEqual([...STANDARD_KEYS, 'custom:kontakt', 'custom:sklep', 'custom:rodzaj', 'custom:stary']);
  });

  test('values as a reader sees them: voivodeship names, yes/no words, option labels; empty stays empty', () => {
    const value = (path: string) => fields.find((f) => f.path === path)?.value;
    expect(value('nip')).toBe('5260250274');
    expect(value('voivodeship')).toBe('łódzkie');
    expect(value('city')).toBe('');
    expect(value('custom:sklep')).toBe('Nie');
    expect(value('custom:rodzaj')).toBe('Hurtownia');
    expect(value('custom:stary')).toBe('K-1');
  });

  test('labels in the UI language with the language they are in (a custom label without English stays Polish)', () => {
    const en = reviewFields(record, ['kontakt', 'sklep'], attributes, 'en', words);
    expect(en.find((f) => f.path === 'nip')).toMatchObject({ label: 'NIP (tax ID)', labelLang: 'en' });
    expect(en.find((f) => f.path === 'custom:kontakt')).toMatchObject({ label: 'Contact person', labelLang: 'en' });
    expect(en.find((f) => f.path === 'custom:sklep')).toMatchObject({ label: 'Ma sklep firmowy', labelLang: 'pl' });
  });
});

describe('fieldLabel', () => {
  test('a note path named by its field label; an unknown attribute by its path', () => {
    expect(fieldLabel('nip', attributes, 'pl').label).toBe('NIP');
    expect(fieldLabel('custom:kontakt', attributes, 'en').label).toBe('Contact person');
    expect(fieldLabel('custom:gone', attributes, 'pl').label).toBe('custom:gone');
  });
});
