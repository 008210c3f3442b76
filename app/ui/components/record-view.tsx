// A record the user may only read (a verifier, a closed order, no right): a description list of the
// filled fields and one line naming the empty ones, instead of twenty disabled inputs that Tab skips and a
// screen reader reads as "niedostępne" one by one (issue 14, finding 6).
import { For, Show } from 'solid-js';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { StandardKey } from '../../../schemas/entities/client.ts';
import { VOIVODESHIPS } from '../../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../../schemas/entities/standard-attributes.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { displayValue, localText } from '../custom-form.ts';
import { UserText } from './user-text.tsx';

const voivodeshipName = new Map(VOIVODESHIPS.map((v) => [v.code, v.name]));

interface Row {
  label: string;
  /** The label's language when it is not the page's (a Polish-only custom label on the English page). */
  labelLang?: string;
  value: string;
  /** Typed by a user (Polish whatever the UI language), not a number, date, yes/no or a translated option. */
  typed: boolean;
}

export function RecordView(props: {
  values: Readonly<Record<StandardKey, string>>;
  /** The order's custom attributes and any others the record holds a value of. */
  attributes: readonly Attribute[];
  stored: Readonly<Record<string, unknown>>;
}) {
  const rows = (): { filled: Row[]; empty: string[] } => {
    const filled: Row[] = [];
    const empty: string[] = [];
    for (const attr of STANDARD_ATTRIBUTES) {
      const raw = props.values[attr.key];
      const value = attr.key === 'voivodeship' ? (voivodeshipName.get(raw) ?? raw) : raw;
      if (value) filled.push({ label: attr.label[lang()], value, typed: true });
      else empty.push(attr.label[lang()]);
    }
    for (const attr of props.attributes) {
      const label = localText(attr.label, attr.labelEn, lang());
      const value = displayValue(attr, props.stored[attr.id], lang(), { yes: t().customYes, no: t().customNo });
      const typed = attr.kind === 'text' || attr.kind === 'longText';
      if (value) filled.push({ label: label.text, labelLang: label.lang === lang() ? undefined : label.lang, value, typed });
      else empty.push(label.text);
    }
    return { filled, empty };
  };
  return (
    <div class="record-view">
      <dl class="value-list">
        <For each={rows().filled}>
          {(row) => (
            <div class="value-list__row">
              <dt lang={row.labelLang}>{row.label}</dt>
              <dd class="value-list__value">
                <Show when={row.typed} fallback={row.value}>
                  <UserText>{row.value}</UserText>
                </Show>
              </dd>
            </div>
          )}
        </For>
      </dl>
      <Show when={rows().empty.length > 0}>
        <p class="record-view__empty">{t().emptyFields(rows().empty.join(', '))}</p>
      </Show>
    </div>
  );
}
