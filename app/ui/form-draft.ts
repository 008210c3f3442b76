// Keeps what the user typed into a form when the server refuses the session mid-typing, and gives it
// back on the same form after they sign in again (issue 14, finding 1: nothing typed is lost). Works on
// the form's controls by id, so a form needs one call, whatever fields it has.
import { onCleanup } from 'solid-js';
import { t } from '../i18n/i18n.ts';
import { forgetDraft, keptDraft, storeDraft } from '../sync/draft-store.ts';
import { currentUser, keepOnRefusal } from '../sync/session.ts';
import { announce } from './components/announcer.tsx';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isControl = (el: EventTarget | null): el is Control =>
  el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
const valueOf = (el: Control): string | boolean =>
  el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value;

/** Puts a kept value back the way typing would, so the form's own handlers update its state. */
function restore(el: Control, value: string | boolean): void {
  if (typeof value === 'boolean') {
    if (el instanceof HTMLInputElement && el.checked !== value && (value || el.type === 'checkbox')) el.click();
    return;
  }
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * Call with the form element once it is rendered, inside the component. What the user changed (a
 * control's value differing from the one it had when first focused) is kept if the session is refused;
 * a draft kept for this user and `path` is put back, announced, and then forgotten.
 */
export function keepFormDraft(form: HTMLFormElement, path: string): void {
  const before = new Map<string, string | boolean>();
  const remember = (event: Event) => {
    const el = event.target;
    if (isControl(el) && el.id && !before.has(el.id)) before.set(el.id, valueOf(el));
  };
  form.addEventListener('focusin', remember);
  // A value set without focus (a script, an autofill) counts from its first change.
  form.addEventListener('beforeinput', remember);

  const unregister = keepOnRefusal((userId) => {
    const fields: Record<string, string | boolean> = {};
    for (const [id, was] of before) {
      const el = form.querySelector(`#${CSS.escape(id)}`);
      if (isControl(el) && valueOf(el) !== was) fields[id] = valueOf(el);
    }
    if (Object.keys(fields).length === 0) return false;
    storeDraft(userId, { path, fields, savedAt: Date.now() });
    return keptDraft(userId) !== null;
  });
  onCleanup(() => {
    unregister();
    form.removeEventListener('focusin', remember);
    form.removeEventListener('beforeinput', remember);
  });

  const user = currentUser();
  const draft = user ? keptDraft(user.id) : null;
  if (!user || !draft || draft.path !== path) return;
  forgetDraft(user.id);
  // After the form's own start-up effects (values loaded from the record), so the draft wins.
  setTimeout(() => {
    for (const [id, value] of Object.entries(draft.fields)) {
      const el = form.querySelector(`#${CSS.escape(id)}`);
      if (!isControl(el) || el.disabled) continue;
      before.set(id, valueOf(el));
      restore(el, value);
    }
    announce(t().draftRestored);
  });
}
