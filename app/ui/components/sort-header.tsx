// Sortable native tables: the sort state and the <th aria-sort> with its button, as the records and
// users tables do it; numbers sort largest first on the first press, text A–Z. A press is announced
// ("Posortowano według kolumny Nazwa, rosnąco") and the caption says the sort too (issue 14).
import { createRenderEffect, createSignal, type Accessor } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { announce } from './announcer.tsx';

export type Direction = 'ascending' | 'descending';

export interface Sort<K extends string> {
  key: Accessor<K>;
  direction: Accessor<Direction>;
  /** Same column: reverse; another: sort by it in its first direction. */
  by(key: K, first: Direction): void;
  /** -1, 0 or 1 for `compare` in the current direction. */
  sign(): 1 | -1;
  /** The sort in words for the caption ("posortowano według kolumny Nazwa, rosnąco"); '' before the headers render. */
  caption(): string;
  /** A header tells the sort its column's label (for caption() and the announcement). */
  name(key: K, label: string): void;
}

export function createSort<K extends string>(initial: K, direction: Direction = 'ascending'): Sort<K> {
  const [key, setKey] = createSignal<K>(initial);
  const [dir, setDir] = createSignal<Direction>(direction);
  const [labels, setLabels] = createSignal<Partial<Record<K, string>>>({});
  return {
    key,
    direction: dir,
    by(next, first) {
      if (key() === next) setDir(dir() === 'ascending' ? 'descending' : 'ascending');
      else {
        setKey(() => next);
        setDir(first);
      }
    },
    sign: () => (dir() === 'ascending' ? 1 : -1),
    caption() {
      const label = labels()[key()];
      return label ? t().sortCaption(label, dir() === 'ascending') : '';
    },
    name(k, label) {
      setLabels((now) => (now[k] === label ? now : { ...now, [k]: label }));
    },
  };
}

export function SortHeader<K extends string>(props: { sort: Sort<K>; key: K; label: string; numeric?: boolean }) {
  const active = () => props.sort.key() === props.key;
  createRenderEffect(() => props.sort.name(props.key, props.label));
  function press(): void {
    props.sort.by(props.key, props.numeric ? 'descending' : 'ascending');
    announce(t().announceSorted(props.label, props.sort.direction() === 'ascending'), { visible: false });
  }
  return (
    <th scope="col" aria-sort={active() ? props.sort.direction() : undefined} classList={{ 'table__numeric': props.numeric }}>
      <button type="button" class="sort-button" onClick={press}>
        {props.label}
        <span class="sort-button__icon" aria-hidden="true">
          {active() ? (props.sort.direction() === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

const collator = new Intl.Collator('pl', { numeric: true });

/** What a sortable column compares: a number, or text in Polish order. */
export type SortValues<T, K extends string> = Record<K, (row: T) => string | number>;

/** `rows` in the sort's order; ties keep the order of `tie` (e.g. by name), whatever the direction. */
export function sortRows<T, K extends string>(rows: readonly T[], sort: Sort<K>, values: SortValues<T, K>, tie: (a: T, b: T) => number): T[] {
  const value = values[sort.key()];
  const sign = sort.sign();
  const compare = (a: T, b: T) => {
    const x = value(a);
    const y = value(b);
    return typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  };
  return [...rows].sort((a, b) => sign * compare(a, b) || tie(a, b));
}
