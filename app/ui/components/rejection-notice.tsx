// At the top of the record form: the verifier's verdict in words and an icon, never colour alone. A
// rejected record (or a corrected one with notes still open) gets a GOV.UK-style summary — the reason,
// and a link per marked field that moves focus to it; an approved record says so. Then the duplicate
// flag the server sets. Everything follows replication live.
import { For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import type { Client } from '../../../schemas/entities/client.ts';
import { t } from '../../i18n/i18n.ts';
import type { FormNote, VerdictView } from '../verdict-model.ts';
import { focusField } from './error-summary.tsx';
import { UserText } from './user-text.tsx';

export function RejectionNotice(props: {
  verification: Client['verification'];
  view: VerdictView;
  notes: readonly FormNote[];
  /** The language of a field's label when it is not the page's (a Polish custom attribute label in English). */
  labelLang?: (path: string) => string | undefined;
  /** The summary element, focused when the form opens on a rejected record. */
  ref?: (el: HTMLDivElement) => void;
}) {
  return (
    <Switch>
      <Match when={props.view === 'rejected' || props.view === 'corrected'}>
        <div class="verdict-summary" tabindex="-1" ref={props.ref} role="group" aria-labelledby="verdict-summary-title">
          <h2 id="verdict-summary-title" class="verdict-summary__title">
            <span class="status-icon status-icon--rejected" aria-hidden="true">
              ✕
            </span>{' '}
            {t().recRejectedLead} <UserText>{props.verification.reason || t().rejectedNoReason}</UserText>
          </h2>
          <p>{props.view === 'corrected' ? t().recCorrectedText : t().rejectedHelp}</p>
          <Show when={props.notes.length > 0}>
            <p class="verdict-summary__intro">{t().recNotesIntro}</p>
            <ul class="verdict-summary__list">
              <For each={props.notes}>
                {(note) => (
                  <li>
                    <Show when={note.fieldId} fallback={<NoteText note={note} lang={props.labelLang?.(note.path)} />}>
                      {(id) => (
                        <a href={`#${id()}`} onClick={(e) => focusField(e, id())}>
                          <NoteText note={note} lang={props.labelLang?.(note.path)} />
                        </a>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </Match>
      <Match when={props.view === 'corrected-done'}>
        <p class="verdict-status">
          <span class="status-icon status-icon--corrected" aria-hidden="true">
            ↻
          </span>{' '}
          {t().recVerificationIs} <strong>{t().status.corrected}</strong>. {t().recCorrectedDone}
        </p>
      </Match>
      <Match when={props.view === 'approved'}>
        <p class="verdict-status verdict-status--approved">
          <span class="status-icon status-icon--approved" aria-hidden="true">
            ✓
          </span>{' '}
          {t().recVerificationIs} <strong>{t().status.approved}</strong>. {t().recApprovedText}
        </p>
      </Match>
    </Switch>
  );
}

function NoteText(props: { note: FormNote; lang: string | undefined }) {
  return (
    <>
      <span lang={props.lang}>{props.note.label}</span>: <UserText>{props.note.note}</UserText>
    </>
  );
}

/**
 * The server's duplicate flag [P1]: a link to the other record when the device holds it, otherwise it
 * belongs to another operator (outside this user's scope) and is only described.
 */
export function DuplicateFlag(props: { other: { id: string; orderId: string; name: string } | null; flagged: boolean }) {
  return (
    <Show when={props.flagged}>
      <p class="notice notice--info">
        <Show when={props.other} fallback={t().dupServerForeign}>
          {(other) => (
            <>
              {t().dupServerLead}{' '}
              <A href={`/zlecenie/${encodeURIComponent(other().orderId)}/rekord/${encodeURIComponent(other().id)}`}>
                <UserText>{other().name || t().recUnnamed}</UserText>
              </A>
              . {t().dupNotBlocking}
            </>
          )}
        </Show>
      </p>
    </Show>
  );
}
