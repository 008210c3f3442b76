import { describe, it, expect } from 'vitest';
import { emptyClient, STANDARD_KEYS } from './client.ts';
import { message, MESSAGES } from './messages.ts';
import { checkClientDocument, normalizeClientFields } from './validate-client.ts';

const stored = () => ({
  ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'u1', now: 1 }),
  name: 'Zakłady Mięsne Sp. z o.o.',
});

describe('normalizeClientFields', () => {
  it('[V1–V5] trims and stores every field in its normalised form', () => {
    const { values, issues } = normalizeClientFields({
      nip: 'PL 526-025-02-74', pkd: '1011z', regon: '123 456 785', name: '  Zakłady Mięsne  ',
      postalCode: '00950', voivodeship: 'Mazowieckie', website: 'www.firma.pl', email: 'Biuro@Firma.PL',
      mobilePhone: '600-123-456', notes: ' linia 1\r\nlinia 2\t! ',
    });
    expect(issues).toEqual([]);
    expect(values).toMatchObject({
      nip: '5260250274', pkd: '10.11.Z', regon: '123456785', name: 'Zakłady Mięsne', postalCode: '00-950',
      voivodeship: '14', website: 'https://www.firma.pl', email: 'Biuro@firma.pl', mobilePhone: '+48 600 123 456',
      notes: 'linia 1\nlinia 2\t!', street: '', city: '',
    });
    expect(Object.keys(values)).toEqual([...STANDARD_KEYS]);
  });

  it('[V5] every field may stay empty except the name', () => {
    const { values, issues } = normalizeClientFields({ name: '   ' });
    expect(issues).toEqual([{ field: 'name', code: 'name.required' }]);
    expect(Object.values(values).every((v) => v.trim() === '')).toBe(true);
  });

  it('[V1] keeps the text as typed for a field with an issue, so the form never clears it', () => {
    const { values, issues } = normalizeClientFields({ name: 'Firma', nip: ' 526-025-02-75 ', postalCode: '0095' });
    expect(issues).toEqual([
      { field: 'nip', code: 'nip.checksum' },
      { field: 'postalCode', code: 'postalCode.format' },
    ]);
    expect(values.nip).toBe(' 526-025-02-75 ');
    expect(values.postalCode).toBe('0095');
  });

  it('rejects control characters, but allows line breaks and tabs in textareas', () => {
    const { issues } = normalizeClientFields({
      name: 'Firma\u0000', city: 'War\nszawa', street: 'Długa\u0085', notes: 'a\nb\tc', businessActivity: 'x\u0007',
    });
    expect(issues).toEqual([
      { field: 'name', code: 'chars.control' },
      { field: 'street', code: 'chars.control' },
      { field: 'city', code: 'chars.control' },
      { field: 'businessActivity', code: 'chars.control' },
    ]);
  });

  it('rejects bidi override characters that make a name read differently from what is stored', () => {
    const { issues } = normalizeClientFields({ name: 'Firma \u202Egp.lzcip' });
    expect(issues).toEqual([{ field: 'name', code: 'chars.control' }]);
  });

  it('rejects text longer than the schema allows, counting code points', () => {
    expect(normalizeClientFields({ name: 'x'.repeat(300) }).issues).toEqual([]);
    expect(normalizeClientFields({ name: 'x'.repeat(301) }).issues).toEqual([{ field: 'name', code: 'tooLong' }]);
    // 300 emoji are 600 UTF-16 units but 300 characters for JSON Schema.
    expect(normalizeClientFields({ name: '🐄'.repeat(300) }).issues).toEqual([]);
  });

  it('stores text in Unicode NFC so the same name typed on different devices compares equal', () => {
    const decomposed = 'Zakłady Mie\u0328sne';
    expect(normalizeClientFields({ name: decomposed }).values.name).toBe('Zakłady Mięsne');
  });

  it('every issue code it returns has a message', () => {
    const { issues } = normalizeClientFields({
      nip: 'x', pkd: 'x', regon: '1', postalCode: 'x', voivodeship: 'x', website: 'x', email: 'x',
      landlinePhone: 'x', street: '\u0001', city: 'x'.repeat(101),
    });
    expect(issues).toHaveLength(11);
    for (const issue of issues) expect(MESSAGES[issue.code], issue.code).toBeDefined();
  });
});

describe('checkClientDocument', () => {
  it('[S10] accepts a document whose standard fields are all in stored form', () => {
    const doc = { ...stored(), nip: '5260250274', pkd: '10.11.Z', voivodeship: '14', mobilePhone: '+48 600 123 456' };
    expect(checkClientDocument(doc)).toEqual([]);
  });

  it('[S10] accepts exactly what normalizeClientFields produces', () => {
    const { values } = normalizeClientFields({ name: ' Firma ', nip: '526 025 02 74', website: 'firma.pl', fax: '(22) 123 45 68' });
    expect(checkClientDocument({ ...stored(), ...values })).toEqual([]);
  });

  it('[S10][V1] refuses values that are valid but not normalised', () => {
    const doc = { ...stored(), nip: '526-025-02-74', voivodeship: 'mazowieckie', name: ' Firma ' };
    expect(checkClientDocument(doc)).toEqual([
      { field: 'nip', code: 'value.notNormalized' },
      { field: 'name', code: 'value.notNormalized' },
      { field: 'voivodeship', code: 'value.notNormalized' },
    ]);
  });

  it('[S10][V5] refuses an empty name, invalid values and unknown voivodeship codes', () => {
    const doc = { ...stored(), name: '', regon: '123456786', voivodeship: '99' };
    expect(checkClientDocument(doc)).toEqual([
      { field: 'regon', code: 'regon.checksum' },
      { field: 'name', code: 'name.required' },
      { field: 'voivodeship', code: 'voivodeship.unknown' },
    ]);
  });

  it('[S10] refuses non-text fields and non-objects without throwing', () => {
    expect(checkClientDocument({ ...stored(), nip: 5260250274 })).toEqual([{ field: 'nip', code: 'value.type' }]);
    for (const doc of [null, undefined, 'x', 1, []]) {
      expect(checkClientDocument(doc)).toEqual([{ field: '', code: 'document.invalid' }]);
    }
  });
});

describe('message', () => {
  it('gives the text of a code in Polish and English', () => {
    expect(message('nip.length', 'pl')).toBe('NIP musi mieć 10 cyfr');
    expect(message('nip.length', 'en')).toBe('NIP must have 10 digits');
    expect(message('name.required', 'pl')).toBe('Wpisz nazwę firmy');
  });

  it('falls back to a generic text for unknown codes, including prototype names', () => {
    expect(message('no.such.code', 'pl')).toBe('Sprawdź wartość tego pola');
    expect(message('toString', 'en')).toBe('Check the value of this field');
  });

  it('has both languages for every code', () => {
    for (const [code, text] of Object.entries(MESSAGES)) {
      expect(text.pl.trim(), code).not.toBe('');
      expect(text.en.trim(), code).not.toBe('');
    }
  });
});
