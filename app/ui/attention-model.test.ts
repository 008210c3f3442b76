// What a user has seen and heard, per user and record: unread comments, and arrivals announced once each.
import { describe, expect, test } from 'vitest';
import {
  blankAttention, commentArrivals, markThreadSeen, mergeAttention, parseAttention, rejectionArrivals, type Attention,
} from './attention-model.ts';

const rejected = (id: string, at: number, extra: Partial<{ ownerId: string; verifierId: string; name: string; reason: string }> = {}) => ({
  id, name: extra.name ?? `Firma ${id}`, ownerId: extra.ownerId ?? 'me',
  verification: { state: 'rejected' as const, reason: extra.reason ?? 'Zły NIP', verifierId: extra.verifierId ?? 'v', at },
});

describe('parseAttention', () => {
  test('a first run starts its watermark now; stored state is read back; garbage is a first run', () => {
    expect(parseAttention(null, 500)).toEqual(blankAttention(500));
    const stored: Attention = { since: 10, seen: { r1: 5 }, verdicts: { r1: 7 }, comments: {} };
    expect(parseAttention(JSON.stringify(stored), 500)).toEqual(stored);
    expect(parseAttention('{not json', 500)).toEqual(blankAttention(500));
    expect(parseAttention('{"since":"x"}', 500)).toEqual(blankAttention(500));
  });
});

describe('rejectionArrivals', () => {
  test('a rejection of one\'s own record newer than the watermark is announced once, then never again', () => {
    const start = blankAttention(1000);
    const first = rejectionArrivals(start, [rejected('r1', 1500)], 'me');
    expect(first.arrivals.map((a) => [a.id, a.verification.reason])).toEqual([['r1', 'Zły NIP']]);
    // A re-render, a second pull, a reload (state read back from storage): nothing more.
    expect(rejectionArrivals(first.next, [rejected('r1', 1500)], 'me').arrivals).toEqual([]);
    const reloaded = parseAttention(JSON.stringify(first.next), 9999);
    expect(rejectionArrivals(reloaded, [rejected('r1', 1500)], 'me').arrivals).toEqual([]);
  });

  test('the verdicts the device held before its first watch are not announced; a later rejection of the same record is', () => {
    const start = blankAttention(1000);
    const old = rejectionArrivals(start, [rejected('r1', 900)], 'me');
    expect(old.arrivals).toEqual([]);
    expect(rejectionArrivals(old.next, [rejected('r1', 2000, { reason: 'Brak telefonu' })], 'me').arrivals.map((a) => a.verification.reason)).toEqual(['Brak telefonu']);
  });

  test('others\' records and one\'s own verdicts (an administrator) are never announced', () => {
    const start = blankAttention(0);
    expect(rejectionArrivals(start, [rejected('r1', 10, { ownerId: 'other' }), rejected('r2', 10, { verifierId: 'me' })], 'me').arrivals).toEqual([]);
  });

  test('an unchanged state returns the same object (nothing to store)', () => {
    const start = blankAttention(1000);
    expect(rejectionArrivals(start, [rejected('r1', 10)], 'me').next).not.toBe(start);
    const seen = rejectionArrivals(start, [rejected('r1', 1500)], 'me').next;
    expect(rejectionArrivals(seen, [rejected('r1', 1500)], 'me').next).toBe(seen);
  });
});

describe('commentArrivals', () => {
  const comment = (id: string, recordId: string, authorId: string, createdAt: number) => ({ id, recordId, authorId, createdAt });

  test('others\' new comments are announced once each, oldest first; one\'s own never', () => {
    const start = blankAttention(100);
    const first = commentArrivals(start, [comment('c2', 'r1', 'v', 300), comment('c1', 'r1', 'v', 200), comment('c3', 'r1', 'me', 400)], 'me');
    expect(first.arrivals.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(commentArrivals(first.next, [comment('c1', 'r1', 'v', 200), comment('c2', 'r1', 'v', 300)], 'me').arrivals).toEqual([]);
    const later = commentArrivals(first.next, [comment('c4', 'r1', 's', 500), comment('c5', 'r2', 'v', 150)], 'me');
    expect(later.arrivals.map((c) => c.id)).toEqual(['c5', 'c4']);
  });

  test('comments older than the first watch on this device are not announced', () => {
    expect(commentArrivals(blankAttention(1000), [comment('c1', 'r1', 'v', 999)], 'me').arrivals).toEqual([]);
  });
});

describe('markThreadSeen', () => {
  test('opening a thread remembers its newest comment; never moves back', () => {
    const start = blankAttention(0);
    const seen = markThreadSeen(start, 'r1', [{ createdAt: 300 }, { createdAt: 100 }]);
    expect(seen.seen).toEqual({ r1: 300 });
    expect(markThreadSeen(seen, 'r1', [{ createdAt: 200 }])).toBe(seen);
    expect(markThreadSeen(start, 'r1', [])).toBe(start);
  });
});

describe('mergeAttention', () => {
  test('two tabs writing at once: the earliest watermark and the newest time per record win', () => {
    const a: Attention = { since: 10, seen: { r1: 5 }, verdicts: { r1: 7 }, comments: { r2: 1 } };
    const b: Attention = { since: 20, seen: { r1: 9, r3: 1 }, verdicts: { r1: 3 }, comments: {} };
    expect(mergeAttention(a, b)).toEqual({ since: 10, seen: { r1: 9, r3: 1 }, verdicts: { r1: 7 }, comments: { r2: 1 } });
  });
});
