// "Zamknij zlecenie definitywnie": asks in a <dialog> that says nothing in the order can change
// afterwards, then closes it on the server; focus lands on the order's status line.
import { Show } from 'solid-js';
import { checkCloseOrder, type OrderFacts } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { closeOrder } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { actorNow } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import { announce } from './announcer.tsx';
import { ConfirmDialog, type ConfirmDialogControl } from './confirm-dialog.tsx';

export function CloseOrderSection(props: {
  order: OrderFacts;
  page: PageProblems;
  /** Called once the server has closed the order; returns the element that shows the new status. */
  onClosed: () => HTMLElement | undefined;
}) {
  let confirmation: ConfirmDialogControl | undefined;
  const mayClose = () => {
    const actor = actorNow();
    return !!actor && checkCloseOrder(actor, props.order).length === 0;
  };

  async function close(): Promise<HTMLElement | undefined> {
    try {
      await closeOrder(props.order.id);
      props.page.clear();
      announce(t().announceOrderClosed);
      return props.onClosed();
    } catch (error) {
      return props.page.report(problemsFromError(error));
    }
  }

  return (
    <>
      <Show when={mayClose()}>
        <section aria-labelledby="close-order-title">
          <h2 id="close-order-title">{t().closeOrderTitle}</h2>
          <button type="button" class="button button--warning" onClick={(e) => confirmation?.open(e.currentTarget)}>
            {t().closeOrder}
          </button>
        </section>
      </Show>
      {/* Outside the <Show>: the dialog must outlive its opener, which goes once the order is closed. */}
      <ConfirmDialog
        id="close-order-dialog"
        title={t().closeOrderDialogTitle}
        text={t().closeOrderDialogText}
        confirmLabel={t().closeOrderConfirm}
        onConfirm={close}
        control={(control) => (confirmation = control)}
      />
    </>
  );
}
