// The options of a choice attribute: add one, relabel, retire or restore a saved one, remove a new one
// not yet saved. Saved options are never deleted: records store their keys [P7]. Every button names
// its option, and focus never falls to <body> when an option goes away.
import { For, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { ATTRIBUTE_FIELD_IDS, choiceFieldId, type DraftChoice } from '../attribute-form-model.ts';
import { announce } from './announcer.tsx';
import { TextField } from './fields.tsx';

export function ChoicesEditor(props: {
  choices: readonly DraftChoice[];
  errorOf: (field: string) => string | undefined;
  onAdd: () => string;
  onChange: (key: string, change: Partial<Pick<DraftChoice, 'label' | 'labelEn' | 'retired'>>) => void;
  onRemove: (key: string) => void;
}) {
  const addError = () => props.errorOf(ATTRIBUTE_FIELD_IDS.addChoice);

  function add(): void {
    const key = props.onAdd();
    queueMicrotask(() => document.getElementById(choiceFieldId(key))?.focus());
  }

  function remove(index: number, key: string): void {
    // Focus moves to the option before, or to "Dodaj możliwość" when none is left before it.
    const before = props.choices[index - 1];
    props.onRemove(key);
    announce(t().announceChoiceRemoved);
    queueMicrotask(() => document.getElementById(before ? choiceFieldId(before.key) : ATTRIBUTE_FIELD_IDS.addChoice)?.focus());
  }

  return (
    <fieldset class="fieldset" classList={{ 'field--error': !!addError() }} aria-describedby={`choices-hint${addError() ? ' choices-error' : ''}`}>
      <legend class="fieldset__legend">{t().attrChoices}</legend>
      <p id="choices-hint" class="field__hint">
        {t().attrChoicesHint}
      </p>
      <Show when={addError()}>
        <p id="choices-error" class="field__error">
          <span class="visually-hidden">{t().errorInlinePrefix}</span> {addError()}
        </p>
      </Show>
      <ol class="choice-editor">
        <For each={props.choices}>
          {(choice, i) => {
            const name = () => t().choiceName(choice.label, i() + 1);
            return (
              <li class="choice-editor__item">
                <fieldset class="fieldset choice-editor__option">
                  <legend class="fieldset__legend">{t().choiceLegend(i() + 1)}</legend>
                  <Show when={choice.retired || !choice.saved}>
                    <p class="choice-editor__state">{choice.retired ? t().choiceStateRetired : t().choiceStateNew}</p>
                  </Show>
                  <TextField id={choiceFieldId(choice.key)} label={t().choiceLabel} value={choice.label} error={props.errorOf(choiceFieldId(choice.key))}
                    onInput={(v) => props.onChange(choice.key, { label: v })} required autocomplete="off" />
                  <TextField id={choiceFieldId(choice.key, true)} label={t().choiceLabelEn} value={choice.labelEn} lang="en"
                    error={props.errorOf(choiceFieldId(choice.key, true))} onInput={(v) => props.onChange(choice.key, { labelEn: v })} autocomplete="off" />
                  <Show
                    when={choice.saved}
                    fallback={
                      <button type="button" class="button button--secondary" onClick={() => remove(i(), choice.key)}>
                        {t().choiceRemove}
                        <span class="visually-hidden"> {name()}</span>
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="button button--secondary"
                      onClick={() => {
                        props.onChange(choice.key, { retired: !choice.retired });
                        announce((choice.retired ? t().announceChoiceRetired : t().announceChoiceRestored)(choice.label.trim()));
                      }}
                    >
                      {choice.retired ? t().choiceRestore : t().choiceRetire}
                      <span class="visually-hidden"> {name()}</span>
                    </button>
                  </Show>
                </fieldset>
              </li>
            );
          }}
        </For>
      </ol>
      <button type="button" id={ATTRIBUTE_FIELD_IDS.addChoice} class="button button--secondary" onClick={add}>
        {t().choiceAdd}
      </button>
    </fieldset>
  );
}
