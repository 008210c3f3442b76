// /atrybuty: every custom attribute definition on this device (retired ones too, said in words) as a
// native table with its kind, whether it is required and how many orders use it; "Nowy atrybut", and
// "Edytuj" for the attributes the user manages [P7].
import { createMemo, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { managesAttribute } from '../../../schemas/rules/permissions.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { localText } from '../custom-form.ts';
import { nameCollator } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import { definesAttributes } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';

export function AttributesPage() {
  return (
    <>
      <PageHeading title={t().attributesTitle} />
      <Show when={definesAttributes(currentUser()?.role)} fallback={<p>{t().attributesNoAccess}</p>}>
        <AttributesList />
      </Show>
    </>
  );
}

interface Row {
  attr: Attribute;
  label: { text: string; lang: string };
  orders: number;
}

function AttributesList() {
  const db = useDatabase();
  const attributes = observe(() => db()?.attributes.find().$);
  const orders = observe(() => db()?.orders.find().$);
  const rows = createMemo<Row[]>(() => {
    const uses = new Map<string, number>();
    for (const doc of orders.value() ?? []) {
      for (const id of new Set((doc.toJSON() as Order).attributeIds)) uses.set(id, (uses.get(id) ?? 0) + 1);
    }
    return (attributes.value() ?? [])
      .map((doc) => doc.toJSON() as Attribute)
      .map((attr) => ({ attr, label: localText(attr.label, attr.labelEn, lang()), orders: uses.get(attr.id) ?? 0 }))
      .sort((a, b) => nameCollator.compare(a.label.text, b.label.text));
  });

  return (
    <>
      <p>{t().attributesIntro}</p>
      <p>
        <A href="/atrybuty/nowy" class="button">
          {t().newAttributeLink}
        </A>
      </p>
      <Show when={attributes.loaded() && orders.loaded()} fallback={<Loading />}>
        <Show when={rows().length > 0} fallback={<p>{t().attributesEmpty}</p>}>
          <div class="table-wrap">
            <table class="table">
              <caption class="table__caption">{t().attributesCaption(rows().length)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t().colAttributeLabel}</th>
                  <th scope="col">{t().colAttributeKind}</th>
                  <th scope="col">{t().colAttributeRequired}</th>
                  <th scope="col">{t().colAttributeState}</th>
                  <th scope="col">{t().colAttributeOrders}</th>
                  <th scope="col">{t().colActions}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>{(row) => <AttributeRow row={row} />}</For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </>
  );
}

function AttributeRow(props: { row: Row }) {
  const attr = () => props.row.attr;
  const ownLang = () => (props.row.label.lang === lang() ? undefined : props.row.label.lang);
  const manages = () => {
    const actor = actorNow();
    return !!actor && managesAttribute(actor, { createdBy: attr().createdBy });
  };
  return (
    <tr>
      <th scope="row" lang={ownLang()}>
        {props.row.label.text}
      </th>
      <td>{t().attributeKinds[attr().kind] ?? attr().kind}</td>
      <td>{attr().required ? t().yes : t().no}</td>
      <td>
        <span class="status" classList={{ 'status--closed': attr().retired }}>
          {attr().retired ? t().attributeRetired : t().attributeActive}
        </span>
      </td>
      <td>{props.row.orders}</td>
      <td>
        <Show when={manages()}>
          <A href={`/atrybut/${encodeURIComponent(attr().id)}`}>
            {t().editAttributeLink}
            <span class="visually-hidden" lang={ownLang()}> {props.row.label.text}</span>
          </A>
        </Show>
      </td>
    </tr>
  );
}
