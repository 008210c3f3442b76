// The announcement policy's timing (docs/announcements.md): one at a time, repeats dropped, counts coalesced.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { COALESCE_MS, createAnnounceQueue, DEDUPE_MS, MIN_SHOW_MS, SHOW_MS, type Level } from './announce-queue.ts';

let said: { level: Level; text: string; at: number }[];
let queue: ReturnType<typeof createAnnounceQueue>;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  said = [];
  queue = createAnnounceQueue((level, text) => {
    if (text) said.push({ level, text, at: Date.now() - 1_000_000 });
  });
});
afterEach(() => vi.useRealTimers());

const texts = () => said.map((s) => `${s.level}: ${s.text}`);

describe('channels', () => {
  test('messages are said one after another, each shown at least MIN_SHOW_MS', () => {
    queue.say('Zapisano rekord');
    queue.say('Jesteś offline');
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual(['polite: Zapisano rekord', 'polite: Jesteś offline']);
    expect(said[1]!.at - said[0]!.at).toBeGreaterThanOrEqual(MIN_SHOW_MS);
  });

  test('an assertive message does not wait for the polite ones', () => {
    queue.say('Zapisano rekord');
    queue.say('Wprowadzono dziś: 2 rekordy');
    queue.say('Sesja wygasła.', 'assertive');
    vi.advanceTimersByTime(200);
    expect(texts()).toEqual(['polite: Zapisano rekord', 'assertive: Sesja wygasła.']);
  });

  test('the region empties after SHOW_MS', () => {
    const shown: string[] = [];
    const q = createAnnounceQueue((_, text) => shown.push(text));
    q.say('Zapisano rekord');
    vi.advanceTimersByTime(SHOW_MS + 100);
    expect(shown.at(-1)).toBe('');
  });
});

describe('de-duplication', () => {
  test('the same text within DEDUPE_MS is said once, queued or shown', () => {
    queue.say('Jesteś offline');
    queue.say('Jesteś offline');
    vi.advanceTimersByTime(500);
    queue.say('Jesteś offline');
    vi.advanceTimersByTime(5_000);
    expect(texts()).toEqual(['polite: Jesteś offline']);
  });

  test('after the window the same text is said again', () => {
    queue.say('Zapisano rekord');
    vi.advanceTimersByTime(DEDUPE_MS + 100);
    queue.say('Zapisano rekord');
    vi.advanceTimersByTime(1_000);
    expect(texts()).toEqual(['polite: Zapisano rekord', 'polite: Zapisano rekord']);
  });
});

describe('coalescing', () => {
  test('the first change is said at once, later ones once per interval with only the latest value', () => {
    queue.sayLatest('counts', 'Wprowadzono dziś: 1 rekord');
    for (let n = 2; n <= 6; n++) {
      vi.advanceTimersByTime(11_000);
      queue.sayLatest('counts', `Wprowadzono dziś: ${n} rekordów`);
    }
    // Six changes in a minute: the first, then nothing until the minute is up.
    expect(texts()).toEqual(['polite: Wprowadzono dziś: 1 rekord']);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(texts()).toEqual(['polite: Wprowadzono dziś: 1 rekord', 'polite: Wprowadzono dziś: 6 rekordów']);
    expect(said[1]!.at - said[0]!.at).toBeGreaterThanOrEqual(COALESCE_MS);
    expect(said[1]!.at - said[0]!.at).toBeLessThan(COALESCE_MS + 500);
  });

  test('onSaid runs when the coalesced text is actually said, not when it is only waiting', () => {
    const heard: string[] = [];
    queue.sayLatest('counts', 'Wprowadzono dziś: 1 rekord', () => heard.push('1'));
    vi.advanceTimersByTime(5_000);
    queue.sayLatest('counts', 'Wprowadzono dziś: 2 rekordy', () => heard.push('2'));
    queue.sayLatest('counts', 'Wprowadzono dziś: 3 rekordy', () => heard.push('3'));
    expect(heard).toEqual(['1']);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(heard).toEqual(['1', '3']);
  });

  test('sayNow speaks at once and drops what waited; drop forgets a waiting value', () => {
    queue.sayLatest('counts', 'Wprowadzono dziś: 1 rekord');
    vi.advanceTimersByTime(5_000);
    queue.sayLatest('counts', 'Wprowadzono dziś: 2 rekordy');
    queue.sayNow('counts', 'Wprowadzono dziś: 3 rekordy');
    vi.advanceTimersByTime(COALESCE_MS * 2);
    expect(texts()).toEqual(['polite: Wprowadzono dziś: 1 rekord', 'polite: Wprowadzono dziś: 3 rekordy']);
    queue.sayLatest('counts', 'Wprowadzono dziś: 4 rekordy');
    vi.advanceTimersByTime(1_000);
    queue.sayLatest('counts', 'Wprowadzono dziś: 5 rekordów');
    queue.drop('counts');
    vi.advanceTimersByTime(COALESCE_MS * 2);
    expect(texts().at(-1)).toBe('polite: Wprowadzono dziś: 4 rekordy');
  });
});
