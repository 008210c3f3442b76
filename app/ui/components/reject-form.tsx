// The inline reject form of the review screen: a required reason and, per field, an optional short note
// revealed by its checkbox ("Dodaj uwagę do pola NIP"). Validated on submit (GOV.UK): problems go to the
// page's error summary, which takes focus; nothing typed is cleared, an unticked note is kept in case it
// is ticked again.
import { createSignal, For, onMount, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { VERDICT_LIMITS } from '../../../schemas/entities/client.ts';
import { lang, t } from '../../i18n/i18n.ts';
import type { PageProblems } from '../page-problems.ts';
import type { ReviewField } from '../review-fields.ts';
import type { FormProblem } from './error-summary.tsx';
import { TextArea, TextField } from './fields.tsx';
import { UserText } from './user-text.tsx';

export const REASON_ID = 'reject-reason';
// Ids from note paths ("custom:<id>"): letters, digits, '-' and '_' only.
const safe = (path: string) => path.replace(/[^A-Za-z0-9_-]/g, '-');
export const noteId = (path: string) => `note-${safe(path)}`;
const toggleId = (path: string) => `note-toggle-${safe(path)}`;

export function RejectForm(props: {
  fields: readonly ReviewField[];
  page: PageProblems;
  busy: boolean;
  onReject: (verdict: { reason: string; notes: Record<string, string> }) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = createSignal('');
  const [marked, setMarked] = createStore<Record<string, boolean>>({});
  const [notes, setNotes] = createStore<Record<string, string>>({});
  // Opened by "Odrzuć" (button or shortcut): the reason is what to write first.
  onMount(() => document.getElementById(REASON_ID)?.focus());

  /** A field's label, marked with its language when a custom label is not in the UI's. */
  const Label = (p: { field: ReviewField; words: (label: string) => string }) => (
    <>
      {p.words('')}
      <span lang={p.field.labelLang === lang() ? undefined : p.field.labelLang}>{p.field.label}</span>
    </>
  );

  function submit(event: SubmitEvent): void {
    event.preventDefault();
    if (props.busy) return;
    const found: FormProblem[] = [];
    const text = reason().trim();
    if (text === '') found.push({ field: REASON_ID, message: t().errRejectReason });
    else if (text.length > VERDICT_LIMITS.reason) found.push({ field: REASON_ID, message: t().errRejectReasonLong(VERDICT_LIMITS.reason) });
    const chosen: Record<string, string> = {};
    for (const field of props.fields) {
      if (!marked[field.path]) continue;
      const note = (notes[field.path] ?? '').trim();
      if (note === '') found.push({ field: noteId(field.path), message: t().errNoteEmpty(field.label) });
      else if (note.length > VERDICT_LIMITS.note) found.push({ field: noteId(field.path), message: t().errNoteLong(field.label, VERDICT_LIMITS.note) });
      else chosen[field.path] = note;
    }
    const firstToggle = props.fields.find((f) => marked[f.path]);
    if (Object.keys(chosen).length > VERDICT_LIMITS.notes && firstToggle) {
      found.push({ field: toggleId(firstToggle.path), message: t().errTooManyNotes(VERDICT_LIMITS.notes) });
    }
    if (found.length > 0) {
      props.page.report(found);
      return;
    }
    props.onReject({ reason: text, notes: chosen });
  }

  return (
    <form class="form" novalidate aria-labelledby="reject-title" onSubmit={submit}>
      <h3 id="reject-title">{t().rejectFormTitle}</h3>
      <TextArea id={REASON_ID} label={t().rejectReason} hint={t().rejectReasonHint} value={reason()} onInput={setReason}
        error={props.page.errorOf(REASON_ID)} required />
      <fieldset class="fieldset" aria-describedby="reject-notes-hint">
        <legend class="fieldset__legend">{t().rejectNotesLegend}</legend>
        <p id="reject-notes-hint" class="field__hint">
          {t().rejectNotesHint(VERDICT_LIMITS.note)}
        </p>
        <For each={props.fields}>
          {(field) => (
            <div class="choice">
              <div class="checkbox">
                <input type="checkbox" id={toggleId(field.path)} class="checkbox__input" checked={!!marked[field.path]}
                  aria-describedby={`${toggleId(field.path)}-hint`} onChange={(e) => setMarked(field.path, e.currentTarget.checked)} />
                <label class="checkbox__label" for={toggleId(field.path)}>
                  <Label field={field} words={t().rejectAddNote} />
                </label>
              </div>
              <p id={`${toggleId(field.path)}-hint`} class="field__hint choice__hint">
                {t().rejectCurrent}{' '}
                <Show when={field.value} fallback={t().reviewEmpty}>
                  <UserText>{field.value}</UserText>
                </Show>
              </p>
              <Show when={marked[field.path]}>
                <TextField id={noteId(field.path)} label={<Label field={field} words={t().rejectNote} />} value={notes[field.path] ?? ''}
                  onInput={(value) => setNotes(field.path, value)} error={props.page.errorOf(noteId(field.path))} autocomplete="off" />
              </Show>
            </div>
          )}
        </For>
      </fieldset>
      <div class="button-row">
        <button type="submit" class="button button--warning" aria-disabled={props.busy ? 'true' : undefined}>
          {t().rejectSubmit}
        </button>
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t().cancel}
        </button>
      </div>
    </form>
  );
}
