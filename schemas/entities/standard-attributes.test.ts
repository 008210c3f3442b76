import { describe, it, expect } from 'vitest';
import { clientSchema, STANDARD_KEYS } from './client.ts';
import { STANDARD_ATTRIBUTES } from './standard-attributes.ts';

const byKey = (key: string) => STANDARD_ATTRIBUTES.find((a) => a.key === key);

describe('standard attribute catalogue', () => {
  it('lists the 21 standard keys in the order of STANDARD_KEYS', () => {
    expect(STANDARD_ATTRIBUTES).toHaveLength(21);
    expect(STANDARD_ATTRIBUTES.map((a) => a.key)).toEqual([...STANDARD_KEYS]);
  });

  it('uses the Polish labels of DESIGN.md, in its order', () => {
    expect(STANDARD_ATTRIBUTES.map((a) => a.label.pl)).toEqual([
      'NIP', 'PKD', 'REGON', 'Nazwa', 'Ulica', 'Numer', 'Kod pocztowy', 'Miejscowość', 'Województwo',
      'Firma zajmuje się', 'Strona www', 'Email', 'Tel. stacjonarny', 'Tel. komórkowy', 'Fax',
      'Poziom zatrudnienia', 'Źródło danych 1', 'Źródło danych 2', 'Źródło danych 3', 'Źródło danych 4', 'Uwagi',
    ]);
  });

  it('has a non-empty label and hint in Polish and English for every attribute', () => {
    for (const a of STANDARD_ATTRIBUTES) {
      expect(a.label.pl.trim(), a.key).not.toBe('');
      expect(a.label.en.trim(), a.key).not.toBe('');
      expect(a.hint.pl.trim(), a.key).not.toBe('');
      expect(a.hint.en.trim(), a.key).not.toBe('');
    }
  });

  it('has the maxLength of the client JSON schema for every attribute', () => {
    for (const a of STANDARD_ATTRIBUTES) expect(a.maxLength, a.key).toBe(clientSchema.properties[a.key].maxLength);
  });

  it('[V5] requires only the name', () => {
    expect(STANDARD_ATTRIBUTES.filter((a) => a.required).map((a) => a.key)).toEqual(['name']);
  });

  it('[V4] offers the voivodeship as a select and free text elsewhere, long texts in textareas', () => {
    expect(byKey('voivodeship')?.input).toBe('select');
    expect(STANDARD_ATTRIBUTES.filter((a) => a.input === 'textarea').map((a) => a.key)).toEqual(['businessActivity', 'notes']);
  });

  it('gives numbers a numeric or phone keyboard', () => {
    for (const key of ['nip', 'regon', 'postalCode']) expect(byKey(key)?.inputmode, key).toBe('numeric');
    for (const key of ['landlinePhone', 'mobilePhone', 'fax']) expect(byKey(key)?.inputmode, key).toBe('tel');
    expect(byKey('email')?.inputmode).toBe('email');
    expect(byKey('website')?.inputmode).toBe('url');
  });

  it('[V1–V5] attaches a check to every identifier and contact field', () => {
    const checked = STANDARD_ATTRIBUTES.filter((a) => a.check).map((a) => a.key);
    expect(checked).toEqual([
      'nip', 'pkd', 'regon', 'postalCode', 'voivodeship', 'website', 'email', 'landlinePhone', 'mobilePhone', 'fax',
    ]);
    expect(byKey('nip')?.check?.('526-025-02-74')).toEqual({ ok: true, value: '5260250274' });
  });
});
