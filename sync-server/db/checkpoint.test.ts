// Unit tests of checkpoint parsing and bucket signatures [S3, S4].
import { describe, expect, it } from 'vitest';
import { MAX_CHECKPOINT_KEYS, bucketSigner, parseCheckpoint, signatureMatches } from './checkpoint.ts';

describe('parseCheckpoint', () => {
  it('accepts null (first pull) and well-formed positions', () => {
    expect(parseCheckpoint(null)?.size).toBe(0);
    const parsed = parseCheckpoint({ buckets: { all: { xid: '18446744073709551615', seq: 3, sig: 'abc' }, 'own:u1': { xid: '0', seq: 0 } } });
    expect([...parsed!.entries()]).toEqual([
      ['all', { position: { xid: '18446744073709551615', seq: 3 }, sig: 'abc' }],
      ['own:u1', { position: { xid: '0', seq: 0 }, sig: '' }],
    ]);
  });

  it('accepts MAX_CHECKPOINT_KEYS buckets (a supervisor or principal with many orders), refuses one more', () => {
    const many = (n: number) => ({ buckets: Object.fromEntries(Array.from({ length: n }, (_, i) => [`order:o${i}`, { xid: '1', seq: 1 }])) });
    expect(MAX_CHECKPOINT_KEYS).toBeGreaterThanOrEqual(2000);
    expect(parseCheckpoint(many(MAX_CHECKPOINT_KEYS))?.size).toBe(MAX_CHECKPOINT_KEYS);
    expect(parseCheckpoint(many(MAX_CHECKPOINT_KEYS + 1))).toBeNull();
  });

  it.each([
    ['not an object', 5],
    ['no buckets', {}],
    ['xid above xid8', { buckets: { all: { xid: '18446744073709551616', seq: 0 } } }],
    ['negative xid', { buckets: { all: { xid: '-1', seq: 0 } } }],
    ['numeric xid', { buckets: { all: { xid: 5, seq: 0 } } }],
    ['fractional seq', { buckets: { all: { xid: '1', seq: 0.5 } } }],
    ['unsafe seq', { buckets: { all: { xid: '1', seq: 2 ** 60 } } }],
    ['too many buckets', { buckets: Object.fromEntries(Array.from({ length: MAX_CHECKPOINT_KEYS + 1 }, (_, i) => [`own:${i}`, { xid: '1', seq: 1 }])) }],
  ])('refuses %s', (_, raw) => {
    expect(parseCheckpoint(raw)).toBeNull();
  });
});

describe('bucket signatures', () => {
  it('bind a bucket to one user, one collection and the server secret', () => {
    const sign = bucketSigner('secret', 'u1', 'clients');
    const sig = sign('all');
    expect(signatureMatches(sign, 'all', sig)).toBe(true);
    expect(signatureMatches(bucketSigner('secret', 'u2', 'clients'), 'all', sig)).toBe(false);
    expect(signatureMatches(bucketSigner('secret', 'u1', 'orders'), 'all', sig)).toBe(false);
    expect(signatureMatches(bucketSigner('other', 'u1', 'clients'), 'all', sig)).toBe(false);
    expect(signatureMatches(sign, 'own:u9', sig)).toBe(false);
    expect(signatureMatches(sign, 'all', '')).toBe(false);
  });
});
