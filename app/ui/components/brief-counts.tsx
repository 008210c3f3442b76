// The brief's counts: entered today (the Warsaw day), in total, the target with the progress towards
// it, and rejected — with Polish plural forms. A change of today's or the rejected count is announced
// politely once it settles (a pull brings records in batches), never on the first reading.
import { createEffect, createMemo, on, onCleanup } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { changedCounts, countRecords, percentOf, type Counts, type CountedRecord } from '../record-counts.ts';
import { useWarsawToday } from '../warsaw-today.ts';
import { announce } from './announcer.tsx';

// The counts last announced (or first shown) per order in this visit, so coming back to the order
// after "Zapisz" announces the new count, while opening it for the first time announces nothing.
const heard = new Map<string, Counts>();
const SETTLE_MS = 1_000;

export function BriefCounts(props: {
  orderId: string;
  /** The order's records on this device; undefined until the query for this order has answered. */
  records: readonly Pick<CountedRecord, 'createdAt' | 'verification'>[] | undefined;
  target: number;
}) {
  const day = useWarsawToday();
  const counts = createMemo(() => (props.records ? countRecords(props.records, day()) : undefined));
  let settling: ReturnType<typeof setTimeout> | undefined;

  function announceChange(orderId: string): void {
    const before = heard.get(orderId);
    const now = counts();
    if (!before || !now || props.orderId !== orderId) return;
    const changed = changedCounts(before, now);
    if (changed.length === 0) return;
    heard.set(orderId, now);
    announce(changed.map((which) => (which === 'today' ? t().today(now.today) : t().rejectedTotal(now.rejected))).join('. '));
  }

  createEffect(
    on([() => props.orderId, counts], ([orderId, now]) => {
      if (!now) return;
      if (!heard.has(orderId)) return void heard.set(orderId, now);
      clearTimeout(settling);
      settling = setTimeout(() => announceChange(orderId), SETTLE_MS);
    }),
  );
  onCleanup(() => clearTimeout(settling));

  const shown = () => counts() ?? { today: 0, total: 0, rejected: 0 };
  const target = () => {
    const percent = percentOf(shown().total, props.target);
    return percent === null ? t().noTarget : t().target(shown().total, props.target, percent);
  };
  return (
    <ul class="brief__counts">
      <li>{t().today(shown().today)}</li>
      <li>{t().total(shown().total)}</li>
      <li>{target()}</li>
      <li>{t().rejectedTotal(shown().rejected)}</li>
    </ul>
  );
}
