// The records of an order as a native, paginated, sortable table: sort buttons in <th> with aria-sort,
// a Status column in words (never colour alone), names linking to the edit form.
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import type { Client } from '../../../schemas/entities/client.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { unreadCount } from '../attention.ts';
import { formatDateTime } from '../format.ts';
import { announce } from './announcer.tsx';
import { PAGE_SIZE, Pagination } from './pagination.tsx';
import { UserText } from './user-text.tsx';

export type SortKey = 'name' | 'nip' | 'city' | 'status' | 'createdAt';
type Direction = 'ascending' | 'descending';

/** What the table shows now, for actions on exactly those records (the Excel export). */
export interface TableView {
  /** Every record passing the filter, in the current sort order (all pages). */
  rows: () => RecordRow[];
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

function compare(a: RecordRow, b: RecordRow, key: SortKey, statusText: (s: string) => string): number {
  if (key === 'createdAt') return a.createdAt - b.createdAt;
  if (key === 'status') return collator.compare(statusText(a.state), statusText(b.state));
  return collator.compare(a[key], b[key]);
}

export function RecordsTable(props: { orderId: string; rows: RecordRow[]; actions?: (view: TableView) => JSX.Element }) {
  const [sortKey, setSortKey] = createSignal<SortKey>('createdAt');
  const [direction, setDirection] = createSignal<Direction>('descending');
  const [page, setPage] = createSignal(1);
  const [onlyRejected, setOnlyRejected] = createSignal(false);

  const sorted = createMemo(() => {
    const statusText = (s: string) => t().status[s] ?? s;
    const rows = onlyRejected() ? props.rows.filter((r) => r.state === 'rejected') : [...props.rows];
    const sign = direction() === 'ascending' ? 1 : -1;
    const key = sortKey();
    // Ties keep a stable, meaningful order: the newest record first.
    return rows.sort((a, b) => sign * compare(a, b, key, statusText) || b.createdAt - a.createdAt);
  });
  const pages = () => Math.max(1, Math.ceil(sorted().length / PAGE_SIZE));
  const current = () => Math.min(page(), pages());
  const visible = () => sorted().slice((current() - 1) * PAGE_SIZE, current() * PAGE_SIZE);

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

  return (
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
            announce(onlyRejected() ? t().announceOnlyRejected(sorted().length, props.rows.length) : t().announceAllRecords(props.rows.length), { visible: false });
          }}
        />
        <label class="checkbox__label" for="only-rejected">
          {t().onlyRejected}
        </label>
      </div>
      {props.actions?.({ rows: sorted, onlyRejected, sortKey, ascending: () => direction() === 'ascending' })}
      <Show when={sorted().length > 0} fallback={<p>{t().noRecords}</p>}>
        <div class="table-wrap">
          <table class="table">
            <caption class="table__caption">
              {t().recordsCaption(sorted().length, current(), pages())}, {t().sortCaption(columnLabel(sortKey()), direction() === 'ascending')}
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
              <For each={visible()}>
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
        <Pagination current={current()} pages={pages()} label={t().pagesLabel} onPage={setPage} />
      </Show>
    </>
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
