// "Atrybuty zlecenia" in the record form: one control per custom attribute of the order, after the
// standard ones and labelled the same way ("(wymagane)" in words), plus the values of retired or
// unbound attributes as read-only text. Labels and values are user text: Solid text nodes only.
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { TypedValue } from '../../../schemas/entities/custom-values.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { customFieldId, displayValue, localText, offeredChoices } from '../custom-form.ts';
import { CheckboxGroup, RadioGroup, type ChoiceOption } from './choice-fields.tsx';
import { SelectField, TextArea, TextField } from './fields.tsx';

/** More options than this are a <select>: a long radio list is slow to read through. */
const MAX_RADIOS = 6;

/** A user text in the UI language, with `lang` when it is in the other one. */
function UserText(props: { pl: string; en: string }) {
  const text = () => localText(props.pl, props.en, lang());
  return <span lang={text().lang === lang() ? undefined : text().lang}>{text().text}</span>;
}

export function CustomFields(props: {
  editable: readonly Attribute[];
  readOnly: readonly Attribute[];
  values: Readonly<Record<string, TypedValue>>;
  /** The record's stored values: a retired option it holds stays offered; read-only values come from here. */
  stored: Readonly<Record<string, unknown>>;
  errorOf: (field: string) => string | undefined;
  onInput: (attributeId: string, value: TypedValue) => void;
  /** Open verifier's notes by field path (`custom:<attribute id>`). */
  notes?: Partial<Record<string, string>>;
}) {
  return (
    <Show when={props.editable.length + props.readOnly.length > 0}>
      <fieldset class="fieldset custom-fields">
        <legend class="fieldset__legend custom-fields__legend">{t().customLegend}</legend>
        <For each={props.editable}>
          {(attr) => (
            <CustomControl attr={attr} value={props.values[attr.id] ?? ''} stored={props.stored[attr.id]} error={props.errorOf(customFieldId(attr.id))}
              note={props.notes?.[`custom:${attr.id}`]}
              onInput={(value) => props.onInput(attr.id, value)} />
          )}
        </For>
        <Show when={props.readOnly.length > 0}>
          <div class="custom-fields__kept">
            <p class="field__label">{t().customReadOnlyTitle}</p>
            <p class="field__hint">{t().customReadOnlyText}</p>
            <dl class="value-list">
              <For each={props.readOnly}>
                {(attr) => (
                  <div class="value-list__row">
                    <dt>
                      <UserText pl={attr.label} en={attr.labelEn} />
                    </dt>
                    <dd class="value-list__value">{displayValue(attr, props.stored[attr.id], lang(), { yes: t().customYes, no: t().customNo })}</dd>
                  </div>
                )}
              </For>
            </dl>
          </div>
        </Show>
      </fieldset>
    </Show>
  );
}

function CustomControl(props: {
  attr: Attribute; value: TypedValue; stored: unknown; error: string | undefined; note: string | undefined; onInput: (value: TypedValue) => void;
}) {
  const id = () => customFieldId(props.attr.id);
  const label = (): JSX.Element => (
    <>
      <UserText pl={props.attr.label} en={props.attr.labelEn} />
      {props.attr.required ? ` ${t().customRequired}` : ''}
    </>
  );
  const hint = () => localText(props.attr.hint, props.attr.hintEn, lang());
  const common = () => ({
    id: id(),
    label: label(),
    hint: hint().text || undefined,
    hintLang: hint().lang === lang() ? undefined : hint().lang,
    error: props.error,
    note: props.note,
    required: props.attr.required,
  });
  const text = () => (typeof props.value === 'string' ? props.value : '');
  const setText = (value: string) => props.onInput(value);
  // An optional single answer can be taken back: "Bez odpowiedzi" is its own radio.
  const noAnswer = (): ChoiceOption[] => (props.attr.required ? [] : [{ value: '', label: t().customNoAnswer }]);
  const choiceOptions = (): ChoiceOption[] =>
    offeredChoices(props.attr, props.stored).map((choice) => {
      const shown = localText(choice.label, choice.labelEn, lang());
      return {
        value: choice.key,
        label: choice.retired ? t().customChoiceRetired(shown.text) : shown.text,
        lang: shown.lang === lang() ? undefined : shown.lang,
      };
    });
  const yesNo = (): ChoiceOption[] => [{ value: 'true', label: t().customYes }, { value: 'false', label: t().customNo }, ...noAnswer()];
  const kind = () => props.attr.kind;

  return (
    <Switch>
      <Match when={kind() === 'longText'}>
        <TextArea {...common()} value={text()} onInput={setText} />
      </Match>
      <Match when={kind() === 'integer' || kind() === 'decimal'}>
        <TextField {...common()} value={text()} onInput={setText} inputmode={kind() === 'integer' ? 'numeric' : 'decimal'} autocomplete="off" />
      </Match>
      <Match when={kind() === 'date'}>
        <TextField {...common()} type="date" value={text()} onInput={setText} autocomplete="off" />
      </Match>
      <Match when={kind() === 'email'}>
        <TextField {...common()} value={text()} onInput={setText} inputmode="email" autocomplete="off" spellcheck={false} autocapitalize="none" />
      </Match>
      <Match when={kind() === 'phone'}>
        <TextField {...common()} value={text()} onInput={setText} inputmode="tel" autocomplete="off" />
      </Match>
      <Match when={kind() === 'url'}>
        <TextField {...common()} value={text()} onInput={setText} inputmode="url" autocomplete="off" spellcheck={false} autocapitalize="none" />
      </Match>
      <Match when={kind() === 'boolean'}>
        <RadioGroup {...common()} legend={label()} options={yesNo()} value={props.value === true ? 'true' : props.value === false ? 'false' : ''}
          onInput={(v) => props.onInput(v === 'true' ? true : v === 'false' ? false : '')} />
      </Match>
      <Match when={kind() === 'choice' && choiceOptions().length > MAX_RADIOS}>
        <SelectField {...common()} value={text()} onInput={setText} autocomplete="off"
          options={choiceOptions().map((o) => ({ value: o.value, label: String(o.label), lang: o.lang }))} />
      </Match>
      <Match when={kind() === 'choice'}>
        <RadioGroup {...common()} legend={label()} options={[...choiceOptions(), ...noAnswer()]} value={text()} onInput={setText} />
      </Match>
      <Match when={kind() === 'multiChoice'}>
        <CheckboxGroup {...common()} legend={label()} options={choiceOptions()} values={Array.isArray(props.value) ? props.value : []}
          onToggle={(key, on) => {
            const current = Array.isArray(props.value) ? props.value : [];
            props.onInput(on ? [...current, key] : current.filter((k) => k !== key));
          }} />
      </Match>
      <Match when={true}>
        {/* Company data, not the user's: "off" everywhere, so the browser never offers the operator's own details. */}
        <TextField {...common()} value={text()} onInput={setText} autocomplete="off" />
      </Match>
    </Switch>
  );
}
