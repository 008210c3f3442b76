// The brief's counts: entered today (the Warsaw day), in total, the target with the progress towards
// it, and rejected — with Polish plural forms. A change of today's or the rejected count is announced
// politely once it settles (a pull brings records in batches), never on the first reading; coming back
// to the order says what changed meanwhile at once, while changes arriving on the open page (other
// operators' records) are coalesced: at most once a minute, the latest counts (docs/announcements.md).
import { createEffect, createSignal, on, onCleanup, onMount, type Accessor } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { awaitFirstPull } from '../../sync/engine.ts';
import { log } from '../../log.ts';
import { changedCounts, percentOf, type Counts } from '../record-counts.ts';
import { useWarsawToday } from '../warsaw-today.ts';
import { announceLatest, announceNow, forgetLatest } from './announcer.tsx';

// The counts last said (or first shown) per order in this visit, so coming back to the order after
// "Zapisz" announces the new count, while opening it for the first time announces nothing.
const heard = new Map<string, Counts>();
const SETTLE_MS = 1_000;
// How long a first visit waits for the first pull before taking the counts as they are (offline, slow link).
const CATCH_UP_MS = 10_000;
const countsKey = (orderId: string) => `counts:${orderId}`;

export function BriefCounts(props: {
  orderId: string;
  /** Counts the order's records on this device for a Warsaw day (YYYY-MM-DD). */
  read: (orderId: string, day: string) => Promise<Counts>;
  /** Moves when the order's records change: they are counted again. */
  version: Accessor<number>;
  target: number;
}) {
  const day = useWarsawToday();
  // Tagged with their order, so the counts never mix up two orders while the page changes.
  const [read, setRead] = createSignal<{ orderId: string; counts: Counts }>();
  let reads = 0;
  createEffect(on([() => props.orderId, day, props.version], ([orderId, today]) => {
    const ticket = ++reads;
    props.read(orderId, today)
      .then((found) => ticket === reads && setRead({ orderId, counts: found }))
      .catch((error: unknown) => log.warn('counting the records failed', error));
  }));
  const counts = () => {
    const found = read();
    return found?.orderId === props.orderId ? found.counts : undefined;
  };
  // Records the first pull after start brings are the device catching up, not news: counts are read
  // only once it is done (at once when it was done before).
  const [caughtUp, setCaughtUp] = createSignal(false);
  onMount(() => void awaitFirstPull('clients', CATCH_UP_MS).then(() => setCaughtUp(true)));
  let settling: ReturnType<typeof setTimeout> | undefined;
  // The order whose first settled reading of this visit was taken: later changes are live ones.
  let started: string | undefined;

  function settle(orderId: string): void {
    const now = counts();
    if (!now || props.orderId !== orderId) return;
    const before = heard.get(orderId);
    const returning = started !== orderId;
    started = orderId;
    // First visit: the counts as found are the baseline, not news.
    if (!before) return void heard.set(orderId, now);
    const key = countsKey(orderId);
    const changed = changedCounts(before, now);
    // Back to what was last said (a record removed again): nothing is news any more.
    if (changed.length === 0) return forgetLatest(key);
    const text = changed.map((which) => (which === 'today' ? t().today(now.today) : t().rejectedTotal(now.rejected))).join('. ');
    // Coming back: what changed meanwhile, at once. On the open page: at most once a minute.
    if (!returning) return announceLatest(key, text, () => heard.set(orderId, now));
    heard.set(orderId, now);
    announceNow(key, text);
  }

  // The last reading after catching up. The cleanup uses it, never props: the page may be going because
  // the order itself went (unbound), and reading through it then is a stale read.
  let last: { orderId: string; counts: Counts } | undefined;
  createEffect(
    on([() => props.orderId, counts, caughtUp], ([orderId, now, ready]) => {
      if (!now || !ready) return;
      last = { orderId, counts: now };
      clearTimeout(settling);
      settling = setTimeout(() => settle(orderId), SETTLE_MS);
    }),
  );
  onCleanup(() => {
    clearTimeout(settling);
    if (!last) return;
    // Left before the first reading settled: what was shown is what the next visit compares with.
    if (!heard.has(last.orderId)) heard.set(last.orderId, last.counts);
    // A count still waiting is dropped: the next visit says the change since what was last heard.
    forgetLatest(countsKey(last.orderId));
  });

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
