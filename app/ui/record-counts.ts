// Record counts as the brief and the progress view show them: entered today (the Warsaw day), in total, rejected.
import { warsawDay } from './format.ts';

export interface Counts {
  today: number;
  total: number;
  rejected: number;
}

/** What counting needs of a record (a client document or its JSON). */
export interface CountedRecord {
  orderId: string;
  ownerId: string;
  createdAt: number;
  verification: { state: string };
}

export const NO_COUNTS: Readonly<Counts> = { today: 0, total: 0, rejected: 0 };

const HOUR_MS = 3_600_000;
const dayOfHour = new Map<number, string>();

/**
 * The Warsaw day of a time, cached per UTC hour: Warsaw is UTC+1 or UTC+2, whole hours, so every
 * instant of one UTC hour falls on the same Warsaw day. Counting 50,000 records formats a few dates.
 */
function dayOf(time: number): string {
  const hour = Math.floor(time / HOUR_MS);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    if (dayOfHour.size > 50_000) dayOfHour.clear();
    day = warsawDay(hour * HOUR_MS);
    dayOfHour.set(hour, day);
  }
  return day;
}

/**
 * The instants [start, end) of a Warsaw day (YYYY-MM-DD): for counting "today" from an index of creation
 * times. Warsaw midnight is 22:00 or 23:00 UTC the day before; whole hours, so the hours around it are tried.
 */
export function warsawDayBounds(day: string): [number, number] {
  const [year, month, date] = day.split('-').map(Number);
  const midnightUtc = Date.UTC(year, month - 1, date);
  const firstHourOf = (from: number, wanted: (d: string) => boolean) => {
    for (let hour = from - 3 * HOUR_MS; hour <= from + 3 * HOUR_MS; hour += HOUR_MS) if (wanted(dayOf(hour))) return hour;
    throw new RangeError(`Not a Warsaw day: ${day}`);
  };
  const start = firstHourOf(midnightUtc, (d) => d === day);
  return [start, firstHourOf(midnightUtc + 24 * HOUR_MS, (d) => d > day)];
}

function add(counts: Counts, record: Pick<CountedRecord, 'createdAt' | 'verification'>, day: string): void {
  counts.total += 1;
  if (dayOf(record.createdAt) === day) counts.today += 1;
  if (record.verification.state === 'rejected') counts.rejected += 1;
}

/** Today's (Warsaw `day`, YYYY-MM-DD), total and rejected counts of `records`. */
export function countRecords(records: Iterable<Pick<CountedRecord, 'createdAt' | 'verification'>>, day: string): Counts {
  const counts = { ...NO_COUNTS };
  for (const record of records) add(counts, record, day);
  return counts;
}

/** The key of an operator's records within one order. */
export const operatorKey = (orderId: string, ownerId: string): string => `${orderId}\u0000${ownerId}`;

/** Which of the announced counts (today's, rejected) differ between two readings. */
export function changedCounts(before: Counts, after: Counts): ('today' | 'rejected')[] {
  const changed: ('today' | 'rejected')[] = [];
  if (before.today !== after.today) changed.push('today');
  if (before.rejected !== after.rejected) changed.push('rejected');
  return changed;
}

/** Whole per cent of the target reached, rounded down (100 only once reached); null without a target. */
export function percentOf(done: number, target: number): number | null {
  return target > 0 ? Math.floor((done * 100) / target) : null;
}
