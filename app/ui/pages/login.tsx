// /login: sign in online; explains why the user is here (logged out, session refused) and sends a fresh
// installation to /setup. A refused session's reason is said once, assertively (it needs action: sign in
// again, or hand the kept data over), while focus goes to the heading the reason sits under [issue 14].
import { createSignal, onMount, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { setupNeeded } from '../../sync/auth.ts';
import { downloadUnsent } from '../../local-db/unsent-export.ts';
import { storedProfile } from '../../sync/profile-store.ts';
import { clearNotice, discardKeptData, sessionNotice, signIn } from '../../sync/session.ts';
import { announce } from '../components/announcer.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { problemsFromError } from '../form-problems.ts';

export function LoginPage() {
  const navigate = useNavigate();
  const [login, setLogin] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  onMount(async () => {
    if (sessionNotice()?.kind === 'refused') announce(notice(), { level: 'assertive', visible: false });
    if (await setupNeeded().catch(() => false)) navigate('/setup', { replace: true });
  });

  const notice = () => {
    const n = sessionNotice();
    if (!n) return '';
    if (n.kind === 'logged-out') return t().loggedOut;
    const deactivated = n.reason === 'deactivated';
    const records = n.kept === 0 ? (n.draft ? '' : t().sessionDataRemoved) : deactivated ? t().sessionKeptDeactivated(n.kept) : t().sessionKeptForSameUser(n.kept);
    const draft = !n.draft ? '' : !deactivated ? t().sessionDraftKept : n.kept > 0 ? t().sessionDraftInFile : t().sessionDraftKeptDeactivated;
    return [t().sessionEnd[n.reason] ?? '', records, draft].filter(Boolean).join(' ');
  };
  /** A deactivated user's unsent records and typed draft: offered as a file, then removed on request. */
  const keptForever = () => {
    const n = sessionNotice();
    return n?.kind === 'refused' && n.reason === 'deactivated' && (n.kept > 0 || n.draft);
  };
  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const found: FormProblem[] = [];
    if (!login().trim()) found.push({ field: 'login', message: t().errLogin });
    if (!password()) found.push({ field: 'password', message: t().errPassword });
    if (found.length === 0) {
      setBusy(true);
      try {
        // No navigate('/') here: the SignedOut guard sends the user home as soon as the session is
        // signed in, before signIn() settles; a second landing would undo what they did meanwhile.
        await signIn({ login: login().trim(), password: password() });
        clearNotice();
        return;
      } catch (error) {
        found.push(...problemsFromError(error, { login: 'login', password: 'password' }));
      } finally {
        setBusy(false);
      }
    }
    setProblems(found);
    summary?.focus();
  }

  return (
    <>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <PageHeading title={t().loginTitle} error={problems().length > 0} />
      <Show when={notice()}>
        <div class="notice notice--info">
          <p>{notice()}</p>
          <Show when={keptForever()}>
            <p class="button-row">
              <button type="button" class="button button--secondary" onClick={() => void downloadUnsent(storedProfile()?.login ?? '')}>
                {t().sessionDownloadUnsent}
              </button>
              <button type="button" class="button button--warning" onClick={() => void discardKeptData()}>
                {t().sessionDiscardUnsent}
              </button>
            </p>
          </Show>
        </div>
      </Show>
      <form class="form" novalidate onSubmit={(e) => void submit(e)}>
        <TextField id="login" label={t().loginLogin} value={login()} onInput={setLogin} error={errorOf('login')} autocapitalize="none" autocomplete="username" spellcheck={false} required />
        <TextField id="password" type="password" label={t().loginPassword} value={password()} onInput={setPassword} error={errorOf('password')} autocomplete="current-password" required />
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().loginSubmit}
        </button>
      </form>
    </>
  );
}
