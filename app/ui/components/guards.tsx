// Route guards mirroring the session: signed-in pages wait for the start-up check, then send a
// signed-out visitor to /login; the login and setup pages send a signed-in user home.
import { Match, Switch, type JSX } from 'solid-js';
import { Navigate } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { sessionState } from '../../sync/session.ts';

export function Loading() {
  return <p class="loading">{t().loading}</p>;
}

export function SignedIn(props: { children: JSX.Element }) {
  return (
    <Switch>
      <Match when={sessionState() === 'starting'}>
        <Loading />
      </Match>
      <Match when={sessionState() === 'signed-out'}>
        <Navigate href="/login" />
      </Match>
      <Match when={sessionState() === 'signed-in'}>{props.children}</Match>
    </Switch>
  );
}

export function SignedOut(props: { children: JSX.Element }) {
  return (
    <Switch>
      <Match when={sessionState() === 'starting'}>
        <Loading />
      </Match>
      <Match when={sessionState() === 'signed-in'}>
        <Navigate href="/" />
      </Match>
      <Match when={sessionState() === 'signed-out'}>{props.children}</Match>
    </Switch>
  );
}
