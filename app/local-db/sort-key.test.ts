// Sort keys compared by code units (as IndexedDB does) must order like Intl.Collator('pl', { numeric: true }).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareKeys, SORT_KEY_MAX_LENGTH, sortKey } from './sort-key.ts';

const collator = new Intl.Collator('pl', { numeric: true });
const sign = (n: number) => Math.sign(n);

function expectSameOrder(a: string, b: string): void {
  const byKey = sign(compareKeys(sortKey(a), sortKey(b)));
  const byCollator = sign(collator.compare(a, b));
  expect({ a, b, byKey }).toEqual({ a, b, byKey: byCollator });
}

const POLISH = 'aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ';
const ASCII_EXTRA = 'qvxQVX';
const FOREIGN = 'éüöäàçñčšřáíúýžěůőűôâêîûèìòùëïÿåãõøÉÜÖÄÀÇÑČŠŘÁÍÚÝŽĚŮŐŰÔÂÊÎÛÈÌÒÙËÏŸÅÃÕØ';
const PUNCTUATION = ' .,-–"„”\'&()/+@#%*!?:';
const CHARS = [...POLISH, ...ASCII_EXTRA, ...FOREIGN, ...PUNCTUATION];

/** Every character the module keys like the collator: its repertoire less the documented expansions. */
const WIDE: string[] = [];
for (const [from, to] of [[0x00, 0x17f], [0x218, 0x21b], [0x2010, 0x2027], [0x2030, 0x203a], [0x20a0, 0x20c0], [0x200b, 0x200f]] as const) {
  for (let cp = from; cp <= to; cp++) {
    const ch = String.fromCharCode(cp);
    const expands = ch.normalize('NFKD').replace(/\p{M}/gu, '').length > 1;
    if (!expands && !'ßẞæÆœŒ¹²³₧'.includes(ch)) WIDE.push(ch);
  }
}

const digitRun = fc.oneof(
  fc.constantFrom('0', '1', '2', '7', '9', '10', '07', '007', '00', '100', '2024', '0010'),
  fc.stringMatching(/^[0-9]{1,12}$/),
);
/** Text a Polish data-entry user types: letters, accents, digit runs, spaces, punctuation. */
const typed = fc.string({ unit: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CHARS) }, { weight: 1, arbitrary: digitRun }), maxLength: 16 });
/** A small alphabet of base-equal variants, so that pairs often tie at the primary or secondary level. */
const close = fc.string({
  unit: fc.constantFrom('a', 'A', 'á', 'Á', 'ä', 'ą', 'Ą', 'e', 'é', 'E', 'É', 'ę', 'c', 'ç', 'č', 'Č', 'ć', ' ', '-', '1', '01', '2', '10'),
  maxLength: 6,
});

describe('sortKey orders like the Polish collator', () => {
  test('examples: Polish letters, numbers, case and accents', () => {
    const cases: [string, string][] = [
      ['Lublin', 'Łódź'],
      ['a', 'ą'],
      ['ą', 'b'],
      ['Zielona Góra', 'Źródło'],
      ['Źródło', 'Żabka'],
      ['Firma 2', 'Firma 10'],
      ['07', '7'],
      ['Firma 07', 'Firma 7a'],
      ['abc', 'Abc'],
      ['e', 'é'],
      ['é', 'f'],
      ['Ecole', 'École'],
      ['École', 'Ecoles'],
      ['Kowalski', 'Kowalski i S-ka'],
      ['"Alfa"', 'Alfa'],
      ['„Beta” Sp. z o.o.', 'Beta S.A.'],
    ];
    for (const [a, b] of cases) {
      expectSameOrder(a, b);
      expectSameOrder(b, a);
    }
    expect(compareKeys(sortKey('Lublin'), sortKey('Łódź'))).toBe(-1);
    expect(compareKeys(sortKey('a'), sortKey('ą'))).toBe(-1);
    expect(compareKeys(sortKey('ą'), sortKey('b'))).toBe(-1);
    expect(compareKeys(sortKey('Firma 2'), sortKey('Firma 10'))).toBe(-1);
    expect(sortKey('07')).toBe(sortKey('7')); // the collator ignores leading zeros: compare('07', '7') === 0
    expect(sortKey('e\u0301')).toBe(sortKey('é')); // canonically equivalent
    expect(compareKeys(sortKey('abc'), sortKey('Abc'))).toBe(sign(collator.compare('abc', 'Abc')));
  });

  test('"Żabka" sorts after every other Polish letter', () => {
    const words = [...POLISH].map((ch) => `${ch}abka`);
    const last = [...words].sort((x, y) => compareKeys(sortKey(x), sortKey(y))).at(-1);
    expect(last).toBe('Żabka');
  });

  test('every pair of single characters from Latin-1, Latin Extended-A and common punctuation', () => {
    const keyed = WIDE.map((ch) => ({ ch, key: sortKey(ch) }));
    const wrong: string[] = [];
    for (const x of keyed) {
      for (const y of keyed) {
        if (sign(compareKeys(x.key, y.key)) !== sign(collator.compare(x.ch, y.ch))) wrong.push(`${x.ch}|${y.ch}`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  test('property: pairs of typed strings compare like the collator', () => {
    fc.assert(fc.property(typed, typed, (a, b) => sign(compareKeys(sortKey(a), sortKey(b))) === sign(collator.compare(a, b))), {
      numRuns: 5000,
    });
  });

  test('property: pairs that tie at the primary or secondary level compare like the collator', () => {
    fc.assert(fc.property(close, close, (a, b) => sign(compareKeys(sortKey(a), sortKey(b))) === sign(collator.compare(a, b))), {
      numRuns: 5000,
    });
  });

  test('property: short strings over the whole repertoire (controls, symbols, Latin Extended-A) compare like the collator', () => {
    const wide = fc.string({ unit: fc.oneof(fc.constantFrom(...WIDE), digitRun), maxLength: 5 });
    fc.assert(fc.property(wide, wide, (a, b) => sign(compareKeys(sortKey(a), sortKey(b))) === sign(collator.compare(a, b))), {
      numRuns: 20000,
    });
  });

  test('long runs of plain letters before a case or accent difference', () => {
    const plain = 'a'.repeat(20000);
    const pairs: [string, string][] = [
      [`${plain}A`, `${plain.slice(1)}Aa`],
      [`${plain}á`, `${plain.slice(1)}áa`],
      [`${plain}Ab`, `${plain}aB`],
      [`${plain}A`, `${plain}a`],
    ];
    for (const [a, b] of pairs) {
      expectSameOrder(a, b);
      expectSameOrder(b, a);
    }
  });

  test('property: sorting by key gives the collator order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(typed, close), { maxLength: 40 }), (list) => {
        const byKey = [...list].sort((x, y) => compareKeys(sortKey(x), sortKey(y)));
        for (let i = 1; i < byKey.length; i++) if (collator.compare(byKey[i - 1]!, byKey[i]!) > 0) return false;
        return true;
      }),
      { numRuns: 500 },
    );
  });

  test('digit runs: values, leading zeros and runs past 254 digits as ICU splits them', () => {
    const pairs: [string, string][] = [
      ['9', '10'],
      ['0', '00'],
      ['a0', 'a'],
      ['x99999999999999999999', 'x100000000000000000000'],
      ['1' + '0'.repeat(253) + '1', '2' + '0'.repeat(253)],
      ['9'.repeat(255), '1' + '0'.repeat(255)],
      ['1' + '0'.repeat(300), '9' + '0'.repeat(299)],
      ['5' + '0'.repeat(260), '5' + '0'.repeat(254) + '1'],
      ['１２', '12'], // full-width digits are numeric too
      ['٣', '3'],
      ['1\u00AD2', '12'], // an ignored character still ends a digit run, as in ICU
    ];
    for (const [a, b] of pairs) {
      expectSameOrder(a, b);
      expectSameOrder(b, a);
    }
  });
});

describe('sortKey keys', () => {
  test('are valid UTF-16 within SORT_KEY_MAX_LENGTH, and equal only when the collator says 0', () => {
    fc.assert(
      fc.property(fc.oneof(typed, close, fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 })), (text) => {
        const key = sortKey(text);
        return key.isWellFormed() && key.length <= SORT_KEY_MAX_LENGTH(text.length) && !key.includes('\u0000');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(close, close, (a, b) => (sortKey(a) === sortKey(b)) === (collator.compare(a, b) === 0)),
      { numRuns: 3000 },
    );
  });

  test('stay within SORT_KEY_MAX_LENGTH for worst-case inputs', () => {
    for (const text of ['É'.repeat(300), '1a'.repeat(150), '\u{1F600}'.repeat(150), '\uFB2C'.repeat(300), '\u0958'.repeat(300), 'ǅ'.repeat(300)]) {
      expect(sortKey(text).length).toBeLessThanOrEqual(SORT_KEY_MAX_LENGTH(text.length));
    }
  });

  test('exotic characters do not throw and give a deterministic key', () => {
    // Not ordered like the collator (see the module comment): "ß" is "ss" and "æ" is "ae" for ICU,
    // emoji, CJK and other scripts sort after every Latin letter by code point.
    for (const text of ['😀 Firma', '北京', 'Straße', 'Æble', '\uD800', '\u{1F468}\u200D\u{1F469}', 'a\u0301\u0302', '\uFB2C']) {
      expect(sortKey(text)).toBe(sortKey(text));
      expect(sortKey(text).isWellFormed()).toBe(true);
    }
    // Fallback weights: after every known character, by code point, distinct per code point.
    expect(compareKeys(sortKey('Żabka'), sortKey('北京'))).toBe(-1);
    expect(compareKeys(sortKey('\u{1F600} Firma'), sortKey('\u{1F601} Firma'))).toBe(-1);
    expect(compareKeys(sortKey('北'), sortKey('\u{1F600}'))).toBe(-1);
  });

  test('ignored characters add nothing to the key', () => {
    expect(sortKey('a\u00ADb')).toBe(sortKey('ab'));
    expect(sortKey('a\u200Bb')).toBe(sortKey('ab'));
    expect(collator.compare('a\u00ADb', 'ab')).toBe(0);
  });
});
