// "Resetuj hasło" on /uzytkownik/:id: a new password for the user; the server ends all their sessions.
import { createSignal } from 'solid-js';
import { PASSWORD_MIN_LENGTH, checkPassword } from '../../../schemas/entities/user.ts';
import type { ManagedUser } from '../../../schemas/protocol/admin.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { issueText } from '../../i18n/issues.ts';
import { resetPassword } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import type { PageProblems } from '../page-problems.ts';
import { announce } from './announcer.tsx';
import { TextField } from './fields.tsx';

const FIELD = 'user-new-password';

export function PasswordReset(props: { user: ManagedUser; page: PageProblems }) {
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const issues = checkPassword(password());
    if (issues.length > 0) return void props.page.report(issues.map((i) => ({ field: FIELD, message: issueText(i.code, lang()) })));
    setBusy(true);
    try {
      await resetPassword(props.user.id, password());
      setPassword('');
      props.page.clear();
      announce(t().announcePasswordReset(props.user.name));
    } catch (error) {
      props.page.report(problemsFromError(error, { password: FIELD }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t().passwordTitle}</h2>
      <form class="form" novalidate onSubmit={(e) => void submit(e)}>
        <TextField id={FIELD} type="password" label={t().passwordNew} hint={t().passwordNewHint(PASSWORD_MIN_LENGTH)} value={password()} onInput={setPassword} error={props.page.errorOf(FIELD)} autocomplete="new-password" required />
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().passwordSubmit}
        </button>
      </form>
    </section>
  );
}
