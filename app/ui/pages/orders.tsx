// /zlecenia: the orders on this device in two native tables — current ones and the read-only history
// (closed definitively, or closed for the signed-in user) — each order's standing in words, a search over
// names and territory whose result count is announced, and "Nowe zlecenie" for roles that create orders.
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { currentActor } from '../../local-db/membership.ts';
import { currentUser } from '../../sync/session.ts';
import { nameCollator, voivodeshipList } from '../format.ts';
import { orderPath } from '../my-order.ts';
import { inHistory, matchesSearch, standingOf, type Standing } from '../order-list.ts';
import { canCreateOrders } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from '../components/announcer.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Territory } from '../components/territory.tsx';
import { UserText } from '../components/user-text.tsx';

// The count is announced once typing pauses, not after every letter.
const ANNOUNCE_AFTER_MS = 700;
const SEARCH = 'orders-search';

interface Row {
  order: Order;
  territory: string;
  standing: Standing;
}

export function OrdersPage() {
  const db = useDatabase();
  const orders = observe(() => db()?.orders.find().$);
  const [query, setQuery] = createSignal('');

  const rows = createMemo<Row[]>(() => {
    const own = currentActor()?.membership.assignments;
    return (orders.value() ?? [])
      .map((doc) => doc.toJSON() as Order)
      .sort((a, b) => nameCollator.compare(a.name, b.name))
      .map((order) => ({
        order,
        territory: voivodeshipList(order.voivodeships, t().allVoivodeships),
        standing: standingOf(order.status, own?.get(order.id)),
      }));
  });
  const found = createMemo(() => rows().filter((r) => matchesSearch([r.order.name, r.territory, r.order.area], query())));
  const current = () => found().filter((r) => !inHistory(r.standing));
  const history = () => found().filter((r) => inHistory(r.standing));

  let pending: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(query, () => {
      clearTimeout(pending);
      pending = setTimeout(() => announce(t().ordersFound(found().length)), ANNOUNCE_AFTER_MS);
    }, { defer: true }),
  );
  onCleanup(() => clearTimeout(pending));

  const empty = (text: string) => (query().trim() ? t().ordersNoMatch : text);

  return (
    <>
      <PageHeading title={t().ordersTitle} />
      <Show when={canCreateOrders(currentUser()?.role)}>
        <p>
          <A href="/zlecenia/nowe" class="button button--link">
            {t().newOrderLink}
          </A>
        </p>
      </Show>
      <Show when={orders.loaded()} fallback={<Loading />}>
        <Show when={rows().length > 0} fallback={<p>{t().ordersEmpty}</p>}>
          <form role="search" class="search" onSubmit={(e) => e.preventDefault()}>
            <div class="field">
              <label class="field__label" for={SEARCH}>
                {t().ordersSearch}
              </label>
              <p id={`${SEARCH}-hint`} class="field__hint">
                {t().ordersSearchHint}
              </p>
              <input
                id={SEARCH}
                name={SEARCH}
                type="search"
                class="field__input"
                autocomplete="off"
                spellcheck={false}
                aria-describedby={`${SEARCH}-hint`}
                value={query()}
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
            </div>
          </form>
          <section aria-labelledby="orders-current-title">
            <h2 id="orders-current-title">{t().ordersCurrentTitle}</h2>
            <Show when={current().length > 0} fallback={<p>{empty(t().ordersCurrentEmpty)}</p>}>
              <OrdersTable caption={t().ordersCurrentCaption(current().length)} rows={current()} />
            </Show>
          </section>
          <section aria-labelledby="orders-history-title">
            <h2 id="orders-history-title">{t().ordersHistoryTitle}</h2>
            <p>{t().ordersHistoryText}</p>
            <Show when={history().length > 0} fallback={<p>{empty(t().ordersHistoryEmpty)}</p>}>
              <OrdersTable caption={t().ordersHistoryCaption(history().length)} rows={history()} />
            </Show>
          </section>
        </Show>
      </Show>
    </>
  );
}

function OrdersTable(props: { caption: string; rows: Row[] }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="table__caption">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t().colOrderName}</th>
            <th scope="col">{t().colVoivodeships}</th>
            <th scope="col">{t().colArea}</th>
            <th scope="col">{t().colOrderStatus}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <th scope="row">
                  <A href={orderPath(row.order.id)}>
                    <UserText>{row.order.name}</UserText>
                  </A>
                </th>
                <td>
                  <Territory voivodeships={row.order.voivodeships} area="" />
                </td>
                <td>
                  <UserText>{row.order.area}</UserText>
                </td>
                <td>
                  <span class="status" classList={{ 'status--closed': row.standing !== 'open' }}>
                    {t().standing[row.standing]}
                  </span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
