// The standard attributes of a record in catalogue order, each with its label, hint and input kind.
import { For, Match, Switch } from 'solid-js';
import type { StandardKey } from '../../../schemas/entities/client.ts';
import { VOIVODESHIPS } from '../../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../../schemas/entities/standard-attributes.ts';
import { lang } from '../../i18n/i18n.ts';
import { SelectField, TextArea, TextField } from './fields.tsx';

const VOIVODESHIP_OPTIONS = VOIVODESHIPS.map((v) => ({ value: v.code, label: v.name }));

export const FIRST_FIELD_ID: StandardKey = STANDARD_ATTRIBUTES[0].key;

export function ClientFields(props: {
  values: Record<StandardKey, string>;
  errors: Partial<Record<StandardKey, string>>;
  onInput: (key: StandardKey, value: string) => void;
}) {
  return (
    <For each={STANDARD_ATTRIBUTES}>
      {(attr) => {
        // Ids are the field keys: the error summary links to them, and "-hint"/"-error" hang off them.
        const label = () => attr.label[lang()];
        const hint = () => attr.hint[lang()];
        const error = () => props.errors[attr.key];
        const value = () => props.values[attr.key];
        const onInput = (next: string) => props.onInput(attr.key, next);
        return (
          <Switch>
            <Match when={attr.input === 'select'}>
              <SelectField id={attr.key} label={label()} hint={hint()} error={error()} value={value()} onInput={onInput}
                required={attr.required} options={VOIVODESHIP_OPTIONS} autocomplete={attr.autocomplete} />
            </Match>
            <Match when={attr.input === 'textarea'}>
              <TextArea id={attr.key} label={label()} hint={hint()} error={error()} value={value()} onInput={onInput} required={attr.required} />
            </Match>
            <Match when={attr.input === 'text'}>
              <TextField id={attr.key} label={label()} hint={hint()} error={error()} value={value()} onInput={onInput}
                required={attr.required} inputmode={attr.inputmode} autocomplete={attr.autocomplete} />
            </Match>
          </Switch>
        );
      }}
    </For>
  );
}
