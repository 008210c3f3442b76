// The orders list: standing per user and the search over name and territory.
import { describe, expect, test } from 'vitest';
import { foldForSearch, inHistory, matchesSearch, standingOf } from './order-list.ts';

describe('standingOf', () => {
  test('the definitive close wins over the binding', () => {
    expect(standingOf('closed', { closed: false })).toBe('closed');
    expect(standingOf('closed', undefined)).toBe('closed');
  });

  test('an open order closed for the user, open for them, or not bound at all', () => {
    expect(standingOf('open', { closed: true })).toBe('closed-for-you');
    expect(standingOf('open', { closed: false })).toBe('open');
    expect(standingOf('open', undefined)).toBe('open');
  });

  test('history holds both kinds of closed', () => {
    expect(['open', 'closed-for-you', 'closed'].map((s) => inHistory(s as never))).toEqual([false, true, true]);
  });
});

describe('matchesSearch', () => {
  const texts = ['Firmy mięsne mazowieckie', 'łódzkie, mazowieckie', 'powiat Łowicki'];

  test('an empty or blank query matches everything', () => {
    expect(matchesSearch(texts, '')).toBe(true);
    expect(matchesSearch(texts, '   ')).toBe(true);
  });

  test('case and Polish diacritics do not matter', () => {
    expect(matchesSearch(texts, 'MIESNE')).toBe(true);
    expect(matchesSearch(texts, 'lodzkie')).toBe(true);
    expect(matchesSearch(texts, 'łowicki')).toBe(true);
  });

  test('every word must occur, in the name or the territory', () => {
    expect(matchesSearch(texts, 'mięsne łódzkie')).toBe(true);
    expect(matchesSearch(texts, 'mięsne pomorskie')).toBe(false);
  });

  test('folding', () => {
    expect(foldForSearch('  Żółć  Łąka ')).toBe('zolc laka');
  });
});
