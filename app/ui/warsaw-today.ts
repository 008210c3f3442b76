// Today's date in Warsaw as a signal, so "entered today" counts start again at midnight on a screen
// left open overnight.
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { warsawDay } from './format.ts';

const CHECK_MS = 60_000;

/** The Warsaw day (YYYY-MM-DD), checked every minute while the calling component lives. */
export function useWarsawToday(now: () => number = Date.now): Accessor<string> {
  const [day, setDay] = createSignal(warsawDay(now()));
  const timer = setInterval(() => setDay(warsawDay(now())), CHECK_MS);
  onCleanup(() => clearInterval(timer));
  return day;
}
