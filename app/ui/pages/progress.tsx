// /postep: progress per order (today in the Warsaw day, total, target, % of target, rejected) and per
// operator in each order, as sortable native tables, for supervisors (their team), coordinators and
// administrators (everything) and principals (their orders). The figures are counted from the records on
// this device, which are exactly the records each of these roles may see (app/ui/progress.ts says why), by
// IndexedDB index counts (local-db/list-reader.ts), never by reading every record.
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Assignment } from '../../../schemas/entities/assignment.ts';
import type { DirectoryUser } from '../../../schemas/entities/directory-user.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { checkCloseOrder } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { readTallies, type TallyKey } from '../../local-db/list-reader.ts';
import { log } from '../../log.ts';
import { currentUser } from '../../sync/session.ts';
import { nameCollator } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import { orderPath } from '../my-order.ts';
import { usePageProblems, type PageProblems } from '../page-problems.ts';
import { progressOperators, progressOrders } from '../progress.ts';
import { NO_COUNTS, operatorKey, percentOf, warsawDayBounds, type Counts } from '../record-counts.ts';
import { useOrderChanges } from '../record-list.ts';
import { seesProgress } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { useWarsawToday } from '../warsaw-today.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { OperatorsProgress, type OperatorRow } from '../components/operators-progress.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { createSort, SortHeader, sortRows, type SortValues } from '../components/sort-header.tsx';
import { UserText } from '../components/user-text.tsx';

export function ProgressPage() {
  const page = usePageProblems();
  return (
    <>
      <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
      <PageHeading title={t().progressTitle} error={page.problems().length > 0} />
      <Show when={seesProgress(currentUser()?.role)} fallback={<p>{t().progressNoAccess}</p>}>
        <Progress page={page} />
      </Show>
    </>
  );
}

interface OrderRow {
  order: Order;
  counts: Counts;
  percent: number | null;
}

function Progress(props: { page: PageProblems }) {
  const db = useDatabase();
  const day = useWarsawToday();
  const orders = observe(() => db()?.orders.find().$);
  const bindings = observe(() => db()?.assignments.find({ selector: { role: 'operator' } }).$);
  const directory = observe(() => db()?.users.find().$);

  const allOrders = createMemo(() => (orders.value() ?? []).map((doc) => doc.toJSON() as Order));
  const followed = createMemo(() => {
    const actor = actorNow();
    return actor ? progressOrders(actor, allOrders()) : [];
  });
  const bound = createMemo(() => (bindings.value() ?? []).map((doc) => doc.toJSON() as Assignment));
  // The figures are index counts per order followed and per operator bound, read again whenever a record changes.
  const changes = useOrderChanges(db, () => undefined);
  const [tallies, setTallies] = createSignal<{ byOrder: Map<string, Counts>; byOperator: Map<string, Counts> }>();
  let reads = 0;
  // The queries' loaded flags are dependencies too: a first answer sets the value before the flag.
  createEffect(on([db, day, changes, followed, bound, orders.loaded, bindings.loaded], ([database, today, _changes, followedOrders, operatorBindings, ordersIn, bindingsIn]) => {
    if (!database || !ordersIn || !bindingsIn) return;
    const ticket = ++reads;
    const keys: TallyKey[] = [
      ...followedOrders.map((o) => ({ orderId: o.id })),
      ...operatorBindings.map((b) => ({ orderId: b.orderId, ownerId: b.userId })),
    ];
    readTallies(database.name, keys, ...warsawDayBounds(today)).then((counts) => {
      if (ticket !== reads) return;
      const byOrder = new Map<string, Counts>();
      const byOperator = new Map<string, Counts>();
      keys.forEach((key, i) => (key.ownerId === undefined ? byOrder.set(key.orderId, counts[i]) : byOperator.set(operatorKey(key.orderId, key.ownerId), counts[i])));
      setTallies({ byOrder, byOperator });
    }).catch((error: unknown) => log.warn('counting the progress failed', error));
  }));
  const loaded = () => orders.loaded() && bindings.loaded() && tallies() !== undefined;
  const byOrder = () => tallies()?.byOrder ?? new Map<string, Counts>();
  const byOperator = () => tallies()?.byOperator ?? new Map<string, Counts>();

  const orderRows = createMemo<OrderRow[]>(() =>
    followed().map((order) => {
      const counts = byOrder().get(order.id) ?? NO_COUNTS;
      return { order, counts, percent: percentOf(counts.total, order.targetCount) };
    }),
  );
  const operatorRows = createMemo<OperatorRow[]>(() => {
    const actor = actorNow();
    if (!actor) return [];
    const known = new Map(allOrders().map((o) => [o.id, o]));
    const people = new Map((directory.value() ?? []).map((doc) => [doc.id, doc.toJSON() as DirectoryUser]));
    return progressOperators(actor, bound(), new Set(followed().map((o) => o.id)), new Set(known.keys())).map((binding) => {
      const order = known.get(binding.orderId)!;
      const person = people.get(binding.userId);
      return {
        binding,
        order,
        user: { id: binding.userId, role: person?.role ?? 'operator', managerId: person?.managerId ?? '', active: person?.active ?? true },
        counts: byOperator().get(operatorKey(binding.orderId, binding.userId)) ?? NO_COUNTS,
      };
    });
  });
  const closesOrders = () => {
    const actor = actorNow();
    return !!actor && followed().some((o) => checkCloseOrder(actor, o).length === 0);
  };

  return (
    <>
      <p>{t().progressScope[currentUser()?.role ?? ''] ?? ''}</p>
      <Show when={loaded()} fallback={<Loading />}>
        <section aria-labelledby="progress-orders-title">
          <h2 id="progress-orders-title">{t().progressOrdersTitle}</h2>
          <Show when={closesOrders()}>
            <p>{t().progressCloseHint}</p>
          </Show>
          <Show when={orderRows().length > 0} fallback={<p>{t().progressOrdersEmpty}</p>}>
            <OrdersProgress rows={orderRows()} />
          </Show>
        </section>
        <OperatorsProgress rows={operatorRows()} page={props.page} />
      </Show>
    </>
  );
}

type OrderKey = 'name' | 'status' | 'today' | 'total' | 'target' | 'percent' | 'rejected';

const ORDER_VALUES: SortValues<OrderRow, OrderKey> = {
  name: (r) => r.order.name,
  status: (r) => t().standing[r.order.status] ?? r.order.status,
  today: (r) => r.counts.today,
  total: (r) => r.counts.total,
  target: (r) => r.order.targetCount,
  percent: (r) => r.percent ?? -1,
  rejected: (r) => r.counts.rejected,
};

function OrdersProgress(props: { rows: OrderRow[] }) {
  const sort = createSort<OrderKey>('name');
  const sorted = createMemo(() => sortRows(props.rows, sort, ORDER_VALUES, (a, b) => nameCollator.compare(a.order.name, b.order.name)));
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="table__caption">
          {[t().progressOrdersCaption(props.rows.length), sort.caption()].filter(Boolean).join(', ')}
        </caption>
        <thead>
          <tr>
            <SortHeader sort={sort} key="name" label={t().colOrder} />
            <SortHeader sort={sort} key="status" label={t().colOrderStatus} />
            <SortHeader sort={sort} key="today" label={t().colToday} numeric />
            <SortHeader sort={sort} key="total" label={t().colTotal} numeric />
            <SortHeader sort={sort} key="target" label={t().colTarget} numeric />
            <SortHeader sort={sort} key="percent" label={t().colPercent} numeric />
            <SortHeader sort={sort} key="rejected" label={t().colRejected} numeric />
          </tr>
        </thead>
        <tbody>
          <For each={sorted()}>
            {(row) => (
              <tr>
                <th scope="row">
                  <A href={orderPath(row.order.id)}>
                    <UserText>{row.order.name}</UserText>
                  </A>
                </th>
                <td>
                  <span class="status" classList={{ 'status--closed': row.order.status === 'closed' }}>
                    {t().standing[row.order.status] ?? row.order.status}
                  </span>
                </td>
                <td class="table__numeric">{row.counts.today}</td>
                <td class="table__numeric">{row.counts.total}</td>
                <td class="table__numeric">{row.order.targetCount > 0 ? row.order.targetCount : t().noneText}</td>
                <td class="table__numeric">{row.percent === null ? t().noneText : t().percent(row.percent)}</td>
                <td class="table__numeric">{row.counts.rejected}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
