// Notices above the page content: a new app version is waiting, the app is outdated (426), and changes
// the server refused. Each is announced once through the status region and stays visible as text.
import { createEffect, createMemo, For, on, Show } from 'solid-js';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { dismissRefused, refused$ } from '../../local-db/refused.ts';
import { needRefresh, refreshApp } from '../../pwa/register.ts';
import { fieldIssueText } from '../../i18n/issues.ts';
import { outdated } from '../../sync/status.ts';
import { lastRefused } from '../../sync/session.ts';
import { recordFieldLabel } from '../custom-form.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from './announcer.tsx';
import { UserText } from './user-text.tsx';

/** "Dostępna nowa wersja — Odśwież" (registerType 'prompt': nothing reloads without the user). */
export function UpdatePrompt() {
  createEffect(on(needRefresh, (ready) => ready && announce(t().updateAvailable), { defer: true }));
  return (
    <Show when={needRefresh() && !outdated()}>
      <section class="notice" aria-labelledby="update-title">
        <p id="update-title" class="notice__text">
          {t().updateAvailable}
        </p>
        <button type="button" class="button" onClick={() => void refreshApp()}>
          {t().refresh}
        </button>
      </section>
    </Show>
  );
}

/** The server answered 426: sending stops, local writes stay, the user is asked to update. */
export function OutdatedNotice() {
  createEffect(on(outdated, (isOutdated) => isOutdated && announce(t().outdatedText), { defer: true }));
  return (
    <Show when={outdated()}>
      <section class="notice notice--problem" aria-labelledby="outdated-text">
        <p id="outdated-text" class="notice__text">
          {t().outdatedText}
        </p>
        <button type="button" class="button" onClick={() => void refreshApp()}>
          {t().refresh}
        </button>
      </section>
    </Show>
  );
}

/** Rows the server kept in its refused-changes log [S8]: listed until the user confirms reading them. */
export function RefusedNotice() {
  const db = useDatabase();
  const refused = observe(() => db() && refused$(db()!));
  createEffect(on(lastRefused, (changes) => changes.length > 0 && announce(t().announceRefused), { defer: true }));
  const attributes = observe(() => db()?.attributes.find().$);
  const attributeMap = createMemo(() => new Map((attributes.value() ?? []).map((doc) => [doc.id, doc.toJSON() as Attribute])));
  // Each field problem names its field ("Tekst w polu „Uwagi” jest za długi – skróć go") [issue 14].
  const reason = (code: string, issues?: { field: string; code: string }[]) =>
    [t().refusedCodes[code] ?? code, ...(issues ?? []).map((issue) => fieldIssueText(issue.code, recordFieldLabel(issue.field, attributeMap(), lang()), lang()))].join('; ');
  return (
    <Show when={(refused.value() ?? []).length > 0}>
      <section class="notice notice--problem" aria-labelledby="refused-title">
        <h2 id="refused-title" class="notice__title">
          {t().refusedTitle}
        </h2>
        <p>{t().refusedText}</p>
        <ul>
          <For each={refused.value()}>
            {(item) => (
              <li>
                <UserText>{item.label}</UserText>: {reason(item.code, item.issues)}
              </li>
            )}
          </For>
        </ul>
        <button type="button" class="button button--secondary" onClick={() => db() && void dismissRefused(db()!)}>
          {t().refusedDismiss}
        </button>
      </section>
    </Show>
  );
}
