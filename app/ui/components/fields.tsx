// Labelled form controls with hint and inline error (GOV.UK pattern): aria-describedby links both,
// aria-invalid marks the error, and the error text starts with a visually hidden "Błąd:". A verifier's
// note on the field and a line below it (a duplicate NIP) join the description the same way.
import { For, Show, type JSX } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { UserText } from './user-text.tsx';

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
  /** A verifier's note on this field (user text), shown as "Uwaga weryfikatora: …" until answered. */
  note?: string | undefined;
  /**
   * Renders what is shown under the control, part of its description (`<id>-below`): a possible
   * duplicate. A function, so reading whether it is there does not render it.
   */
  below?: (() => JSX.Element) | undefined;
  /**
   * "(wymagane)" / "(opcjonalnie)" shown after the label, outside it: in sight, not in the accessible
   * name (aria-required says "required"; twenty spoken "opcjonalnie" would be noise) [issue 14].
   */
  mark?: string;
}

type Described = { id: string; hint?: string | undefined; note?: string | undefined; error?: string | undefined; below?: unknown };

/** The ids of a control's hint, note, error and line below, for aria-describedby; undefined when it has none. */
export const describedBy = (props: Described) =>
  [
    props.hint ? `${props.id}-hint` : '',
    props.note ? `${props.id}-note` : '',
    props.error ? `${props.id}-error` : '',
    props.below ? `${props.id}-below` : '',
  ].filter(Boolean).join(' ') || undefined;

/** The hint, the verifier's note and the inline error of a control or group, with the ids describedBy() names. */
export function HintAndError(props: { id: string; hint?: string | undefined; hintLang?: string | undefined; note?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="field__hint" lang={props.hintLang}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.note}>
        <p id={`${props.id}-note`} class="field__note">
          <span class="field__note-icon" aria-hidden="true">
            !
          </span>{' '}
          <strong>{t().recNotePrefix}</strong> <UserText>{props.note}</UserText>
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
      <label class="field__label" classList={{ 'field__label--marked': !!props.mark }} for={props.id}>
        {props.label}
      </label>
      <Show when={props.mark}>
        <span class="field__mark" aria-hidden="true">
          {props.mark}
        </span>
      </Show>
      <HintAndError id={props.id} hint={props.hint} hintLang={props.hintLang} note={props.note} error={props.error} />
      {props.children}
      <Show when={props.below}>
        {(render) => (
          <div id={`${props.id}-below`} class="field__below">
            {render()()}
          </div>
        )}
      </Show>
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

/**
 * An option's `lang` is set when its text is user text in another language than the page's (a person's
 * name, a Polish option label in the English UI): an <option> holds text only, no marked span [issue 14].
 */
export function SelectField(props: FieldProps & { options: readonly { value: string; label: string; lang?: string | undefined }[]; autocomplete?: string }) {
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
            <option value={option.value} selected={option.value === props.value} lang={option.lang}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </Frame>
  );
}
