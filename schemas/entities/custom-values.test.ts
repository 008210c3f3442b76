// Values of custom attributes, every kind: what typed text becomes, what is refused and why, and the
// server's check of a record's `custom` map [V6, S10].
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ATTRIBUTE_KINDS, hasChoices, type Attribute, type AttributeChoice, type AttributeKind } from './attribute.ts';
import {
  CUSTOM_LONG_TEXT_MAX, CUSTOM_TEXT_MAX, checkCustomValues, isEmptyValue, normalizeCustomValue, typedFromStored, type TypedValue,
} from './custom-values.ts';
import { MESSAGES } from './messages.ts';

const CHOICES: AttributeChoice[] = [
  { key: 'wedliny', label: 'Wędliny', labelEn: 'Cold cuts', retired: false },
  { key: 'drob', label: 'Drób', labelEn: 'Poultry', retired: false },
  { key: 'dawne', label: 'Dawna kategoria', labelEn: '', retired: true },
];

function attr(kind: AttributeKind, fields: Partial<Attribute> = {}): Attribute {
  return {
    id: `a-${kind}`, label: `Pole ${kind}`, labelEn: '', kind, required: false, hint: '', hintEn: '',
    choices: hasChoices(kind) ? CHOICES : [], retired: false, createdBy: 'u1', createdAt: 0, updatedAt: 0, fieldTimes: {},
    ...fields,
  };
}

const accepted = (value: unknown) => ({ ok: true, value });
const refused = (code: string) => ({ ok: false, code });

/** Typed text → stored value, per kind [V6]. */
const ACCEPTED: Record<AttributeKind, [TypedValue, unknown][]> = {
  text: [['Zakłady Mięsne', 'Zakłady Mięsne'], ['  z odstępami  ', 'z odstępami'], ['e\u0301', 'é'], ['42', '42']],
  longText: [[' linia 1\r\nlinia 2\tkoniec ', 'linia 1\nlinia 2\tkoniec'], ['a\rb', 'a\nb']],
  integer: [['1 234', 1234], ['1\u00A0234', 1234], ['-5', -5], [' 42 ', 42], ['0007', 7], ['999 999 999 999 999', 999_999_999_999_999]],
  decimal: [['12,5', 12.5], ['12.5', 12.5], ['1 234,56', 1234.56], ['-0,5', -0.5], ['7', 7], ['0,000001', 0.000001]],
  date: [['2026-11-27', '2026-11-27'], ['2024-02-29', '2024-02-29'], [' 2026-01-01 ', '2026-01-01']],
  boolean: [[true, true], [false, false]],
  choice: [['wedliny', 'wedliny'], [' drob ', 'drob']],
  multiChoice: [[['wedliny', 'drob'], ['wedliny', 'drob']], [['drob', 'drob'], ['drob']], ['wedliny', ['wedliny']]],
  // Like the standard fields (contact.ts) [V5].
  email: [[' Biuro@FIRMA.pl ', 'Biuro@firma.pl'], ['mailto:biuro@firma.pl', 'biuro@firma.pl']],
  phone: [['600 123 456', '+48 600 123 456'], ['(22) 123-45-67', '+48 221 234 567'], ['0048600123456', '+48 600 123 456'],
    ['+44 20 7946 0958', '+442079460958']],
  url: [['firma.pl', 'https://firma.pl'], ['HTTP://WWW.Firma.PL/Sklep', 'http://www.firma.pl/Sklep']],
};

/** Typed text → the code of its problem, per kind. */
const REFUSED: Record<AttributeKind, [TypedValue, string][]> = {
  text: [['x'.repeat(CUSTOM_TEXT_MAX + 1), 'tooLong'], [true, 'value.type'], [['a'], 'value.type']],
  longText: [['x'.repeat(CUSTOM_LONG_TEXT_MAX + 1), 'tooLong'], [false, 'value.type']],
  integer: [['12,5', 'custom.integer'], ['1e3', 'custom.integer'], ['dwa', 'custom.integer'], ['1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6', 'custom.integer'],
    ['0x10', 'custom.integer'], ['--1', 'custom.integer'], ['Infinity', 'custom.integer']],
  decimal: [['1,2,3', 'custom.decimal'], ['1.234,5', 'custom.decimal'], ['12,1234567', 'custom.decimal'], [',5', 'custom.decimal'],
    ['NaN', 'custom.decimal'], ['Infinity', 'custom.decimal'], ['1e3', 'custom.decimal']],
  date: [['2026-02-30', 'custom.date'], ['2025-02-29', 'custom.date'], ['2026-13-01', 'custom.date'], ['2026-00-10', 'custom.date'],
    ['27.11.2026', 'custom.date'], ['2026-1-5', 'custom.date'], ['2026-11-27T10:00', 'custom.date']],
  boolean: [['tak', 'custom.boolean'], ['true', 'custom.boolean'], ['0', 'custom.boolean']],
  // An option is chosen by its key, never by its label; a retired one is no longer offered.
  choice: [['Wędliny', 'custom.choice'], ['nieznana', 'custom.choice'], ['dawne', 'custom.choice'], [['wedliny'], 'value.type']],
  multiChoice: [[['wedliny', 'nieznana'], 'custom.choice'], [['dawne'], 'custom.choice'], [['__proto__'], 'custom.choice']],
  email: [['biuro', 'email.format'], ['biuro@firma', 'email.format'], ['"<img>"@firma.pl', 'email.format'], ['=HYPERLINK("x")', 'email.format']],
  phone: [['12345', 'phone.format'], ['+48 600 123 45', 'phone.format'], ['=1+1', 'phone.format']],
  url: [['javascript:alert(1)', 'url.format'], ['data:text/html,<script>', 'url.format'], ['https://bank.pl@evil.example', 'url.format'],
    ['=HYPERLINK("x")', 'url.format']],
};

describe('normalizeCustomValue: every kind [V6]', () => {
  for (const kind of ATTRIBUTE_KINDS) {
    it(`[V6] ${kind}: typed spellings become the stored form`, () => {
      for (const [typed, stored] of ACCEPTED[kind]) expect(normalizeCustomValue(attr(kind), typed), String(typed)).toEqual(accepted(stored));
    });

    it(`[V6] ${kind}: wrong values are refused with their code, and every code has a message`, () => {
      for (const [typed, code] of REFUSED[kind]) {
        expect(normalizeCustomValue(attr(kind), typed), String(typed)).toEqual(refused(code));
        expect(Object.keys(MESSAGES), code).toContain(code);
      }
    });

    it(`[V6] ${kind}: empty is accepted when optional and refused when required`, () => {
      const empty: TypedValue = kind === 'multiChoice' ? [] : '';
      const blank = kind === 'multiChoice' ? [] : '';
      expect(normalizeCustomValue(attr(kind), empty)).toEqual(accepted(blank));
      if (kind !== 'boolean' && kind !== 'multiChoice') expect(normalizeCustomValue(attr(kind), '   ')).toEqual(accepted(''));
      const code = kind === 'choice' || kind === 'multiChoice' ? 'custom.requiredChoice' : 'custom.required';
      expect(normalizeCustomValue(attr(kind, { required: true }), empty)).toEqual(refused(code));
      expect(isEmptyValue(blank)).toBe(true);
    });
  }

  it('[V6] email, phone, url: separators alone are no value, so a required field stays unfilled', () => {
    // Found by the property below: these stored '' for a required field, which the server then refused.
    expect(normalizeCustomValue(attr('phone', { required: true }), ') ()((')).toEqual(refused('custom.required'));
    expect(normalizeCustomValue(attr('phone', { required: true }), '- -')).toEqual(refused('custom.required'));
    expect(normalizeCustomValue(attr('email', { required: true }), 'mailto:')).toEqual(refused('custom.required'));
    expect(normalizeCustomValue(attr('phone'), '( )')).toEqual(accepted(''));
    expect(normalizeCustomValue(attr('email'), 'mailto:')).toEqual(accepted(''));
  });

  it('[V5][V6] a host whose lower case is no domain is refused, not stored in a form the server refuses', () => {
    // 'İ' lower-cases to 'i' + U+0307 (a combining mark): found by the property below.
    expect(normalizeCustomValue(attr('email'), 'biuro@İSTANBUL.com')).toEqual(refused('email.format'));
    expect(normalizeCustomValue(attr('url'), 'İstanbul.com')).toEqual(refused('url.format'));
    expect(normalizeCustomValue(attr('email'), 'İ@FIRMA.PL')).toEqual(accepted('İ@firma.pl'));
  });

  it('[V6] boolean: "no" is an answer, not an empty field', () => {
    expect(normalizeCustomValue(attr('boolean', { required: true }), false)).toEqual(accepted(false));
    expect(isEmptyValue(false)).toBe(false);
    expect(isEmptyValue(0)).toBe(false);
  });

  it('[V6] control and bidi characters are refused in every text-typed kind; longText keeps line breaks and tabs', () => {
    const hostile = ['a\u0000b', 'a\u0007b', 'a\u0085b', 'a\u007Fb', '\u202Egp.lzcip', 'a\u202Ab', 'x\u2066y\u2069', 'a\u200Bb\u2067'];
    for (const kind of ATTRIBUTE_KINDS.filter((k) => k !== 'boolean' && k !== 'multiChoice')) {
      for (const text of hostile) expect(normalizeCustomValue(attr(kind), text), `${kind} ${JSON.stringify(text)}`).toEqual(refused('chars.control'));
      // Checked before the kind's own parsing: the message says what to remove.
      expect(normalizeCustomValue(attr(kind), '1\u202E2')).toEqual(refused('chars.control'));
    }
    expect(normalizeCustomValue(attr('text'), 'linia 1\nlinia 2')).toEqual(refused('chars.control'));
    expect(normalizeCustomValue(attr('text'), 'a\tb')).toEqual(refused('chars.control'));
    expect(normalizeCustomValue(attr('longText'), 'linia 1\nlinia 2\tx')).toEqual(accepted('linia 1\nlinia 2\tx'));
  });

  it('[V6] length limits count characters (code points), not UTF-16 units', () => {
    const emoji = '😀';
    expect(normalizeCustomValue(attr('text'), 'x'.repeat(CUSTOM_TEXT_MAX))).toEqual(accepted('x'.repeat(CUSTOM_TEXT_MAX)));
    expect(normalizeCustomValue(attr('text'), emoji.repeat(CUSTOM_TEXT_MAX))).toEqual(accepted(emoji.repeat(CUSTOM_TEXT_MAX)));
    expect(normalizeCustomValue(attr('text'), emoji.repeat(CUSTOM_TEXT_MAX + 1))).toEqual(refused('tooLong'));
    expect(normalizeCustomValue(attr('longText'), 'ż'.repeat(CUSTOM_LONG_TEXT_MAX))).toEqual(accepted('ż'.repeat(CUSTOM_LONG_TEXT_MAX)));
    // Surrounding spaces do not count: they are not stored.
    expect(normalizeCustomValue(attr('text'), ` ${'x'.repeat(CUSTOM_TEXT_MAX)} `)).toEqual(accepted('x'.repeat(CUSTOM_TEXT_MAX)));
  });

  it('[V6] integers stay within the safe range', () => {
    for (const typed of ['9007199254740993', '-9007199254740993', '1'.repeat(16)]) {
      expect(normalizeCustomValue(attr('integer'), typed), typed).toEqual(refused('custom.integer'));
    }
  });

  it('[V6] a retired option is refused for new entry but kept when the record already holds it', () => {
    expect(normalizeCustomValue(attr('choice'), 'dawne')).toEqual(refused('custom.choice'));
    expect(normalizeCustomValue(attr('choice'), 'dawne', 'dawne')).toEqual(accepted('dawne'));
    // Holding one option does not make a retired one acceptable.
    expect(normalizeCustomValue(attr('choice'), 'dawne', 'wedliny')).toEqual(refused('custom.choice'));
    expect(normalizeCustomValue(attr('multiChoice'), ['dawne', 'drob'])).toEqual(refused('custom.choice'));
    expect(normalizeCustomValue(attr('multiChoice'), ['dawne', 'drob'], ['dawne'])).toEqual(accepted(['dawne', 'drob']));
    expect(normalizeCustomValue(attr('multiChoice'), ['drob'], ['dawne'])).toEqual(accepted(['drob']));
  });

  it('[V6] hostile text is data: markup, formulas and property names are stored literally in text kinds', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '=HYPERLINK("x")', '+1', '-1+1', '@SUM(1)',
      '=cmd|\' /C calc\'!A0', '__proto__', 'constructor', '{{7*7}}', '${7*7}', "'; DROP TABLE clients; --", '&lt;b&gt;',
    ];
    for (const text of hostile) {
      // Escaping is the renderer's and the exporter's job; the value itself is never altered.
      expect(normalizeCustomValue(attr('text'), text), text).toEqual(accepted(text));
      expect(normalizeCustomValue(attr('longText'), `${text}\n${text}`), text).toEqual(accepted(`${text}\n${text}`));
    }
  });

  it('[V6] typedFromStored shows a stored value again as the form holds it', () => {
    expect(typedFromStored(attr('integer'), 1234)).toBe('1234');
    expect(typedFromStored(attr('decimal'), 12.5)).toBe('12.5');
    expect(typedFromStored(attr('boolean'), false)).toBe(false);
    expect(typedFromStored(attr('boolean'), undefined)).toBe('');
    expect(typedFromStored(attr('multiChoice'), ['drob', 7])).toEqual(['drob']);
    expect(typedFromStored(attr('multiChoice'), undefined)).toEqual([]);
    expect(typedFromStored(attr('text'), undefined)).toBe('');
    expect(typedFromStored(attr('text'), { toString: () => 'x' })).toBe('');
  });
});

describe('checkCustomValues: the server check of a record\'s custom map [V6, S10]', () => {
  const text = attr('text', { id: 'opis' });
  const integer = attr('integer', { id: 'liczba' });
  const bound = new Map<string, Attribute>([
    [text.id, text], [integer.id, integer],
    ...(['decimal', 'date', 'boolean', 'choice', 'multiChoice', 'email', 'phone', 'url'] as const).map((k): [string, Attribute] => [`a-${k}`, attr(k)]),
  ]);
  const check = (custom: Record<string, unknown>, previous?: Record<string, unknown>, creating = false) =>
    checkCustomValues(custom, bound, { creating, ...(previous ? { previous } : {}) });

  it('[V6] values in their stored form for attributes the order uses pass', () => {
    expect(check({
      opis: 'Ubojnia', liczba: 1234, 'a-decimal': 12.5, 'a-date': '2026-11-27', 'a-boolean': false, 'a-choice': 'drob',
      'a-multiChoice': ['wedliny', 'drob'], 'a-email': 'Biuro@firma.pl', 'a-phone': '+48 600 123 456', 'a-url': 'https://firma.pl',
    }, undefined, true)).toEqual([]);
    expect(check({ opis: '', liczba: '', 'a-boolean': '', 'a-multiChoice': [] })).toEqual([]);
  });

  it('[V6] a key of an attribute the order does not use is refused: custom.notBound', () => {
    expect(check({ inny: 'x' })).toEqual([{ field: 'custom:inny', code: 'custom.notBound' }]);
    expect(check({ inny: 'x' }, undefined, true)).toEqual([{ field: 'custom:inny', code: 'custom.notBound' }]);
    expect(checkCustomValues({ opis: 'x' }, new Map(), { creating: false })).toEqual([{ field: 'custom:opis', code: 'custom.notBound' }]);
    // A changed value of an attribute since unbound is a new value: refused.
    expect(check({ inny: 'b' }, { inny: 'a' })).toEqual([{ field: 'custom:inny', code: 'custom.notBound' }]);
  });

  it('[V6] an unchanged value of an attribute since unbound from the order does not lock the record', () => {
    expect(check({ inny: 'a', opis: 'nowy' }, { inny: 'a' })).toEqual([]);
  });

  it('[V6] __proto__, constructor and prototype are never attribute keys, even if a map held them', () => {
    const poisoned = new Map<string, Attribute>([
      ['__proto__', attr('text', { id: '__proto__' })], ['constructor', attr('text', { id: 'constructor' })],
      ['prototype', attr('text', { id: 'prototype' })],
    ]);
    const custom = JSON.parse('{"__proto__": "x", "constructor": "y", "prototype": "z", "toString": "t"}') as Record<string, unknown>;
    expect(checkCustomValues(custom, poisoned, { creating: false })).toEqual([
      { field: 'custom:__proto__', code: 'custom.notBound' },
      { field: 'custom:constructor', code: 'custom.notBound' },
      { field: 'custom:prototype', code: 'custom.notBound' },
      { field: 'custom:toString', code: 'custom.notBound' },
    ]);
    expect(check(custom)).toHaveLength(4);
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // nothing reached Object.prototype
  });

  it('[V6] a value that is not in its stored form is refused: value.notNormalized (another app version, a crafted push)', () => {
    const cases: [string, unknown][] = [
      ['liczba', '1234'], ['liczba', '1 234'], ['opis', ' Ubojnia '], ['opis', 'e\u0301'], ['opis', 5], ['a-decimal', '12,5'],
      ['a-multiChoice', 'drob'], ['a-multiChoice', ['drob', 'drob']], ['a-email', 'Biuro@FIRMA.pl'], ['a-phone', '600123456'],
      ['a-url', 'firma.pl'], ['a-date', ' 2026-11-27'],
    ];
    for (const [key, value] of cases) {
      expect(check({ [key]: value }), `${key} ${JSON.stringify(value)}`).toEqual([{ field: `custom:${key}`, code: 'value.notNormalized' }]);
    }
  });

  it('[V6] a stored value the kind cannot hold is refused with the kind\'s code', () => {
    const cases: [string, unknown, string][] = [
      ['liczba', 1.5, 'custom.integer'], ['liczba', 2 ** 60, 'custom.integer'], ['a-decimal', 0.1 + 0.2, 'custom.decimal'],
      ['a-date', '2026-02-30', 'custom.date'], ['a-boolean', 'true', 'custom.boolean'], ['a-boolean', 1, 'custom.boolean'],
      ['a-choice', 'nieznana', 'custom.choice'], ['a-choice', 'dawne', 'custom.choice'], ['a-multiChoice', ['dawne'], 'custom.choice'],
      ['a-email', 'biuro', 'email.format'], ['a-url', 'javascript:alert(1)', 'url.format'], ['opis', 'a\u202Eb', 'chars.control'],
      ['opis', 'x'.repeat(CUSTOM_TEXT_MAX + 1), 'tooLong'], ['a-choice', ['drob'], 'value.type'],
    ];
    for (const [key, value, code] of cases) {
      expect(check({ [key]: value }), `${key} ${JSON.stringify(value)}`).toEqual([{ field: `custom:${key}`, code }]);
    }
  });

  it('[V6] an unchanged value is never judged again: a retired option, a stricter rule, a longer text stay editable', () => {
    const previous = {
      'a-choice': 'dawne', 'a-multiChoice': ['dawne', 'drob'], liczba: '1234', opis: 'x'.repeat(CUSTOM_TEXT_MAX + 10),
    };
    expect(check({ ...previous }, previous)).toEqual([]);
    // Another value of the map changes: the untouched ones are still not judged; the changed one is.
    expect(check({ ...previous, 'a-date': '2026-11-27' }, previous)).toEqual([]);
    expect(check({ ...previous, 'a-date': '2026-02-30' }, previous)).toEqual([{ field: 'custom:a-date', code: 'custom.date' }]);
    // A changed value is judged; the retired option it held stays acceptable beside new ones.
    expect(check({ 'a-multiChoice': ['dawne'] }, previous)).toEqual([]);
    expect(check({ 'a-choice': 'wedliny' }, previous)).toEqual([]);
    expect(check({ 'a-choice': 'dawne' }, { 'a-choice': 'wedliny' })).toEqual([{ field: 'custom:a-choice', code: 'custom.choice' }]);
  });

  it('[V6] required attributes must be filled on a new record only', () => {
    const required = attr('text', { id: 'wymagane', required: true });
    const yesNo = attr('boolean', { id: 'tak-nie', required: true });
    const many = attr('multiChoice', { id: 'wiele', required: true });
    const retired = attr('text', { id: 'wycofane', required: true, retired: true });
    const map = new Map([required, yesNo, many, retired].map((a): [string, Attribute] => [a.id, a]));
    expect(checkCustomValues({}, map, { creating: true })).toEqual([
      { field: 'custom:wymagane', code: 'custom.required' },
      { field: 'custom:tak-nie', code: 'custom.required' },
      { field: 'custom:wiele', code: 'custom.required' },
    ]);
    expect(checkCustomValues({ wymagane: '', 'tak-nie': '', wiele: [] }, map, { creating: true })).toHaveLength(3);
    // "No" is an answer, and a retired attribute asks for nothing.
    expect(checkCustomValues({ wymagane: 'x', 'tak-nie': false, wiele: ['drob'] }, map, { creating: true })).toEqual([]);
    // An existing record without them (it predates the rule) can still be edited, even emptied.
    expect(checkCustomValues({}, map, { creating: false, previous: {} })).toEqual([]);
    expect(checkCustomValues({ wymagane: '' }, map, { creating: false, previous: { wymagane: 'x' } })).toEqual([]);
  });

  it('[V6] a required attribute whose id is an Object.prototype name is still required', () => {
    // ATTRIBUTE_ID allows 'toString'; the check must read the record's own keys only.
    for (const id of ['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      const map = new Map([[id, attr('text', { id, required: true })]]);
      expect(checkCustomValues({}, map, { creating: true }), id).toEqual([{ field: `custom:${id}`, code: 'custom.required' }]);
      expect(checkCustomValues({ [id]: 'x' }, map, { creating: true }), id).toEqual([]);
    }
  });
});

describe('normalizeCustomValue: property [V6]', () => {
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
  const keys = fc.constantFrom('wedliny', 'drob', 'dawne', '__proto__', ' drob ');
  // Per kind: spellings near its format, so the parsers' edges are reached, not only their refusals.
  const near: Record<AttributeKind, fc.Arbitrary<TypedValue>> = {
    text: anyText,
    longText: fc.string({ unit: fc.constantFrom('a', 'ż', ' ', '\n', '\r', '\t', 'e\u0301', '<', '='), maxLength: 40 }),
    integer: fc.stringMatching(/^[ \u00A0]?-?[0-9 \u00A0]{0,18}[ ]?$/),
    decimal: fc.stringMatching(/^[ \u00A0]?-?[0-9 \u00A0]{0,18}([.,][0-9]{0,8})?[ ]?$/),
    date: fc.oneof(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
    ),
    boolean: fc.oneof(fc.boolean(), fc.constantFrom('', 'tak', 'true')),
    choice: fc.oneof(keys, anyText),
    multiChoice: fc.oneof(fc.array(keys, { maxLength: 4 }), keys),
    email: fc.oneof(
      fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), fc.domain()).map(([local, domain]) => `${local}@${domain}`),
      fc.emailAddress(),
      fc.constantFrom('biuro@İSTANBUL.com', 'ǅ@Ǆ.pl', 'mailto:', 'Biuro@FIRMA.PL'),
    ),
    phone: fc.oneof(
      fc.tuple(fc.constantFrom('', '+48 ', '0048', '0', '+44 ', '00 1'), fc.stringMatching(/^[1-9][0-9]{2}[ -.]?[0-9]{3}[ -.]?[0-9]{3}$/))
        .map(([prefix, number]) => prefix + number),
      fc.stringMatching(/^(\+|00)?[0-9 ()-]{6,18}$/),
      fc.constantFrom(') ()((', '- -'),
    ),
    url: fc.oneof(fc.webUrl(), fc.domain(), fc.constantFrom('İstanbul.com', 'ß.de', 'FIRMA.PL/Sklep')),
  };
  const input = fc.constantFrom(...ATTRIBUTE_KINDS).chain((kind) =>
    fc.tuple(fc.constant(kind), fc.boolean(), fc.oneof(near[kind], anyText, keys, fc.boolean(), fc.array(keys, { maxLength: 3 }))),
  );

  it('[V6] never throws; an accepted value re-normalises to itself and the server check accepts it', () => {
    const acceptedKinds = new Set<AttributeKind>();
    fc.assert(
      fc.property(input, ([kind, required, typed]) => {
        const a = attr(kind, { required });
        const first = normalizeCustomValue(a, typed);
        if (!first.ok) return;
        if (!isEmptyValue(first.value)) acceptedKinds.add(kind);
        // Stored values travel as JSON: compare them as the server does.
        const again = normalizeCustomValue(a, typedFromStored(a, first.value), first.value);
        expect(again.ok && JSON.stringify(again.value)).toBe(JSON.stringify(first.value));
        const stored = JSON.parse(JSON.stringify({ [a.id]: first.value })) as Record<string, unknown>;
        expect(checkCustomValues(stored, new Map([[a.id, a]]), { creating: true })).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: every kind accepted some non-empty value along the way.
    expect([...acceptedKinds].sort()).toEqual([...ATTRIBUTE_KINDS].sort());
  });
});

describe('[V6] retired attributes on the server', () => {
  it('a retired attribute keeps what a record holds but takes no new or changed value', () => {
    const retired: Attribute = {
      id: 'r1', label: 'Stare pole', labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [],
      retired: true, createdBy: 'c', createdAt: 0, updatedAt: 0, fieldTimes: {},
    };
    const bound = new Map([['r1', retired]]);
    expect(checkCustomValues({ r1: 'stara wartość' }, bound, { creating: false, previous: { r1: 'stara wartość' } })).toEqual([]);
    expect(checkCustomValues({ r1: 'nowa' }, bound, { creating: false, previous: { r1: 'stara wartość' } }))
      .toEqual([{ field: 'custom:r1', code: 'custom.retired' }]);
    expect(checkCustomValues({ r1: 'nowa' }, bound, { creating: true })).toEqual([{ field: 'custom:r1', code: 'custom.retired' }]);
  });
});
