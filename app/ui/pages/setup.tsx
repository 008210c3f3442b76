// /setup: the one-time form that creates the first administrator (only while the server says it is needed).
import { createSignal, onMount, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { PASSWORD_MIN_LENGTH, checkNewAccount } from '../../../schemas/entities/user.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { issueText } from '../../i18n/issues.ts';
import { setupNeeded } from '../../sync/auth.ts';
import { setUpFirstAdmin } from '../../sync/session.ts';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { TextField } from '../components/fields.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { problemsFromError } from '../form-problems.ts';

type Field = 'name' | 'login' | 'password' | 'password2';

export function SetupPage() {
  const navigate = useNavigate();
  const [checked, setChecked] = createSignal(false);
  const [values, setValues] = createSignal<Record<Field, string>>({ name: '', login: '', password: '', password2: '' });
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  onMount(async () => {
    // Only the first run shows this form; afterwards (or when offline and unknown) the login page.
    const needed = await setupNeeded().catch(() => false);
    if (!needed) navigate('/login', { replace: true });
    else setChecked(true);
  });

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const errorOf = (field: Field) => problems().find((p) => p.field === field)?.message;

  function validate(): FormProblem[] {
    const v = values();
    // The same account rules the server applies (schemas/entities/user.ts), with their texts.
    const found: FormProblem[] = checkNewAccount(v).map((issue) => ({ field: issue.field, message: issueText(issue.code, lang()) }));
    if (!v.password2) found.push({ field: 'password2', message: t().errPasswordRepeat });
    else if (v.password && v.password !== v.password2) found.push({ field: 'password2', message: t().errPasswordMismatch });
    return found;
  }

  function show(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const found = validate();
    if (found.length > 0) return show(found);
    setBusy(true);
    try {
      const v = values();
      // No navigate() here: the SignedOut guard sends the new administrator home once signed in;
      // a second redirect would land twice (see login.tsx).
      await setUpFirstAdmin({ name: v.name.trim(), login: v.login.trim(), password: v.password });
    } catch (error) {
      show(problemsFromError(error, { name: 'name', login: 'login', password: 'password' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={checked()} fallback={<Loading />}>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <PageHeading title={t().setupTitle} error={problems().length > 0} />
      <p>{t().setupIntro}</p>
      <form class="form" novalidate onSubmit={(e) => void submit(e)}>
        <TextField id="name" label={t().setupName} value={values().name} onInput={set('name')} error={errorOf('name')} autocomplete="name" required />
        <TextField id="login" label={t().setupLogin} hint={t().setupLoginHint} autocapitalize="none" value={values().login} onInput={set('login')} error={errorOf('login')} autocomplete="username" spellcheck={false} required />
        <TextField id="password" type="password" label={t().setupPassword} hint={t().setupPasswordHint(PASSWORD_MIN_LENGTH)} value={values().password} onInput={set('password')} error={errorOf('password')} autocomplete="new-password" required />
        <TextField id="password2" type="password" label={t().setupPasswordRepeat} value={values().password2} onInput={set('password2')} error={errorOf('password2')} autocomplete="new-password" required />
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().setupSubmit}
        </button>
      </form>
    </Show>
  );
}
