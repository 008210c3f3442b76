// Duplicates while typing: a valid NIP or REGON that another record of the same order already holds.
import { describe, expect, test } from 'vitest';
import { duplicateMatches, newMatchKeys } from './duplicate-model.ts';

const rec = (id: string, nip: string, regon = '', createdAt = 1, name = `Firma ${id}`) => ({ id, name, nip, regon, createdAt });
const others = [rec('a', '5260250274', '', 5), rec('b', '5260250274', '', 2), rec('c', '', '123456785', 3), rec('self', '7740001454')];

describe('duplicateMatches', () => {
  test('a valid NIP, typed any accepted way, matches the earliest other record holding it', () => {
    expect(duplicateMatches({ nip: 'PL 526-025-02-74', regon: '' }, others, null)).toEqual({ nip: { id: 'b', name: 'Firma b' } });
  });

  test('a valid REGON matches too; both can match at once', () => {
    expect(duplicateMatches({ nip: '526 025 02 74', regon: '123-456-785' }, others, null)).toEqual({
      nip: { id: 'b', name: 'Firma b' }, regon: { id: 'c', name: 'Firma c' },
    });
  });

  test('an invalid or incomplete value matches nothing (a check digit typo is not a duplicate)', () => {
    expect(duplicateMatches({ nip: '526025027', regon: '123456784' }, others, null)).toEqual({});
    expect(duplicateMatches({ nip: '5260250275', regon: '' }, others, null)).toEqual({});
    expect(duplicateMatches({ nip: '', regon: '' }, [rec('x', ''), rec('y', '')], null)).toEqual({});
  });

  test('the record being edited is never its own duplicate', () => {
    expect(duplicateMatches({ nip: '7740001454', regon: '' }, others, 'self')).toEqual({});
    expect(duplicateMatches({ nip: '7740001454', regon: '' }, others, null)).toEqual({ nip: { id: 'self', name: 'Firma self' } });
  });
});

describe('newMatchKeys', () => {
  test('each distinct match is announced once: the same match again, or after clearing and retyping, is not new', () => {
    const heard = new Set<string>();
    expect(newMatchKeys({ nip: { id: 'b', name: 'B' } }, heard)).toEqual(['nip']);
    expect(newMatchKeys({ nip: { id: 'b', name: 'B' } }, heard)).toEqual([]);
    expect(newMatchKeys({}, heard)).toEqual([]);
    expect(newMatchKeys({ nip: { id: 'b', name: 'B' }, regon: { id: 'c', name: 'C' } }, heard)).toEqual(['regon']);
    expect(newMatchKeys({ nip: { id: 'a', name: 'A' } }, heard)).toEqual(['nip']);
  });
});
