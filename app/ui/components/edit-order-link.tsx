// "Edytuj zlecenie" on the order page, for those who manage the order while it is open [P4].
import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { managesOrder } from '../../../schemas/rules/permissions.ts';
import { t } from '../../i18n/i18n.ts';
import { actorNow } from '../managed-users.ts';

export function EditOrderLink(props: { order: { id: string; principalId: string; status: string } }) {
  const may = () => {
    const actor = actorNow();
    return !!actor && props.order.status === 'open' && managesOrder(actor, { principalId: props.order.principalId });
  };
  return (
    <Show when={may()}>
      <p>
        <A href={`/zlecenie/${encodeURIComponent(props.order.id)}/edycja`}>{t().editOrderLink}</A>
      </p>
    </Show>
  );
}
