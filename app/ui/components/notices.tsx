// Notices above the page content: a new app version is waiting, the app is outdated (426), and changes
// the server refused. Each is announced once through the status region and stays visible as text.
import { createEffect, createMemo, For, on, Show } from 'solid-js';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { dismissRefused, refused$, type RefusedChange } from '../../local-db/refused.ts';
import { needRefresh, refreshApp } from '../../pwa/register.ts';
import { outdated } from '../../sync/status.ts';
import { lastRefused } from '../../sync/session.ts';
import { serverIssueMessage } from '../field-issues.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from './announcer.tsx';
import { UserText, WithUserText } from './user-text.tsx';

/** More refused records than this at once are announced as one line; the notice lists them all. */
const ANNOUNCED_REFUSALS = 3;

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
  const attributes = observe(() => db()?.attributes.find().$);
  const attributeMap = createMemo(() => new Map((attributes.value() ?? []).map((doc) => [doc.id, doc.toJSON() as Attribute])));
  // Each field problem names its field, and a limit says how short ("Tekst w polu „Uwagi” jest za długi
  // – skróć go do 5000 znaków"); a custom attribute is named by its own name, user text [issue 14].
  const messages = (item: RefusedChange) => (item.issues ?? []).map((issue) => serverIssueMessage(item.collection, issue, attributeMap(), lang()));
  const codeText = (code: string) => t().refusedCodes[code] ?? code;
  // Said once, with what the notice says of each record: the user hears which field and what to do.
  createEffect(on(lastRefused, (changes) => {
    if (changes.length === 0) return;
    if (changes.length > ANNOUNCED_REFUSALS) return announce(t().announceRefused);
    announce(changes.map((item) => t().announceRefusedRecord(item.label, [codeText(item.code), ...messages(item).map((m) => m.text)].join('; '))).join(' '));
  }, { defer: true }));
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
                <UserText>{item.label}</UserText>: {codeText(item.code)}
                <For each={messages(item)}>
                  {(message) => (
                    <>
                      {'; '}
                      <WithUserText template={message.template} values={message.values} />
                    </>
                  )}
                </For>
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
