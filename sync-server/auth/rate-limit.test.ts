// Unit tests of the sign-in limit arithmetic: leaky-bucket forgetting and the doubling, capped wait [S21].
import { describe, expect, it } from 'vitest';
import { decayed, delayAfter } from './rate-limit.ts';
import { limitAddress } from './client-address.ts';

describe('login limit arithmetic', () => {
  it('[S21] one counted failure is forgotten per leak interval, never below zero', () => {
    expect(decayed(5, null, 1000, 60_000)).toBe(0);
    expect(decayed(5, 0, 59_999, 60_000)).toBe(5);
    expect(decayed(5, 0, 60_000, 60_000)).toBe(4);
    expect(decayed(5, 0, 10 * 60_000, 60_000)).toBe(0);
    expect(decayed(5, 1000, 0, 60_000)).toBe(5); // a clock step back forgets nothing
  });

  it('[S21] no wait before `free` failures, then 1 s doubling up to the maximum', () => {
    const limits = { firstDelayMs: 1000, maxDelayMs: 15 * 60_000 };
    expect(delayAfter(4, 5, limits)).toBe(0);
    expect([5, 6, 7, 8].map((n) => delayAfter(n, 5, limits))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(15, 5, limits)).toBe(15 * 60_000);
    expect(delayAfter(10_000, 5, limits)).toBe(15 * 60_000);
  });

  it('[S21] addresses are counted as IPv4, or by the IPv6 /64', () => {
    expect(limitAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(limitAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(limitAddress('2001:db8:1:2::1')).toBe(limitAddress('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(limitAddress('2001:db8:1:2::1')).not.toBe(limitAddress('2001:db8:1:3::1'));
    expect(limitAddress('unknown')).toBe('unknown');
  });
});
