// Counting records per Warsaw day, per order and operator, and the progress towards a target.
import { describe, expect, test } from 'vitest';
import { changedCounts, countRecords, warsawDayBounds, percentOf, type CountedRecord } from './record-counts.ts';

const at = (iso: string) => Date.parse(iso);
const record = (createdAt: number, state = 'unverified', orderId = 'o1', ownerId = 'u1'): CountedRecord => ({
  orderId, ownerId, createdAt, verification: { state },
});

describe('countRecords', () => {
  test('"today" is the calendar day in Warsaw, not in UTC', () => {
    // 23:30 UTC on 14 March is 00:30 on 15 March in Warsaw (CET, UTC+1).
    const records = [record(at('2026-03-14T23:30:00Z')), record(at('2026-03-14T22:59:59Z')), record(at('2026-03-15T12:00:00Z'))];
    expect(countRecords(records, '2026-03-15')).toEqual({ today: 2, total: 3, rejected: 0 });
    expect(countRecords(records, '2026-03-14')).toEqual({ today: 1, total: 3, rejected: 0 });
  });

  test('summer time moves midnight to 22:00 UTC', () => {
    const records = [record(at('2026-07-01T21:59:00Z')), record(at('2026-07-01T22:00:00Z'))];
    expect(countRecords(records, '2026-07-02')).toMatchObject({ today: 1 });
  });

  test('rejected records are counted whatever their day; corrected ones are not rejected any more', () => {
    const records = [record(at('2026-01-02T10:00:00Z'), 'rejected'), record(at('2026-01-02T10:00:00Z'), 'corrected'), record(at('2026-01-05T10:00:00Z'), 'rejected')];
    expect(countRecords(records, '2026-01-05')).toEqual({ today: 1, total: 3, rejected: 2 });
  });

  test('no records count zero', () => {
    expect(countRecords([], '2026-01-05')).toEqual({ today: 0, total: 0, rejected: 0 });
  });
});

describe('changedCounts', () => {
  test('names the announced counts that changed, not the total', () => {
    expect(changedCounts({ today: 1, total: 5, rejected: 0 }, { today: 2, total: 6, rejected: 0 })).toEqual(['today']);
    expect(changedCounts({ today: 1, total: 5, rejected: 0 }, { today: 1, total: 5, rejected: 1 })).toEqual(['rejected']);
    expect(changedCounts({ today: 1, total: 5, rejected: 0 }, { today: 1, total: 9, rejected: 0 })).toEqual([]);
  });
});

describe('percentOf', () => {
  test('rounds down, so 100% means the target is reached', () => {
    expect(percentOf(24, 50)).toBe(48);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(60, 50)).toBe(120);
  });

  test('an order without a target has no percentage', () => {
    expect(percentOf(3, 0)).toBeNull();
  });
});

describe('warsawDayBounds', () => {
  test('a Warsaw day from its midnight to the next, in winter, in summer and across both clock changes', () => {
    expect(warsawDayBounds('2026-12-02')).toEqual([Date.UTC(2026, 11, 1, 23), Date.UTC(2026, 11, 2, 23)]);
    expect(warsawDayBounds('2026-07-02')).toEqual([Date.UTC(2026, 6, 1, 22), Date.UTC(2026, 6, 2, 22)]);
    // 29 March 2026 has 23 hours in Warsaw, 25 October 2026 has 25.
    expect(warsawDayBounds('2026-03-29')).toEqual([Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22)]);
    expect(warsawDayBounds('2026-10-25')).toEqual([Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23)]);
  });

  test('counting by the bounds agrees with counting by the day of each record', () => {
    for (const day of ['2026-01-01', '2026-03-29', '2026-10-25', '2026-12-31']) {
      const [start, end] = warsawDayBounds(day);
      const times = Array.from({ length: 400 }, (_, i) => start - 2 * 3_600_000 + i * 9 * 60_000);
      const byBounds = times.filter((time) => time >= start && time < end).length;
      expect(byBounds).toBe(countRecords(times.map((time) => record(time)), day).today);
    }
  });
});
