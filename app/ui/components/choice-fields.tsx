// Radio and checkbox groups in a <fieldset> whose <legend> is the question (GOV.UK pattern), and a
// single checkbox; hint and inline error hang off the fieldset by aria-describedby. The first option
// carries the group's id, so an error summary link lands on it.
import { For, Show, type JSX } from 'solid-js';
import { describedBy, HintAndError } from './fields.tsx';

export interface ChoiceOption {
  value: string;
  label: JSX.Element;
  /** Shown under the option's label and linked to it. */
  hint?: string;
  /** The language of the label, when it is user text in another language than the page's. */
  lang?: string;
}

interface GroupProps {
  id: string;
  legend: JSX.Element;
  hint?: string;
  hintLang?: string;
  /** A verifier's note on the question (user text), until answered. */
  note?: string | undefined;
  error?: string;
  options: readonly ChoiceOption[];
}

/** Id of the i-th option's input: the first is the group's id (the error summary's target). */
export const optionId = (groupId: string, index: number) => (index === 0 ? groupId : `${groupId}-${index}`);

function Group(props: GroupProps & { children: JSX.Element }) {
  return (
    <fieldset class="fieldset" classList={{ 'field--error': !!props.error }} aria-describedby={describedBy(props)}>
      <legend class="fieldset__legend">{props.legend}</legend>
      <HintAndError id={props.id} hint={props.hint} hintLang={props.hintLang} note={props.note} error={props.error} />
      {props.children}
    </fieldset>
  );
}

function Option(props: { type: 'radio' | 'checkbox'; name: string; id: string; option: ChoiceOption; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="choice">
      <div class="checkbox">
        <input
          type={props.type}
          id={props.id}
          name={props.name}
          class="checkbox__input"
          value={props.option.value}
          checked={props.checked}
          aria-describedby={props.option.hint ? `${props.id}-hint` : undefined}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <label class="checkbox__label" for={props.id} lang={props.option.lang}>
          {props.option.label}
        </label>
      </div>
      <Show when={props.option.hint}>
        <p id={`${props.id}-hint`} class="field__hint choice__hint">
          {props.option.hint}
        </p>
      </Show>
    </div>
  );
}

/** One answer from a few options; `value` '' when none is chosen. */
export function RadioGroup(props: GroupProps & { value: string; onInput: (value: string) => void }) {
  return (
    <Group {...props}>
      <div class="choices">
        <For each={props.options}>
          {(option, i) => (
            <Option type="radio" name={props.id} id={optionId(props.id, i())} option={option} checked={props.value === option.value}
              onChange={(on) => on && props.onInput(option.value)} />
          )}
        </For>
      </div>
    </Group>
  );
}

/** Any number of options; `columns` lays short labels out side by side (voivodeships). */
export function CheckboxGroup(props: GroupProps & { values: readonly string[]; onToggle: (value: string, on: boolean) => void; columns?: boolean }) {
  return (
    <Group {...props}>
      <div classList={{ checkboxes: !!props.columns, choices: !props.columns }}>
        <For each={props.options}>
          {(option, i) => (
            <Option type="checkbox" name={props.id} id={optionId(props.id, i())} option={option} checked={props.values.includes(option.value)}
              onChange={(on) => props.onToggle(option.value, on)} />
          )}
        </For>
      </div>
    </Group>
  );
}

/** A single yes/no checkbox with its own label and hint ("Rekordy są weryfikowane"). */
export function CheckboxField(props: { id: string; label: string; hint?: string; checked: boolean; onInput: (on: boolean) => void }) {
  return (
    <div class="field choice">
      <div class="checkbox">
        <input
          type="checkbox"
          id={props.id}
          name={props.id}
          class="checkbox__input"
          checked={props.checked}
          aria-describedby={props.hint ? `${props.id}-hint` : undefined}
          onChange={(e) => props.onInput(e.currentTarget.checked)}
        />
        <label class="checkbox__label" for={props.id}>
          {props.label}
        </label>
      </div>
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="field__hint choice__hint">
          {props.hint}
        </p>
      </Show>
    </div>
  );
}
