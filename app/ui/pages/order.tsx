// /zlecenie/:orderId ("moje zlecenie"): the order's status in words, the brief with today's (Warsaw day),
// total, target and rejected counts (components/brief-counts.tsx, counted by index), "Dodaj rekord" where the user may
// write, the team with its binding and closing actions, and the records table; everything follows the
// local database live, replication included.
import { createEffect, createSignal, on, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import type { Order } from '../../../schemas/entities/order.ts';
import type { OrderFacts } from '../../../schemas/rules/administration.ts';
import { recordLock } from '../../../schemas/rules/permissions.ts';
import { readCounts, readPage, type ListQuery } from '../../local-db/list-reader.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { actorNow } from '../managed-users.ts';
import { usePageProblems } from '../page-problems.ts';
import { warsawDayBounds } from '../record-counts.ts';
import { useOrderChanges } from '../record-list.ts';
import { seesTeam, seesVerification } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from '../components/announcer.tsx';
import { BriefCounts } from '../components/brief-counts.tsx';
import { ChangeOrderLink } from '../components/change-order-link.tsx';
import { CloseOrderSection } from '../components/close-order.tsx';
import { EditOrderLink } from '../components/edit-order-link.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { RecordsTable } from '../components/records-table.tsx';
import { TeamSection } from '../components/team-section.tsx';
import { OrderNotFound } from '../components/order-not-found.tsx';
import { Territory } from '../components/territory.tsx';
import { UserText } from '../components/user-text.tsx';

export function OrderPage() {
  const params = useParams<{ orderId: string }>();
  const db = useDatabase();
  const page = usePageProblems();
  const order = observe(() => db()?.orders.findOne(params.orderId).$);
  // The order's records are read a page at a time and counted by index, again whenever one changes.
  const version = useOrderChanges(db, () => params.orderId);
  const readList = (query: ListQuery) => readPage(db()!.name, query);
  const readOrderCounts = (orderId: string, day: string) => readCounts(db()!.name, orderId, ...warsawDayBounds(day));
  // The definitive close shows at once; the replicated order confirms it a moment later.
  const [closedHere, setClosedHere] = createSignal(false);
  let statusLine: HTMLParagraphElement | undefined;

  const facts = (): OrderFacts | undefined => {
    const doc = order.value();
    return doc ? { id: doc.id, principalId: doc.principalId, status: closedHere() ? 'closed' : doc.status } : undefined;
  };
  /** Why the user may not add records here (closed, closed for them, no right), or null. */
  const lock = () => {
    const actor = actorNow();
    const f = facts();
    return actor && f ? recordLock(actor, { orderId: f.id, ownerId: actor.id }, f.status) : 'no-right';
  };
  const closedForMe = () => lock() === 'closed-for-you';
  createEffect(on(closedForMe, (closed) => closed && announce(t().closedForYou), { defer: true }));

  return (
    <Show when={order.loaded()} fallback={<Loading />}>
      <Show when={order.value()} fallback={<OrderNotFound />}>
        {(doc) => {
          const o = () => doc().toJSON() as Order;
          const status = () => facts()?.status ?? o().status;
          return (
            <>
              <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
              <PageHeading title={o().name} error={page.problems().length > 0}>
                <UserText>{o().name}</UserText>
              </PageHeading>
              <p ref={statusLine} tabindex="-1" class="order-status">
                {t().orderStatusIs(t().orderStatusText[status()] ?? status())}
              </p>
              <EditOrderLink order={{ id: o().id, principalId: o().principalId, status: status() }} />
              <Show when={closedForMe()}>
                <p class="notice notice--info">{t().closedForYou}</p>
              </Show>
              <ChangeOrderLink />
              <Show when={o().verificationRequired && seesVerification(currentUser()?.role)}>
                <p>
                  <A href={`/zlecenie/${encodeURIComponent(o().id)}/weryfikacja`}>{t().openVerifyQueue}</A>
                </p>
              </Show>
              <section class="brief" aria-labelledby="brief-title">
                <h2 id="brief-title">{t().briefTitle}</h2>
                <h3>{t().briefInstructions}</h3>
                <Show when={o().instructions} fallback={<p class="brief__instructions">{t().briefNoInstructions}</p>}>
                  <UserText as="p" class="brief__instructions">{o().instructions}</UserText>
                </Show>
                <h3>{t().briefTerritory}</h3>
                <p>
                  <Territory voivodeships={o().voivodeships} area={o().area} />
                </p>
                <BriefCounts orderId={o().id} read={readOrderCounts} version={version} target={o().targetCount} />
              </section>
              <Show when={lock() === null}>
                <p>
                  <A href={`/zlecenie/${encodeURIComponent(o().id)}/rekord/nowy`} class="button button--link">
                    {t().addRecord}
                  </A>
                </p>
              </Show>
              <Show when={seesTeam(currentUser()?.role) && facts()}>
                {(f) => <TeamSection order={f()} page={page} />}
              </Show>
              <section aria-labelledby="records-title">
                <h2 id="records-title">{t().recordsTitle}</h2>
                <RecordsTable orderId={o().id} read={readList} version={version} actions={(view) => <ExportButton view={view} order={o()} />} />
              </section>
              <Show when={facts()}>
                {(f) => (
                  <CloseOrderSection
                    order={f()}
                    page={page}
                    onClosed={() => {
                      setClosedHere(true);
                      return statusLine;
                    }}
                  />
                )}
              </Show>
            </>
          );
        }}
      </Show>
    </Show>
  );
}
