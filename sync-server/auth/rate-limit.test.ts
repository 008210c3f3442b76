// Unit tests of the sign-in failure counter: limit, window expiry, clearing, bounded memory.
import { describe, expect, it } from 'vitest';
import { FailureCounter } from './rate-limit.ts';

describe('FailureCounter', () => {
  it('blocks a key after `limit` failures until its window ends', () => {
    let now = 1000;
    const counter = new FailureCounter(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) counter.fail('jan');
    expect(counter.blockedFor('jan')).toBe(0);
    counter.fail('jan');
    expect(counter.blockedFor('jan')).toBe(60_000);
    expect(counter.blockedFor('ewa')).toBe(0);
    now += 59_999;
    expect(counter.blockedFor('jan')).toBe(1);
    now += 1;
    expect(counter.blockedFor('jan')).toBe(0);
  });

  it('a success clears the key', () => {
    const counter = new FailureCounter(1, 60_000, () => 0);
    counter.fail('jan');
    counter.clear('jan');
    expect(counter.blockedFor('jan')).toBe(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const counter = new FailureCounter(1, 60_000, () => 0);
    for (let i = 0; i < 60_000; i++) counter.fail(`k${i}`);
    expect(counter.blockedFor('k59999')).toBe(60_000);
    expect(counter.blockedFor('k0')).toBe(0); // the oldest were forgotten
  });
});
