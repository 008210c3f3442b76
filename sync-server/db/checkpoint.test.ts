// Unit tests of checkpoint signing, parsing and expiry [S25, S27, S28].
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_MAX_AGE_MS, MAX_REMOVAL_WALKS, checkpointSigner, setDigest, type CheckpointBody } from './checkpoint.ts';

const NOW = 1_800_000_000_000;
const digest = setDigest(['order:o1']);
const body: CheckpointBody = {
  at: { xid: '18446744073709551615', seq: 3 },
  set: digest,
  fill: { set: setDigest(['order:o2']), at: { xid: '5', seq: 1 } },
  rm: [{ set: setDigest(['order:o3']), bound: { xid: '7', seq: 2 }, at: { xid: '0', seq: 0 } }],
  iat: NOW,
};

describe('checkpoints', () => {
  it('[S25] a signed checkpoint parses back to what was signed, whatever the number of buckets behind its digests', () => {
    const signer = checkpointSigner('secret', 'u1', 'clients');
    const signed = signer.sign(body);
    expect(JSON.stringify(signed).length).toBeLessThan(600);
    expect(signer.parse(JSON.parse(JSON.stringify(signed)), NOW + 1000)).toEqual({ kind: 'ok', body });
    expect(signer.parse(null, NOW)).toEqual({ kind: 'none' });
    expect(setDigest(Array.from({ length: 20_000 }, (_, i) => `order:o${i}`))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('[S25] the signature covers the user, the collection and every position: a changed one is a reset, never an error', () => {
    const signed = checkpointSigner('secret', 'u1', 'clients').sign(body);
    const reset = { kind: 'reset', why: 'signature' };
    expect(checkpointSigner('secret', 'u2', 'clients').parse(signed, NOW)).toEqual(reset);
    expect(checkpointSigner('secret', 'u1', 'orders').parse(signed, NOW)).toEqual(reset);
    expect(checkpointSigner('other', 'u1', 'clients').parse(signed, NOW)).toEqual(reset);
    const signer = checkpointSigner('secret', 'u1', 'clients');
    expect(signer.parse({ ...signed, at: { xid: '18446744073709551615', seq: 4 } }, NOW)).toEqual(reset);
    expect(signer.parse({ ...signed, rm: [{ ...signed.rm![0]!, bound: { xid: '99', seq: 2 } }] }, NOW)).toEqual(reset);
    expect(signer.parse({ ...signed, fill: undefined }, NOW)).toEqual(reset);
    expect(signer.parse({ ...signed, iat: NOW + 1 }, NOW)).toEqual(reset);
  });

  it('[S27] a checkpoint expires a session lifetime after it was issued', () => {
    const signer = checkpointSigner('secret', 'u1', 'clients');
    const signed = signer.sign(body);
    expect(signer.parse(signed, NOW + CHECKPOINT_MAX_AGE_MS).kind).toBe('ok');
    expect(signer.parse(signed, NOW + CHECKPOINT_MAX_AGE_MS + 1)).toEqual({ kind: 'reset', why: 'expired' });
    // Issued in the server's future (another instance's clock ahead by more than a minute): not honoured either.
    expect(signer.parse(signed, NOW - 61_000)).toEqual({ kind: 'reset', why: 'expired' });
  });

  it.each([
    ['not an object', 5],
    ['the per-bucket format of protocol 1', { buckets: { all: { xid: '1', seq: 0, sig: 'x' } } }],
    ['xid above xid8', { ...body, v: 2, sig: 'x', at: { xid: '18446744073709551616', seq: 0 } }],
    ['negative xid', { ...body, v: 2, sig: 'x', at: { xid: '-1', seq: 0 } }],
    ['numeric xid', { ...body, v: 2, sig: 'x', at: { xid: 5, seq: 0 } }],
    ['fractional seq', { ...body, v: 2, sig: 'x', at: { xid: '1', seq: 0.5 } }],
    ['a digest that is not one', { ...body, v: 2, sig: 'x', set: 'all' }],
    ['too many removal walks', { ...body, v: 2, sig: 'x', rm: Array.from({ length: MAX_REMOVAL_WALKS + 1 }, () => body.rm![0]) }],
  ])('[S27] %s is answered with a reset, not refused', (_, raw) => {
    expect(checkpointSigner('secret', 'u1', 'clients').parse(raw, NOW)).toEqual({ kind: 'reset', why: 'format' });
  });
});
