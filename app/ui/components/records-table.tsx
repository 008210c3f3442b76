// The records of an order as a native, paginated, sortable table: sort buttons in <th> with aria-sort,
// a Status column in words (never colour alone), names linking to the edit form. It reads one page at a
// time (`read`, app/local-db/list-reader.ts) and again whenever `version` moves: a device holding 50,000
// records of the order reads 25 of them to show a page (issue 12 item 4).
import { createEffect, createSignal, For, on, Show, type Accessor, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { VERIFICATION_STATES, type Client } from '../../../schemas/entities/client.ts';
import type { ListPage, ListQuery } from '../../local-db/list-reader.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';
import { unreadCount } from '../attention.ts';
import { formatDateTime } from '../format.ts';
import { keepUnchanged } from '../stable-rows.ts';
import { announce } from './announcer.tsx';
import { Loading } from './guards.tsx';
import { PAGE_SIZE, Pagination } from './pagination.tsx';
import { UserText } from './user-text.tsx';

export type SortKey = 'name' | 'nip' | 'city' | 'status' | 'createdAt';
type Direction = 'ascending' | 'descending';

/** What the table shows now, for actions on exactly those records (the Excel export). */
export interface TableView {
  /** How many records pass the filter (all pages). */
  count: () => number;
  /** Every record passing the filter, in the current sort order (all pages), read when asked. */
  load: () => Promise<Client[]>;
  onlyRejected: () => boolean;
  sortKey: () => SortKey;
  ascending: () => boolean;
}

const collator = new Intl.Collator('pl', { numeric: true });

export interface RecordRow {
  id: string;
  name: string;
  nip: string;
  city: string;
  state: Client['verification']['state'];
  /** A rejection's reason (user text), shown beside "Odrzucony". */
  reason?: string;
  createdAt: number;
}

const rowOf = (doc: Client): RecordRow => ({
  id: doc.id, name: doc.name, nip: doc.nip, city: doc.city, state: doc.verification.state, reason: doc.verification.reason, createdAt: doc.createdAt,
});

export function RecordsTable(props: {
  orderId: string;
  /** Reads a page of the order's records. */
  read: (query: ListQuery) => Promise<ListPage>;
  /** Moves when the order's records change: the page is read again. */
  version: Accessor<number>;
  actions?: (view: TableView) => JSX.Element;
}) {
  const [sortKey, setSortKey] = createSignal<SortKey>('createdAt');
  const [direction, setDirection] = createSignal<Direction>('descending');
  const [page, setPage] = createSignal(1);
  const [onlyRejected, setOnlyRejected] = createSignal(false);
  const [found, setFound] = createSignal<{ orderId: string; rows: RecordRow[]; matching: number; total: number }>();
  /** Said once the read the user's change started has answered (it says how many records show). */
  let afterRead: ((result: { matching: number; total: number }) => void) | undefined;

  // The states ordered by their words in the user's language, as the status column sorts them.
  const stateOrder = () => {
    const words = (s: string) => t().status[s] ?? s;
    return [...VERIFICATION_STATES].sort((a, b) => collator.compare(words(a), words(b)));
  };
  const query = (offset: number, limit: number): ListQuery => ({
    orderId: props.orderId, sort: sortKey(), ascending: direction() === 'ascending', onlyRejected: onlyRejected(), stateOrder: stateOrder(), offset, limit,
  });

  let reads = 0;
  createEffect(on([() => props.orderId, query.bind(null, 0, 0), page, props.version], ([orderId]) => {
    const ticket = ++reads;
    props.read(query((page() - 1) * PAGE_SIZE, PAGE_SIZE)).then((result) => {
      if (ticket !== reads) return; // a later read is on its way
      const pages = Math.max(1, Math.ceil(result.matching / PAGE_SIZE));
      // Records went (deleted, unbound): the last page that still exists is shown instead.
      if (page() > pages) return void setPage(pages);
      // Unchanged rows stay the same objects: a sync keeps the table's elements, and the user's focus in them.
      const previous = found();
      const rows = keepUnchanged(previous?.orderId === orderId ? previous.rows : undefined, result.rows.map(rowOf));
      setFound({ orderId, rows, matching: result.matching, total: result.total });
      afterRead?.(result);
      afterRead = undefined;
    }).catch((error: unknown) => log.warn('reading the records list failed', error));
  }));

  const current = () => found()?.orderId === props.orderId ? found() : undefined;
  const matching = () => current()?.matching ?? 0;
  const pages = () => Math.max(1, Math.ceil(matching() / PAGE_SIZE));

  const columnLabel = (key: SortKey) => ({ name: t().colName, nip: t().colNip, city: t().colCity, status: t().colStatus, createdAt: t().colCreated })[key];

  // Sorting, paging and filtering are said (issue 14): aria-sort alone is read only when the header is visited.
  function sortBy(key: SortKey): void {
    if (sortKey() === key) setDirection(direction() === 'ascending' ? 'descending' : 'ascending');
    else {
      setSortKey(key);
      setDirection(key === 'createdAt' ? 'descending' : 'ascending');
    }
    setPage(1);
    announce(t().announceSorted(columnLabel(key), direction() === 'ascending'), { visible: false });
  }

  const Header = (p: { key: SortKey; label: string }) => (
    <th scope="col" aria-sort={sortKey() === p.key ? direction() : undefined}>
      <button type="button" class="sort-button" onClick={() => sortBy(p.key)}>
        {p.label}
        <span class="sort-button__icon" aria-hidden="true">
          {sortKey() === p.key ? (direction() === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );

  const view: TableView = {
    count: matching,
    load: () => props.read(query(0, Infinity)).then((result) => result.rows),
    onlyRejected,
    sortKey,
    ascending: () => direction() === 'ascending',
  };

  return (
    <Show when={current()} fallback={<Loading />}>
      {(shown) => (
        <>
          <div class="checkbox">
            <input
              type="checkbox"
              id="only-rejected"
              class="checkbox__input"
              checked={onlyRejected()}
              onChange={(e) => {
                setOnlyRejected(e.currentTarget.checked);
                setPage(1);
                afterRead = (result) =>
                  announce(onlyRejected() ? t().announceOnlyRejected(result.matching, result.total) : t().announceAllRecords(result.total), { visible: false });
              }}
            />
            <label class="checkbox__label" for="only-rejected">
              {t().onlyRejected}
            </label>
          </div>
          {props.actions?.(view)}
          <Show when={shown().matching > 0} fallback={<p>{t().noRecords}</p>}>
            <div class="table-wrap">
              <table class="table">
                <caption class="table__caption">
                  {t().recordsCaption(shown().matching, page(), pages())}, {t().sortCaption(columnLabel(sortKey()), direction() === 'ascending')}
                </caption>
                <thead>
                  <tr>
                    <Header key="name" label={t().colName} />
                    <Header key="nip" label={t().colNip} />
                    <Header key="city" label={t().colCity} />
                    <Header key="status" label={t().colStatus} />
                    <Header key="createdAt" label={t().colCreated} />
                  </tr>
                </thead>
                <tbody>
                  <For each={shown().rows}>
                    {(row) => (
                      <tr classList={{ 'table__row--rejected': row.state === 'rejected' }}>
                        <th scope="row">
                          <A href={`/zlecenie/${encodeURIComponent(props.orderId)}/rekord/${encodeURIComponent(row.id)}`}><UserText>{row.name}</UserText></A>
                        </th>
                        <td>{row.nip}</td>
                        <td><UserText>{row.city}</UserText></td>
                        <td>
                          <RecordStatus state={row.state} reason={row.reason} />
                          <Show when={unreadCount(row.id) > 0}>
                            <span class="records__unread">{t().unreadComments(unreadCount(row.id))}</span>
                          </Show>
                        </td>
                        <td>{formatDateTime(row.createdAt, lang())}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Pagination current={Math.min(page(), pages())} pages={pages()} label={t().pagesLabel} onPage={setPage} />
          </Show>
        </>
      )}
    </Show>
  );
}

const STATUS_ICONS: Partial<Record<RecordRow['state'], string>> = { rejected: '✕', corrected: '↻', approved: '✓' };

/** A record's verification state in words with an icon (never colour alone), and a rejection's reason. */
function RecordStatus(props: { state: RecordRow['state']; reason: string | undefined }) {
  return (
    <span class={`status status--${props.state}`}>
      <Show when={STATUS_ICONS[props.state]}>
        {(icon) => (
          <span class="status-icon" aria-hidden="true">
            {icon()}{' '}
          </span>
        )}
      </Show>
      {t().status[props.state] ?? props.state}
      <Show when={props.state === 'rejected' && props.reason}>
        {(reason) => (
          <>
            {': '}
            <UserText class="status__reason">{reason()}</UserText>
          </>
        )}
      </Show>
    </span>
  );
}
