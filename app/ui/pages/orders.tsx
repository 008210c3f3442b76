// /zlecenia: every order on this device as a native table, with "Nowe zlecenie" for roles that create orders.
import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { voivodeshipList } from '../format.ts';
import { canCreateOrders } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';

const collator = new Intl.Collator('pl');

export function OrdersPage() {
  const db = useDatabase();
  const orders = observe(() => db()?.orders.find().$);
  const rows = () =>
    (orders.value() ?? []).map((doc) => doc.toJSON() as Order).sort((a, b) => collator.compare(a.name, b.name));

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
          <div class="table-wrap">
            <table class="table">
              <caption class="table__caption">{t().ordersCaption(rows().length)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t().colOrderName}</th>
                  <th scope="col">{t().colVoivodeships}</th>
                  <th scope="col">{t().colArea}</th>
                  <th scope="col">{t().colOrderStatus}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(order) => (
                    <tr>
                      <th scope="row">
                        <A href={`/zlecenie/${encodeURIComponent(order.id)}`}>{order.name}</A>
                      </th>
                      <td>{voivodeshipList(order.voivodeships, t().allVoivodeships)}</td>
                      <td>{order.area}</td>
                      <td>{t().orderStatus[order.status] ?? order.status}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </>
  );
}
