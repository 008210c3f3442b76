// The standard attributes of a record in catalogue order, each with its label, hint and input kind, and
// the verifier's open note and a possible duplicate under the fields that have one. The fields describe
// a third-party company, never the user: autocomplete="off", so the browser does not offer the operator's
// own name, address, email or phone (tokens like 'organization' or 'email' would invite exactly that).
import { For, Match, Switch, type JSX } from 'solid-js';
import type { StandardKey } from '../../../schemas/entities/client.ts';
import { VOIVODESHIPS } from '../../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../../schemas/entities/standard-attributes.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { SelectField, TextArea, TextField } from './fields.tsx';
import { polishLang } from './user-text.tsx';

// Voivodeship names are Polish whatever the UI language: lang="pl" in the English UI [issue 14].
const voivodeshipOptions = () => VOIVODESHIPS.map((v) => ({ value: v.code, label: v.name, lang: polishLang() }));

export const FIRST_FIELD_ID: StandardKey = STANDARD_ATTRIBUTES[0].key;

export function ClientFields(props: {
  values: Record<StandardKey, string>;
  errors: Partial<Record<StandardKey, string>>;
  onInput: (key: StandardKey, value: string) => void;
  /** Open verifier's notes by field key. */
  notes?: Partial<Record<string, string>>;
  /** What to show under a field (a duplicate NIP or REGON), by field key. */
  below?: Partial<Record<StandardKey, () => JSX.Element>>;
}) {
  return (
    <For each={STANDARD_ATTRIBUTES}>
      {(attr) => {
        // Ids are the field keys: the error summary links to them, and "-hint"/"-error" hang off them.
        const label = () => attr.label[lang()];
        // Required or optional is in sight, beside the label (not in its name: aria-required speaks) [issue 14].
        const mark = () => (attr.required ? t().requiredMark : t().optionalMark);
        const hint = () => attr.hint[lang()];
        const error = () => props.errors[attr.key];
        const value = () => props.values[attr.key];
        const onInput = (next: string) => props.onInput(attr.key, next);
        const note = () => props.notes?.[attr.key];
        const below = () => props.below?.[attr.key];
        return (
          <Switch>
            <Match when={attr.input === 'select'}>
              <SelectField id={attr.key} label={label()} mark={mark()} hint={hint()} note={note()} below={below()} error={error()} value={value()} onInput={onInput}
                required={attr.required} options={voivodeshipOptions()} autocomplete="off" />
            </Match>
            <Match when={attr.input === 'textarea'}>
              <TextArea id={attr.key} label={label()} mark={mark()} hint={hint()} note={note()} below={below()} error={error()} value={value()} onInput={onInput}
                required={attr.required} />
            </Match>
            <Match when={attr.input === 'text'}>
              <TextField id={attr.key} label={label()} mark={mark()} hint={hint()} note={note()} below={below()} error={error()} value={value()} onInput={onInput}
                required={attr.required} inputmode={attr.inputmode} autocomplete="off" />
            </Match>
          </Switch>
        );
      }}
    </For>
  );
}
