// GOV.UK error summary: at the top of the form, focused after a failed submit, one link per problem.
import { For, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import type { FormProblem } from '../form-problems.ts';

export type { FormProblem };

/** Moves focus to a field from the summary (a plain #hash link would only scroll). */
export function focusField(event: MouseEvent, id: string): void {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  // Scroll the label into view too, so the question is visible above the field.
  (document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? field).scrollIntoView({ block: 'start' });
  field.focus({ preventScroll: true });
}

export function ErrorSummary(props: { problems: FormProblem[]; ref?: (el: HTMLDivElement) => void }) {
  return (
    <Show when={props.problems.length > 0}>
      <div class="error-summary" tabindex="-1" ref={props.ref}>
        <h2 class="error-summary__title">{t().errorSummaryTitle}</h2>
        <ul class="error-summary__list">
          <For each={props.problems}>
            {(problem) => (
              <li>
                <Show when={problem.field} fallback={problem.message}>
                  {(field) => (
                    <a href={`#${field()}`} onClick={(e) => focusField(e, field())}>
                      {problem.message}
                    </a>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
