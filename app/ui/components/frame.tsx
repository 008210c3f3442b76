// The app frame around every page: skip link, header (name, navigation, sync status, language, logout),
// the single status region, notices, and <main> that the skip link targets.
import { Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { t, toggleLang } from '../../i18n/i18n.ts';
import { currentUser, sessionState } from '../../sync/session.ts';
import { definesAttributes, managesUsers, seesProgress, seesStructure, seesVerification } from '../roles.ts';
import { Announcer } from './announcer.tsx';
import { LogoutButton } from './logout-button.tsx';
import { OutdatedNotice, RefusedNotice, UpdatePrompt } from './notices.tsx';
import { SyncStatusText } from './sync-status.tsx';
import { VerdictWatcher } from './verdict-watcher.tsx';
import { WithUserText } from './user-text.tsx';

export function Frame(props: { children?: JSX.Element }) {
  const signedIn = () => sessionState() === 'signed-in';
  return (
    <>
      <a href="#main" class="skip-link" onClick={skipToMain}>
        {t().skipLink}
      </a>
      <header class="header">
        <div class="header__inner">
          <p class="header__name">{t().appName}</p>
          <Show when={signedIn()}>
            <nav class="header__nav" aria-label={t().navLabel}>
              <A href="/zlecenia" class="header__link" activeClass="header__link--active">
                {t().navOrders}
              </A>
              <Show when={seesProgress(currentUser()?.role)}>
                <A href="/postep" class="header__link" activeClass="header__link--active">
                  {t().navProgress}
                </A>
              </Show>
              <Show when={seesVerification(currentUser()?.role)}>
                <A href="/weryfikacja" class="header__link" activeClass="header__link--active">
                  {t().navVerify}
                </A>
              </Show>
              <Show when={managesUsers(currentUser()?.role)}>
                <A href="/uzytkownicy" class="header__link" activeClass="header__link--active">
                  {t().navUsers}
                </A>
              </Show>
              <Show when={seesStructure(currentUser()?.role)}>
                <A href="/struktura" class="header__link" activeClass="header__link--active">
                  {t().navStructure}
                </A>
              </Show>
              <Show when={definesAttributes(currentUser()?.role)}>
                <A href="/atrybuty" class="header__link" activeClass="header__link--active">
                  {t().navAttributes}
                </A>
              </Show>
            </nav>
            <SyncStatusText />
          </Show>
          <div class="header__actions">
            <Show when={currentUser()}>
              {(user) => (
                <p class="header__user">
                  <WithUserText template={(name) => t().signedInAs(name, t().roles[user().role] ?? user().role)} values={[user().name]} />
                </p>
              )}
            </Show>
            <button type="button" class="button button--secondary" lang={t().switchLanguageLang} onClick={toggleLang}>
              {t().switchLanguage}
            </button>
            <Show when={signedIn()}>
              <LogoutButton />
            </Show>
          </div>
        </div>
      </header>
      <Announcer />
      <VerdictWatcher />
      <UpdatePrompt />
      <OutdatedNotice />
      <Show when={signedIn()}>
        <RefusedNotice />
      </Show>
      <main id="main" class="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}

/** The router would treat "#main" as a navigation; move focus to <main> instead. */
function skipToMain(event: MouseEvent): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
