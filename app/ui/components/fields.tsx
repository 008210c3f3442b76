// Labelled form controls with hint and inline error (GOV.UK pattern): aria-describedby links both,
// aria-invalid marks the error, and the error text starts with a visually hidden "Błąd:".
import { For, Show, type JSX } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

interface FieldProps {
  id: string;
  /** Text, or text with a `lang` span (a user-defined label in another language than the page's). */
  label: JSX.Element;
  hint?: string;
  error?: string;
  value: string;
  onInput: (value: string) => void;
  required?: boolean;
  /** The language of what is typed, when it differs from the page's (an English label: 'en'). */
  lang?: string;
  /** The language of the hint, when it is user text in another language than the page's. */
  hintLang?: string;
}

/** The ids of a control's hint and error, for aria-describedby; undefined when it has neither. */
export const describedBy = (props: { id: string; hint?: string | undefined; error?: string | undefined }) =>
  [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The hint and the inline error of a control or group, with the ids describedBy() names. */
export function HintAndError(props: { id: string; hint?: string | undefined; hintLang?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="field__hint" lang={props.hintLang}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="field__error">
          <span class="visually-hidden">{t().errorInlinePrefix}</span> {props.error}
        </p>
      </Show>
    </>
  );
}

/** The ARIA every control shares; getters keep it reactive through Solid's spread. */
const controlAria = (props: FieldProps) => ({
  get 'aria-describedby'() { return describedBy(props); },
  get 'aria-invalid'() { return props.error ? ('true' as const) : undefined; },
  get 'aria-required'() { return props.required ? ('true' as const) : undefined; },
});

function Frame(props: FieldProps & { children: JSX.Element }) {
  return (
    <div class="field" classList={{ 'field--error': !!props.error }}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <HintAndError id={props.id} hint={props.hint} hintLang={props.hintLang} error={props.error} />
      {props.children}
    </div>
  );
}

export function TextField(props: FieldProps & {
  /** Never 'number' (QUALITY.md): numbers are text inputs with an inputmode. */
  type?: 'text' | 'password' | 'date';
  inputmode?: JSX.HTMLAttributes<HTMLInputElement>['inputmode'];
  autocomplete?: string;
  spellcheck?: boolean;
  /** 'none' for logins: a tablet keyboard must not capitalise the first letter. */
  autocapitalize?: 'none' | 'sentences';
}) {
  return (
    <Frame {...props}>
      <input
        id={props.id}
        name={props.id}
        class="field__input"
        type={props.type ?? 'text'}
        lang={props.lang}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete as JSX.HTMLAutocomplete | undefined}
        spellcheck={props.spellcheck}
        autocapitalize={props.autocapitalize}
        {...controlAria(props)}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  return (
    <Frame {...props}>
      <textarea
        id={props.id}
        name={props.id}
        class="field__input field__input--textarea"
        rows={props.rows ?? 4}
        lang={props.lang}
        {...controlAria(props)}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Frame>
  );
}

export function SelectField(props: FieldProps & { options: readonly { value: string; label: string }[]; autocomplete?: string }) {
  return (
    <Frame {...props}>
      <select
        id={props.id}
        name={props.id}
        class="field__input field__input--select"
        autocomplete={props.autocomplete as JSX.HTMLAutocomplete | undefined}
        {...controlAria(props)}
        onChange={(e) => props.onInput(e.currentTarget.value)}
      >
        <option value="" selected={props.value === ''}>
          {t().selectPlaceholder}
        </option>
        <For each={props.options}>
          {(option) => (
            <option value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </Frame>
  );
}
