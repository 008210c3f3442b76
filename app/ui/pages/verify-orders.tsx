// /weryfikacja: the orders whose records the user verifies (verifiers their bound orders, administrators
// every order with verification), each with its counts in words and a link to its queue; counted from
// the records on this device, which are exactly the records of those orders (schemas/rules/scope.ts), by
// index counts (local-db/list-reader.ts).
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { readQueueCounts } from '../../local-db/list-reader.ts';
import { log } from '../../log.ts';
import { currentUser } from '../../sync/session.ts';
import { actorNow } from '../managed-users.ts';
import { seesVerification } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { queueCounts, queuePath, verifierOrders, type QueueCounts } from '../verify-queue-model.ts';
import { useOrderChanges } from '../record-list.ts';
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
  const listed = createMemo(() => {
    const actor = actorNow();
    return actor ? verifierOrders(actor, (orders.value() ?? []).map((doc) => doc.toJSON() as Order)) : [];
  });
  // Each order's counts by index, read again whenever a record changes.
  const changes = useOrderChanges(db, () => undefined);
  const [counts, setCounts] = createSignal<Map<string, QueueCounts>>();
  let reads = 0;
  createEffect(on([db, listed, changes], ([database, shown]) => {
    if (!database) return;
    const ticket = ++reads;
    Promise.all(shown.map(async (o) => [o.id, await readQueueCounts(database.name, o.id)] as const))
      .then((found) => ticket === reads && setCounts(new Map(found)))
      .catch((error: unknown) => log.warn('counting the queues failed', error));
  }));
  const countsOf = (orderId: string): QueueCounts => counts()?.get(orderId) ?? queueCounts([]);

  return (
    <>
      <p>{t().verifyOrdersScope[currentUser()?.role ?? ''] ?? ''}</p>
      <Show when={orders.loaded() && counts() !== undefined} fallback={<Loading />}>
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
