// The order form's "Atrybuty niestandardowe": a checkbox per attribute that can be bound (active ones,
// and retired ones already bound, so unticking one by mistake can be undone), labelled as text.
import { createMemo, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { localText } from '../custom-form.ts';
import { nameCollator } from '../format.ts';
import { definesAttributes } from '../roles.ts';
import { CheckboxGroup, type ChoiceOption } from './choice-fields.tsx';

export function OrderAttributesField(props: {
  id: string;
  attributes: readonly Attribute[];
  /** Bound when the form was opened: shown even if retired since. */
  savedIds: readonly string[];
  values: readonly string[];
  onToggle: (id: string, on: boolean) => void;
}) {
  const options = createMemo<ChoiceOption[]>(() =>
    props.attributes
      .filter((a) => !a.retired || props.savedIds.includes(a.id) || props.values.includes(a.id))
      .map((a) => ({ attr: a, label: localText(a.label, a.labelEn, lang()) }))
      .sort((x, y) => nameCollator.compare(x.label.text, y.label.text))
      .map(({ attr, label }) => ({
        value: attr.id,
        label: (
          <>
            <span lang={label.lang === lang() ? undefined : label.lang}>{label.text}</span>
            {t().attributeOptionSuffix(t().attributeKinds[attr.kind] ?? attr.kind, attr.retired)}
          </>
        ),
      })),
  );
  return (
    <Show
      when={options().length > 0}
      fallback={
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t().orderAttributes}</legend>
          <p>{t().orderAttributesNone}</p>
          <Show when={definesAttributes(currentUser()?.role)}>
            <p>
              <A href="/atrybuty/nowy">{t().orderAttributesDefine}</A>
            </p>
          </Show>
        </fieldset>
      }
    >
      <CheckboxGroup id={props.id} legend={t().orderAttributes} hint={t().orderAttributesHint} options={options()} values={props.values}
        onToggle={props.onToggle} />
    </Show>
  );
}
