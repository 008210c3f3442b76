import { describe, expect, test } from 'vitest';
import { en } from './en.ts';
import { pl } from './pl.ts';
import { countOf } from './plural.ts';

const rekord = { one: 'rekord', few: 'rekordy', many: 'rekordów', other: 'rekordu' };

describe('Polish plural forms', () => {
  test.each([
    [1, '1 rekord'], [2, '2 rekordy'], [4, '4 rekordy'], [5, '5 rekordów'], [12, '12 rekordów'],
    [22, '22 rekordy'], [25, '25 rekordów'], [0, '0 rekordów'], [111, '111 rekordów'], [1002, '1002 rekordy'],
  ])('%i → %s', (n, text) => {
    expect(countOf('pl', n, rekord)).toBe(text);
  });

  test('the UI texts use them', () => {
    expect(pl.pending(2)).toBe('Niewysłane: 2 rekordy');
    expect(pl.today(5)).toBe('Wprowadzono dziś: 5 rekordów');
    expect(pl.total(1)).toBe('Razem: 1 rekord');
    expect(en.pending(1)).toBe('Unsent: 1 record');
    expect(en.pending(3)).toBe('Unsent: 3 records');
  });
});

test('both dictionaries have the same keys (also enforced by the Dictionary type)', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(pl).sort());
});
