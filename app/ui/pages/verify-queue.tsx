// /zlecenie/:orderId/weryfikacja: the order's verification queue. Records awaiting a verdict (corrected
// first, then unverified, the longest waiting first), filters by state and operator kept in the address
// (so "back to the queue" returns to them), counts in words, a native paginated table whose names open
// the review, and the Excel export of exactly the listed records. Follows the local database live.
import { createMemo, createSignal, For, Show } from 'solid-js';
import { A, useParams, useSearchParams } from '@solidjs/router';
import { map } from 'rxjs';
import type { Client } from '../../../schemas/entities/client.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { formatDateTime } from '../format.ts';
import { observe, useDatabase } from '../use-rx.ts';
import {
  filterQueue, isQueueFilter, QUEUE_FILTERS, queueCounts, queueOperators, reviewPath, type QueueCounts, type QueueFilter,
} from '../verify-queue-model.ts';
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
  // Tagged with their order, so counts never mix two orders while the address changes.
  const clients = observe(() => {
    const orderId = props.order.id;
    return db()?.clients.find({ selector: { orderId } }).$.pipe(map((docs) => ({ orderId, docs })));
  });
  const directory = observe(() => db()?.users.find().$);
  const bindings = observe(() => db()?.assignments.find({ selector: { orderId: props.order.id } }).$);
  const [page, setPage] = createSignal(1);

  const docs = () => {
    const found = clients.value();
    return found?.orderId === props.order.id ? found.docs : undefined;
  };
  const counts = createMemo<QueueCounts>(() => queueCounts(docs() ?? []));
  const operators = createMemo(() =>
    queueOperators(
      docs() ?? [],
      new Map((directory.value() ?? []).map((u) => [u.id, u.name])),
      new Map((bindings.value() ?? []).map((b) => [b.userId, b.userName])),
    ),
  );
  const state = (): QueueFilter => (isQueueFilter(search.stan) ? search.stan : 'awaiting');
  // An operator the order holds no records of (an old link) is no filter: the select could not show it.
  const operator = () => (operators().some((o) => o.id === search.operator) ? search.operator! : '');
  const listed = createMemo(() => filterQueue(docs() ?? [], { state: state(), operator: operator() }));
  const operatorName = (id: string) => operators().find((o) => o.id === id)?.name ?? id;

  const pages = () => Math.max(1, Math.ceil(listed().length / PAGE_SIZE));
  const current = () => Math.min(page(), pages());
  const visible = () => listed().slice((current() - 1) * PAGE_SIZE, current() * PAGE_SIZE);

  /** A filter change stays on the page (no change of context) and says how many records it shows. */
  function choose(next: { stan?: QueueFilter; operator?: string }): void {
    const stan = next.stan ?? state();
    const who = next.operator ?? operator();
    setSearch({ stan: stan === 'awaiting' ? undefined : stan, operator: who || undefined }, { replace: true, scroll: false });
    setPage(1);
    announce(t().verifyShown(filterQueue(docs() ?? [], { state: stan, operator: who }).length));
  }

  const countOf = (filter: QueueFilter) => (filter === 'all' ? counts().total : counts()[filter]);

  const view: TableView = {
    count: () => listed().length,
    load: async () => listed().map((doc) => doc.toJSON() as Client),
    onlyRejected: () => state() === 'rejected',
    sortKey: () => 'createdAt',
    ascending: () => true,
  };

  return (
    <Show when={docs() !== undefined} fallback={<Loading />}>
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
        when={listed().length > 0}
        fallback={<p class="queue-empty">{state() === 'awaiting' ? t().verifyQueueEmpty : t().verifyNoMatch}</p>}
      >
        <div class="table-wrap">
          <table class="table">
            <caption class="table__caption">{t().verifyQueueCaption(listed().length, current(), pages())}</caption>
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
