// A record's verdict as the record form shows it: the summary to open with, and the verifier's notes on
// single fields until the operator answers them by editing the field [V8] (schemas/rules/edit.ts openNotes).
import { STANDARD_KEYS, type Client } from '../../schemas/entities/client.ts';
import { openNotes } from '../../schemas/rules/edit.ts';
import { customFieldId } from './custom-form.ts';

/**
 * What the form shows of the verdict: `rejected`; `corrected` while a note is unanswered (the same
 * summary), `corrected-done` once all are; `approved`; null for unverified records and in orders that
 * are not verified (no verification UI at all).
 */
export type VerdictView = 'rejected' | 'corrected' | 'corrected-done' | 'approved' | null;

export function verdictView(record: Client, verificationRequired: boolean): VerdictView {
  if (!verificationRequired) return null;
  const state = record.verification.state;
  if (state === 'rejected' || state === 'approved') return state;
  if (state === 'corrected') return Object.keys(openNotes(record)).length > 0 ? 'corrected' : 'corrected-done';
  return null;
}

export interface FormNote {
  path: string;
  /** The id of the field's control (the summary links to it); null when the form does not show the field. */
  fieldId: string | null;
  label: string;
  note: string;
}

/**
 * The notes still open: answered by an edit stored after the verdict (openNotes), or by a change typed
 * in the open form (`changedInForm`). In the form's order: standard fields, then the shown custom ones.
 */
export function formNotes(
  record: Client, shownCustomIds: readonly string[], changedInForm: (path: string) => boolean, labelOf: (path: string) => string,
): FormNote[] {
  const open = openNotes(record);
  const order = [...STANDARD_KEYS, ...shownCustomIds.map((id) => `custom:${id}`)];
  const rank = (path: string) => {
    const i = order.indexOf(path);
    return i === -1 ? order.length : i;
  };
  return Object.keys(open)
    .filter((path) => !changedInForm(path))
    .sort((a, b) => rank(a) - rank(b))
    .map((path) => {
      const custom = path.startsWith('custom:') ? path.slice('custom:'.length) : null;
      const shown = custom === null ? (STANDARD_KEYS as readonly string[]).includes(path) : shownCustomIds.includes(custom);
      return { path, fieldId: shown ? (custom === null ? path : customFieldId(custom)) : null, label: labelOf(path), note: open[path]! };
    });
}
