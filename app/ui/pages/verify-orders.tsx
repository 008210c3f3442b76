// /weryfikacja: the orders whose records the user verifies (verifiers their bound orders, administrators
// every order with verification), each with its counts in words and a link to its queue; counted from
// the records on this device, which are exactly the records of those orders (schemas/rules/scope.ts).
import { createMemo, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { actorNow } from '../managed-users.ts';
import { seesVerification } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { queueCounts, queuePath, verifierOrders, type QueueCounts, type QueueRecord } from '../verify-queue-model.ts';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { UserText } from '../components/user-text.tsx';

export function VerifyOrdersPage() {
  return (
    <>
      <PageHeading title={t().verifyOrdersTitle} />
      <Show when={seesVerification(currentUser()?.role)} fallback={<p>{t().verifyNoAccess}</p>}>
        <VerifyOrders />
      </Show>
    </>
  );
}

function VerifyOrders() {
  const db = useDatabase();
  const orders = observe(() => db()?.orders.find().$);
  const clients = observe(() => db()?.clients.find().$);

  const listed = createMemo(() => {
    const actor = actorNow();
    return actor ? verifierOrders(actor, (orders.value() ?? []).map((doc) => doc.toJSON() as Order)) : [];
  });
  const counts = createMemo(() => {
    const byOrder = new Map<string, QueueRecord[]>();
    for (const doc of clients.value() ?? []) {
      const list = byOrder.get(doc.orderId);
      if (list) list.push(doc);
      else byOrder.set(doc.orderId, [doc]);
    }
    return new Map([...byOrder].map(([orderId, list]) => [orderId, queueCounts(list)]));
  });
  const countsOf = (orderId: string): QueueCounts => counts().get(orderId) ?? queueCounts([]);

  return (
    <>
      <p>{t().verifyOrdersScope[currentUser()?.role ?? ''] ?? ''}</p>
      <Show when={orders.loaded() && clients.loaded()} fallback={<Loading />}>
        <Show when={listed().length > 0} fallback={<p>{t().verifyOrdersEmpty}</p>}>
          <div class="table-wrap">
            <table class="table">
              <caption class="table__caption">{t().verifyOrdersCaption(listed().length)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t().colOrder}</th>
                  <th scope="col" class="table__numeric">{t().colAwaiting}</th>
                  <th scope="col" class="table__numeric">{t().colCorrected}</th>
                  <th scope="col" class="table__numeric">{t().colRejected}</th>
                  <th scope="col" class="table__numeric">{t().colApproved}</th>
                </tr>
              </thead>
              <tbody>
                <For each={listed()}>
                  {(order) => (
                    <tr>
                      <th scope="row">
                        <A href={queuePath(order.id)}>
                          <UserText>{order.name}</UserText>
                        </A>
                      </th>
                      <td class="table__numeric">{t().recordCount(countsOf(order.id).awaiting)}</td>
                      <td class="table__numeric">{t().recordCount(countsOf(order.id).corrected)}</td>
                      <td class="table__numeric">{t().recordCount(countsOf(order.id).rejected)}</td>
                      <td class="table__numeric">{t().recordCount(countsOf(order.id).approved)}</td>
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
