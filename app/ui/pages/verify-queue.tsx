// /zlecenie/:orderId/weryfikacja: the order's verification queue. Records awaiting a verdict (corrected
// first, then unverified, the longest waiting first), filters by state and operator kept in the address
// (so "back to the queue" returns to them), counts in words, a native paginated table whose names open
// the review, and the Excel export of exactly the listed records. Follows the local database live, read
// by index a page at a time (app/local-db/list-reader.ts): an order of 50,000 records opens at once [S33].
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { A, useParams, useSearchParams } from '@solidjs/router';
import type { Client } from '../../../schemas/entities/client.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { readQueueCounts, readQueueOwners, readQueuePage } from '../../local-db/list-reader.ts';
import { log } from '../../log.ts';
import { formatDateTime } from '../format.ts';
import { useOrderChanges } from '../record-list.ts';
import { keepUnchanged } from '../stable-rows.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { isQueueFilter, namedOperators, QUEUE_FILTERS, reviewPath, type QueueCounts, type QueueFilter } from '../verify-queue-model.ts';
import { announce } from '../components/announcer.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { Loading } from '../components/guards.tsx';
import { OrderNotFound } from '../components/order-not-found.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PAGE_SIZE, Pagination } from '../components/pagination.tsx';
import type { TableView } from '../components/records-table.tsx';
import { polishLang, UserText } from '../components/user-text.tsx';
import { VerificationStateText } from '../components/verification-state.tsx';


export function VerifyQueuePage() {
  const params = useParams<{ orderId: string }>();
  const db = useDatabase();
  const order = observe(() => db()?.orders.findOne(params.orderId).$);
  return (
    <Show when={order.loaded()} fallback={<Loading />}>
      <Show when={order.value()} fallback={<OrderNotFound />}>
        {(doc) => {
          const o = () => doc().toJSON() as Order;
          return (
            <>
              <PageHeading title={t().verifyQueueTitle(o().name)}>
                {/* The same words, with the order's name marked as Polish user text. */}
                {t().verifyQueueTitle('')}
                <UserText>{o().name}</UserText>
              </PageHeading>
              <p class="context">
                <A href="/weryfikacja">{t().backToVerify}</A>
              </p>
              <Show when={o().verificationRequired} fallback={<p>{t().verdictLocked['no-verification']}</p>}>
                <Queue order={o()} />
              </Show>
            </>
          );
        }}
      </Show>
    </Show>
  );
}

function Queue(props: { order: Order }) {
  const db = useDatabase();
  const [search, setSearch] = useSearchParams<{ stan?: string; operator?: string }>();
  // The queue is read by index a page at a time (local-db/list-reader.ts), again whenever a record of the order changes.
  const version = useOrderChanges(db, () => props.order.id);
  const directory = observe(() => db()?.users.find().$);
  const bindings = observe(() => db()?.assignments.find({ selector: { orderId: props.order.id } }).$);
  const [page, setPage] = createSignal(1);
  // A filter chosen by the user: read (and said) even when the address does not change.
  const [asked, setAsked] = createSignal(0);
  const state = (): QueueFilter => (isQueueFilter(search.stan) ? search.stan : 'awaiting');
  /** Said once a read of the filter the user chose has answered (it says how many records show). */
  let afterRead: { state: QueueFilter; operator: string; say: (matching: number) => void } | undefined;

  // Tagged with their order, so counts never mix two orders while the address changes.
  const [found, setFound] = createSignal<{ orderId: string; owners: string[]; counts: QueueCounts; rows: Client[]; matching: number }>();
  let reads = 0;
  createEffect(on([db, () => props.order.id, state, () => search.operator ?? '', page, version, asked], ([database, orderId, stan, wanted, at]) => {
    if (!database) return;
    const ticket = ++reads;
    void (async () => {
      const [owners, counts] = await Promise.all([readQueueOwners(database.name, orderId), readQueueCounts(database.name, orderId)]);
      // An operator the order holds no records of (an old link) is no filter: the select could not show it.
      const operator = owners.includes(wanted) ? wanted : '';
      const result = await readQueuePage(database.name, { orderId, state: stan, operator, offset: (at - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      if (ticket !== reads) return; // a later read is on its way
      const pages = Math.max(1, Math.ceil(result.matching / PAGE_SIZE));
      // Records left the filter (judged, deleted): the last page that still exists is shown instead.
      if (at > pages) return void setPage(pages);
      // Unchanged rows stay the same objects: a sync keeps the table's elements, and the user's focus in them.
      const previous = found();
      const rows = keepUnchanged(previous?.orderId === orderId ? previous.rows : undefined, result.rows);
      setFound({ orderId, owners, counts, rows, matching: result.matching });
      if (afterRead?.state === stan && afterRead.operator === operator) {
        afterRead.say(result.matching);
        afterRead = undefined;
      }
    })().catch((error: unknown) => log.warn('reading the verification queue failed', error));
  }));

  const shown = () => {
    const read = found();
    return read?.orderId === props.order.id ? read : undefined;
  };
  const counts = (): QueueCounts => shown()?.counts ?? { awaiting: 0, unverified: 0, corrected: 0, approved: 0, rejected: 0, total: 0 };
  const operators = createMemo(() =>
    namedOperators(
      shown()?.owners ?? [],
      new Map((directory.value() ?? []).map((u) => [u.id, u.name])),
      new Map((bindings.value() ?? []).map((b) => [b.userId, b.userName])),
    ),
  );
  // An operator the order holds no records of (an old link) is no filter: the select could not show it.
  const operator = () => (operators().some((o) => o.id === search.operator) ? search.operator! : '');
  const matching = () => shown()?.matching ?? 0;
  const operatorName = (id: string) => operators().find((o) => o.id === id)?.name ?? id;

  const pages = () => Math.max(1, Math.ceil(matching() / PAGE_SIZE));
  const current = () => Math.min(page(), pages());
  const visible = () => shown()?.rows ?? [];

  /** A filter change stays on the page (no change of context) and says how many records it shows. */
  function choose(next: { stan?: QueueFilter; operator?: string }): void {
    const stan = next.stan ?? state();
    const who = next.operator ?? operator();
    afterRead = { state: stan, operator: who, say: (count) => announce(t().verifyShown(count)) };
    setSearch({ stan: stan === 'awaiting' ? undefined : stan, operator: who || undefined }, { replace: true, scroll: false });
    setPage(1);
    setAsked((n) => n + 1);
  }

  const countOf = (filter: QueueFilter) => (filter === 'all' ? counts().total : counts()[filter]);

  const view: TableView = {
    count: matching,
    load: async () => {
      const database = db();
      if (!database) return [];
      return (await readQueuePage(database.name, { orderId: props.order.id, state: state(), operator: operator(), offset: 0, limit: Infinity })).rows;
    },
    onlyRejected: () => state() === 'rejected',
    sortKey: () => 'createdAt',
    ascending: () => true,
  };

  return (
    <Show when={shown() !== undefined} fallback={<Loading />}>
      <p>{t().verifyQueueIntro}</p>
      <section aria-labelledby="queue-counts-title">
        <h2 id="queue-counts-title">{t().verifyCountsTitle}</h2>
        <ul>
          <li>{t().verifyCountAwaiting(counts().awaiting)}</li>
          <li>{t().verifyCountCorrected(counts().corrected)}</li>
          <li>{t().verifyCountRejected(counts().rejected)}</li>
          <li>{t().verifyCountApproved(counts().approved)}</li>
        </ul>
      </section>
      <fieldset class="fieldset">
        <legend class="fieldset__legend">{t().verifyFiltersLegend}</legend>
        <div class="field">
          <label class="field__label" for="queue-state">
            {t().verifyFilterState}
          </label>
          <select id="queue-state" class="field__input field__input--select" onChange={(e) => choose({ stan: e.currentTarget.value as QueueFilter })}>
            <For each={QUEUE_FILTERS}>
              {(filter) => (
                <option value={filter} selected={filter === state()}>
                  {t().verifyFilterOption(t().verifyFilterStates[filter] ?? filter, countOf(filter))}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="queue-operator">
            {t().verifyFilterOperator}
          </label>
          <select id="queue-operator" class="field__input field__input--select" onChange={(e) => choose({ operator: e.currentTarget.value })}>
            <option value="" selected={operator() === ''}>
              {t().verifyAllOperators}
            </option>
            <For each={operators()}>
              {(person) => (
                <option value={person.id} selected={person.id === operator()} lang={polishLang()}>
                  {person.name}
                </option>
              )}
            </For>
          </select>
        </div>
      </fieldset>
      <ExportButton view={view} order={props.order} />
      <Show
        when={matching() > 0}
        fallback={<p class="queue-empty">{state() === 'awaiting' ? t().verifyQueueEmpty : t().verifyNoMatch}</p>}
      >
        <div class="table-wrap">
          <table class="table">
            <caption class="table__caption">{t().verifyQueueCaption(matching(), current(), pages())}</caption>
            <thead>
              <tr>
                <th scope="col">{t().colName}</th>
                <th scope="col">{t().colNip}</th>
                <th scope="col">{t().colOperator}</th>
                <th scope="col">{t().colStatus}</th>
                <th scope="col">{t().colCreated}</th>
                <th scope="col">{t().colUpdated}</th>
              </tr>
            </thead>
            <tbody>
              <For each={visible()}>
                {(doc) => (
                  <tr classList={{ 'table__row--rejected': doc.verification.state === 'rejected' }}>
                    <th scope="row">
                      <A href={reviewPath(props.order.id, doc.id, operator())}>
                        <UserText>{doc.name || t().reviewUnnamed}</UserText>
                      </A>
                    </th>
                    <td>{doc.nip}</td>
                    <td>
                      <UserText>{operatorName(doc.ownerId)}</UserText>
                    </td>
                    <td>
                      <VerificationStateText state={doc.verification.state} />
                    </td>
                    <td>{formatDateTime(doc.createdAt, lang())}</td>
                    <td>{formatDateTime(doc.updatedAt, lang())}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Pagination current={current()} pages={pages()} label={t().verifyPagesLabel} onPage={setPage} />
      </Show>
    </Show>
  );
}
