// The export's row mapping and Excel rules [X1–X4]: every attribute kind, custom attributes (retired,
// unbound), missing values, Polish characters, formula triggers, identifiers as text, dates as dates.
import { describe, expect, test } from 'vitest';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import { customColumns, exportColumns, rowCells, warsawTime, type ExportSetup } from './columns.ts';
import { exportFileName, neutralise, sheetName } from './safe-text.ts';

const attr = (id: string, kind: Attribute['kind'], more: Partial<Attribute> = {}): Attribute => ({
  id, label: `Etykieta ${id}`, labelEn: `Label ${id}`, kind, required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 0, updatedAt: 0, fieldTimes: {}, ...more,
});
const choices = [
  { key: 'wol', label: 'Wołowina', labelEn: 'Beef', retired: false },
  { key: 'drob', label: 'Drób', labelEn: 'Poultry', retired: true },
];
const ALL_KINDS: Attribute[] = [
  attr('t', 'text'), attr('lt', 'longText'), attr('i', 'integer'), attr('d', 'decimal'), attr('dt', 'date'), attr('b', 'boolean'),
  attr('c', 'choice', { choices }), attr('mc', 'multiChoice', { choices }), attr('e', 'email'), attr('p', 'phone'), attr('u', 'url'),
];
const texts: ExportSetup['texts'] = {
  status: { unverified: 'Niezweryfikowany', approved: 'Zatwierdzony', rejected: 'Odrzucony', corrected: 'Poprawiony' },
  statusColumn: 'Status', reason: 'Powód odrzucenia', notes: 'Uwagi weryfikatora do pól', verifier: 'Weryfikator', operator: 'Operator',
  created: 'Dodano', updated: 'Ostatnia zmiana', comments: 'Komentarze', yes: 'Tak', no: 'Nie',
};
const setup = (custom: Attribute[] = ALL_KINDS, lang: 'pl' | 'en' = 'pl'): ExportSetup => ({
  lang, texts, custom, people: { op1: 'Łucja Żółkiewska', ver1: 'Wanda Weryfikatorka' },
});
const CREATED = Date.UTC(2026, 6, 1, 10, 30); // 12:30 in Warsaw (summer time)
const record = (patch: Partial<Client> = {}): Client => ({
  ...emptyClient({ id: 'r1', orderId: 'o1', ownerId: 'op1', now: CREATED }),
  updatedAt: Date.UTC(2026, 11, 2, 10, 0), // 11:00 in Warsaw (winter time)
  ...patch,
});
const STD = STANDARD_ATTRIBUTES.length;
const cellOf = (cells: unknown[], key: string) => cells[STANDARD_ATTRIBUTES.findIndex((a) => a.key === key)];

describe('columns [X4]', () => {
  test('[X4] header: standard attributes in catalogue order, custom ones, then status, reason, field notes, verifier, operator, times, comments', () => {
    const headers = exportColumns(setup([attr('t', 'text')])).map((c) => c.header);
    expect(headers.slice(0, STD)).toEqual(STANDARD_ATTRIBUTES.map((a) => a.label.pl));
    expect(headers.slice(0, 3)).toEqual(['NIP', 'PKD', 'REGON']);
    expect(headers.slice(STD)).toEqual([
      'Etykieta t', 'Status', 'Powód odrzucenia', 'Uwagi weryfikatora do pól', 'Weryfikator', 'Operator', 'Dodano', 'Ostatnia zmiana', 'Komentarze',
    ]);
  });

  test('[X4] English UI: English labels, the Polish one where no English label is set', () => {
    const headers = exportColumns(setup([attr('t', 'text'), attr('x', 'text', { labelEn: '' })], 'en')).map((c) => c.header);
    expect(headers[0]).toBe('NIP (tax ID)');
    expect(headers.slice(STD, STD + 2)).toEqual(['Label t', 'Etykieta x']);
  });

  test('[X4] column kinds: numbers for integer/decimal, dates for date attributes, times for created/changed, else text', () => {
    const kinds = exportColumns(setup()).map((c) => c.kind);
    expect(kinds.slice(0, STD).every((k) => k === 'text')).toBe(true);
    expect(kinds.slice(STD, STD + ALL_KINDS.length)).toEqual(['text', 'text', 'number', 'number', 'date', 'text', 'text', 'text', 'text', 'text', 'text']);
    expect(kinds.slice(-8)).toEqual(['text', 'text', 'text', 'text', 'text', 'datetime', 'datetime', 'number']);
  });

  test('[X4] custom columns: bound ones in the order\'s order; retired only with data; unbound only with data', () => {
    const byId = new Map([attr('a', 'text'), attr('r', 'text', { retired: true }), attr('r2', 'text', { retired: true }), attr('gone', 'text'), attr('never', 'text')].map((a) => [a.id, a]));
    const records: Pick<Client, 'custom'>[] = [{ custom: { r: 'stare', r2: '' } }, { custom: { gone: 'z dawnego wiązania', unknown: 'x' } }];
    expect(customColumns(['r2', 'r', 'a', 'missing'], byId, records).map((a) => a.id)).toEqual(['r', 'a', 'gone']);
    expect(customColumns(['r', 'a'], byId, []).map((a) => a.id)).toEqual(['a']);
  });
});

describe('cells [X1]', () => {
  test('[X1] every attribute kind: numbers as numbers, dates as dates, yes/no and option labels as words', () => {
    const cells = rowCells(
      record({
        custom: {
          t: 'Zażółć gęślą jaźń', lt: 'Wiersz 1\nWiersz 2', i: 1234, d: 12.5, dt: '2026-03-09', b: true,
          c: 'drob', mc: ['wol', 'drob'], e: 'biuro@firma.pl', p: '+48 600 123 456', u: 'https://firma.pl',
        },
      }),
      setup(),
    ).slice(STD, STD + ALL_KINDS.length);
    expect(cells).toEqual([
      'Zażółć gęślą jaźń', 'Wiersz 1\nWiersz 2', 1234, 12.5, new Date(Date.UTC(2026, 2, 9)), 'Tak',
      'Drób', 'Wołowina, Drób', 'biuro@firma.pl', "'+48 600 123 456", 'https://firma.pl',
    ]);
    expect(rowCells(record({ custom: { b: false, c: 'wol' } }), setup(ALL_KINDS, 'en')).slice(STD + 5, STD + 7)).toEqual(['Nie', 'Beef']);
  });

  test('[X1] missing values are empty cells, never "undefined", "null" or 0', () => {
    const cells = rowCells(record(), setup());
    expect(cells.slice(0, STD + ALL_KINDS.length).every((c) => c === null)).toBe(true);
    expect(rowCells(record({ custom: { i: '', mc: [], t: '' } }), setup()).slice(STD, STD + 3)).toEqual([null, null, null]);
  });

  test('[X1] identifiers stay text with their leading zeros; the voivodeship is its name', () => {
    const cells = rowCells(record({ nip: '0123456789', regon: '012345678', postalCode: '00-950', voivodeship: '02', pkd: '01.11.Z' }), setup());
    expect([cellOf(cells, 'nip'), cellOf(cells, 'regon'), cellOf(cells, 'postalCode'), cellOf(cells, 'pkd')]).toEqual(['0123456789', '012345678', '00-950', '01.11.Z']);
    expect(cellOf(cells, 'voivodeship')).toBe('dolnośląskie');
  });

  test('[X1] formula triggers = + - @ tab CR are neutralised with a leading apostrophe, in standard and custom fields', () => {
    const hostile = ['=HYPERLINK("http://x","klik")', '+SUM(1,2)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1)', '\t=1+1', '\r=1+1', '=cmd|\'/c calc\'!A1'];
    for (const value of hostile) {
      const cells = rowCells(record({ name: value, notes: value, custom: { t: value, lt: value } }), setup());
      expect([cellOf(cells, 'name'), cellOf(cells, 'notes'), cells[STD], cells[STD + 1]]).toEqual(Array(4).fill(`'${value}`));
    }
    expect(neutralise('Zakład = dobry')).toBe('Zakład = dobry');
    expect(neutralise('+48 600 123 456')).toBe("'+48 600 123 456"); // no exception for phone numbers [X1]
    expect(neutralise('+48 600 =1')).toBe("'+48 600 =1");
  });

  test('[X1] a formula-like custom attribute label is neutralised in the header too', () => {
    expect(exportColumns(setup([attr('x', 'text', { label: '=1+1', labelEn: '' })]))[STD]!.header).toBe("'=1+1");
  });

  test('[X4] status in words, the reason, field notes by label, verifier and operator by name, Warsaw times, comment count', () => {
    const notes = { nip: '=należy do innej firmy', 'custom:t': 'brak', 'custom:gone': 'x' };
    const rejected = { ...record({ verification: { state: 'rejected', reason: '-brak NIP', verifierId: 'ver1', at: CREATED, notes } }), comments: 3 };
    const cells = rowCells(rejected, setup());
    expect(cells.slice(-8)).toEqual([
      'Odrzucony', "'-brak NIP", "NIP: =należy do innej firmy; Etykieta t: brak; custom:gone: x", 'Wanda Weryfikatorka', 'Łucja Żółkiewska',
      new Date(Date.UTC(2026, 6, 1, 12, 30)), new Date(Date.UTC(2026, 11, 2, 11, 0)), 3,
    ]);
    const unverified = rowCells(record({ ownerId: 'someone-unknown' }), setup());
    expect(unverified.slice(-8, -3)).toEqual(['Niezweryfikowany', null, null, null, 'someone-unknown']);
    expect(unverified.at(-1)).toBeNull(); // no comments: an empty cell, not 0
    expect(warsawTime(0)).toBeNull();
  });

  test('[X1] a notes cell that would start with a formula trigger (a custom label "=Cena") is neutralised', () => {
    const priced = attr('cena', 'text', { label: '=Cena', labelEn: '' });
    const verification = { state: 'rejected' as const, reason: 'r', verifierId: 'ver1', at: 1, notes: { 'custom:cena': '+48 zły' } };
    expect(rowCells(record({ verification }), setup([priced])).at(-6)).toBe("'=Cena: +48 zły");
    const none = rowCells(record({ verification: { ...verification, notes: {} } }), setup([priced]));
    expect(none.at(-6)).toBeNull();
  });
});

describe('names [X2, X3]', () => {
  test('[X2] sheet names: forbidden characters replaced, at most 31 characters, unique, never empty or History', () => {
    expect(sheetName('Zakłady: [mięsne]/łódzkie*?\\', [], 'Zlecenie')).toBe('Zakłady mięsne łódzkie');
    const long = sheetName('Bardzo długa nazwa zlecenia dla firm mięsnych z Łodzi', [], 'Zlecenie');
    expect(Array.from(long).length).toBeLessThanOrEqual(31);
    expect(sheetName("'Raport'", [], 'Zlecenie')).toBe('Raport');
    expect(sheetName('', [], 'Zlecenie')).toBe('Zlecenie');
    expect(sheetName('history', [], 'Zlecenie')).toBe('Zlecenie');
    expect(sheetName('Informacje o eksporcie', ['informacje o eksporcie'], 'Zlecenie')).toBe('Informacje o eksporcie (2)');
    expect(Array.from(sheetName('x'.repeat(40), ['x'.repeat(31)], 'Z')).length).toBe(31);
    expect(sheetName('😀'.repeat(40), [], 'Z')).toBe('😀'.repeat(31));
  });

  test('[X3] file names: <order>-<date>.xlsx with no reserved characters, device names or trailing dots', () => {
    expect(exportFileName('Zakłady mięsne – łódzkie', '2026-12-02', 'Zlecenie')).toBe('Zakłady mięsne – łódzkie-2026-12-02.xlsx');
    expect(exportFileName('a<b>c:d"e/f\\g|h?i*j\u0001', '2026-12-02', 'Z')).toBe('a_b_c_d_e_f_g_h_i_j_-2026-12-02.xlsx');
    expect(exportFileName('CON', '2026-12-02', 'Z')).toBe('CON_-2026-12-02.xlsx');
    expect(exportFileName('...ukryty. ', '2026-12-02', 'Z')).toBe('ukryty-2026-12-02.xlsx');
    expect(exportFileName('   ', '2026-12-02', 'Zlecenie')).toBe('Zlecenie-2026-12-02.xlsx');
    expect(exportFileName('x'.repeat(300), '2026-12-02', 'Z')).toBe(`${'x'.repeat(100)}-2026-12-02.xlsx`);
  });
});
