// /login: sign in online; explains why the user is here (logged out, session refused) and sends a fresh
// installation to /setup.
import { createSignal, onMount, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { setupNeeded } from '../../sync/auth.ts';
import { clearNotice, sessionNotice, signIn } from '../../sync/session.ts';
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
    if (await setupNeeded().catch(() => false)) navigate('/setup', { replace: true });
  });

  const notice = () =>
    sessionNotice() === 'refused' ? t().sessionRefused : sessionNotice() === 'refused-kept' ? t().sessionRefusedKept : sessionNotice() === 'logged-out' ? t().loggedOut : '';
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
        await signIn({ login: login().trim(), password: password() });
        clearNotice();
        navigate('/', { replace: true });
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
        <p class="notice notice--info">{notice()}</p>
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
