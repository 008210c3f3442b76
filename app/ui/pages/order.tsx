// /zlecenie/:orderId ("moje zlecenie"): the brief, today's and total counts (Warsaw day), "Dodaj rekord"
// and the records table; everything follows the local database live, replication included.
import { createMemo, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { voivodeshipList, warsawDay } from '../format.ts';
import { entersRecords } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { RecordsTable, type RecordRow } from '../components/records-table.tsx';

export function OrderPage() {
  const params = useParams<{ orderId: string }>();
  const db = useDatabase();
  const order = observe(() => db()?.orders.findOne(params.orderId).$);
  const clients = observe(() => db()?.clients.find({ selector: { orderId: params.orderId } }).$);

  const rows = createMemo<RecordRow[]>(() =>
    (clients.value() ?? []).map((doc) => ({
      id: doc.id, name: doc.name, nip: doc.nip, city: doc.city, state: doc.verification.state, createdAt: doc.createdAt,
    })),
  );
  const today = createMemo(() => {
    const day = warsawDay(Date.now());
    return rows().filter((row) => warsawDay(row.createdAt) === day).length;
  });
  const rejected = createMemo(() => rows().filter((row) => row.state === 'rejected').length);

  return (
    <Show when={order.loaded()} fallback={<Loading />}>
      <Show when={order.value()} fallback={<OrderNotFound />}>
        {(doc) => {
          const o = () => doc().toJSON() as Order;
          return (
            <>
              <PageHeading title={o().name} />
              <section class="brief" aria-labelledby="brief-title">
                <h2 id="brief-title">{t().briefTitle}</h2>
                <h3>{t().briefInstructions}</h3>
                <p class="brief__instructions">{o().instructions || t().briefNoInstructions}</p>
                <h3>{t().briefTerritory}</h3>
                <p>{[voivodeshipList(o().voivodeships, t().allVoivodeships), o().area].filter(Boolean).join(' — ')}</p>
                <ul class="brief__counts">
                  <li>{t().today(today())}</li>
                  <li>{t().total(rows().length)}</li>
                  <Show when={rejected() > 0}>
                    <li>{t().rejectedTotal(rejected())}</li>
                  </Show>
                </ul>
              </section>
              <Show when={entersRecords(currentUser()?.role) && o().status === 'open'}>
                <p>
                  <A href={`/zlecenie/${encodeURIComponent(o().id)}/rekord/nowy`} class="button button--link">
                    {t().addRecord}
                  </A>
                </p>
              </Show>
              <section aria-labelledby="records-title">
                <h2 id="records-title">{t().recordsTitle}</h2>
                <Show when={clients.loaded()} fallback={<Loading />}>
                  <RecordsTable orderId={o().id} rows={rows()} />
                </Show>
              </section>
            </>
          );
        }}
      </Show>
    </Show>
  );
}

function OrderNotFound() {
  return (
    <>
      <PageHeading title={t().orderNotFound} />
      <p>{t().orderNotFoundText}</p>
      <p>
        <A href="/zlecenia">{t().backToOrders}</A>
      </p>
    </>
  );
}
