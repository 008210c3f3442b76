// "Zmień zlecenie" on an operator's order page when several orders are open for them: back to the
// chooser, which remembers the new choice on this device.
import { createMemo, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { currentActor } from '../../local-db/membership.ts';
import { CHOOSER_PATH, openOrdersFor } from '../my-order.ts';
import { observe, useDatabase } from '../use-rx.ts';

export function ChangeOrderLink() {
  const db = useDatabase();
  const orders = observe(() => (currentActor()?.role === 'operator' ? db()?.orders.find({ selector: { status: 'open' } }).$ : undefined));
  const several = createMemo(() => {
    const actor = currentActor();
    if (actor?.role !== 'operator') return false;
    const bindings = [...actor.membership.assignments].map(([orderId, a]) => ({ orderId, closed: a.closed }));
    return openOrdersFor(orders.value() ?? [], bindings).length > 1;
  });
  return (
    <Show when={several()}>
      <p>
        <A href={CHOOSER_PATH}>{t().changeOrder}</A>
      </p>
    </Show>
  );
}
