// /uzytkownicy/nowy: creates an account (online-only) with the same checks the server applies
// (checkNewAccount, checkCreateUser); the server's answers land on their fields.
import { createMemo, createSignal, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { PASSWORD_MIN_LENGTH, checkNewAccount, isRole, type Role } from '../../../schemas/entities/user.ts';
import type { FieldIssue } from '../../../schemas/protocol/errors.ts';
import { MANAGER_ROLE, checkCreateUser } from '../../../schemas/rules/administration.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { issueText } from '../../i18n/issues.ts';
import { createUser } from '../../sync/admin.ts';
import { currentUser } from '../../sync/session.ts';
import { nameCollator } from '../format.ts';
import { ROLE_ORDER, actorNow, finderOf, useManagedUsers } from '../managed-users.ts';
import { problemsFromError } from '../form-problems.ts';
import { managesUsers } from '../roles.ts';
import { announce } from '../components/announcer.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { MANAGER_FIELD, ManagerField } from '../components/manager-field.tsx';
import { OnlineProblem } from '../components/online-problem.tsx';
import { PageHeading } from '../components/page-heading.tsx';

type Field = 'name' | 'login' | 'role' | 'managerId' | 'password';

/** Input ids of the server's field names, in the order the form shows them. */
const FIELD_IDS: Record<Field, string> = {
  name: 'user-name', login: 'user-login', role: 'user-role', managerId: MANAGER_FIELD, password: 'user-password',
};
const FIELD_ORDER = Object.values(FIELD_IDS);

export function NewUserPage() {
  const navigate = useNavigate();
  const list = useManagedUsers();
  const [values, setValues] = createSignal<Record<Field, string>>({ name: '', login: '', role: '', managerId: '', password: '' });
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  // A new role needs a new manager choice: the old one is of the wrong role.
  const setRole = (role: string) => setValues((v) => ({ ...v, role, managerId: '' }));
  const errorOf = (field: Field) => problems().find((p) => p.field === FIELD_IDS[field])?.message;
  const role = () => (isRole(values().role) ? values().role as Role : '');
  const find = createMemo(() => finderOf(list.users() ?? []));
  const isCoordinator = () => currentUser()?.role === 'coordinator';
  const roleOptions = () =>
    ROLE_ORDER.filter((r) => !isCoordinator() || r === 'supervisor' || r === 'operator').map((r) => ({ value: r, label: t().roles[r] ?? r }));

  /** Active users of the manager role whom the actor may choose (a coordinator: within their part). */
  const candidates = createMemo(() => {
    const r = role();
    const actor = actorNow();
    if (r === '' || !actor || !MANAGER_ROLE[r]) return [];
    return (list.users() ?? [])
      .filter((u) => u.role === MANAGER_ROLE[r] && checkCreateUser(actor, { role: r, managerId: u.id }, find()).length === 0)
      .sort((a, b) => nameCollator.compare(a.name, b.name));
  });

  const toProblems = (issues: FieldIssue[]): FormProblem[] =>
    issues
      .map((issue) => ({ field: FIELD_IDS[issue.field as Field], message: issueText(issue.code, lang()) }))
      .sort((a, b) => FIELD_ORDER.indexOf(a.field ?? '') - FIELD_ORDER.indexOf(b.field ?? ''));

  function validate(): FormProblem[] {
    const v = values();
    const actor = actorNow();
    const issues = checkNewAccount(v);
    const r = role();
    if (r === '') issues.push({ field: 'role', code: 'role.required' });
    else if (actor) issues.push(...checkCreateUser(actor, { role: r, managerId: v.managerId }, find()));
    return toProblems(issues);
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
      const managerId = MANAGER_ROLE[role() as Role] ? v.managerId : '';
      const user = await createUser({ name: v.name.trim(), login: v.login.trim(), role: role() as Role, password: v.password, managerId });
      announce(t().announceUserCreated(user.name));
      navigate('/uzytkownicy');
    } catch (error) {
      show(problemsFromError(error, FIELD_IDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <PageHeading title={t().newUserTitle} error={problems().length > 0} />
      <Show when={managesUsers(currentUser()?.role)} fallback={<p>{t().noAccess}</p>}>
        <Show when={list.problem()}>
          <OnlineProblem text={list.problem()} onRetry={() => void list.reload()} />
        </Show>
        <form class="form" novalidate onSubmit={(e) => void submit(e)}>
          <TextField id={FIELD_IDS.name} label={t().userName} value={values().name} onInput={set('name')} error={errorOf('name')} autocomplete="off" required />
          <TextField id={FIELD_IDS.login} label={t().userLogin} hint={t().setupLoginHint} autocapitalize="none" spellcheck={false} autocomplete="off" value={values().login} onInput={set('login')} error={errorOf('login')} required />
          <SelectField id={FIELD_IDS.role} label={t().userRole} value={values().role} onInput={setRole} options={roleOptions()} error={errorOf('role')} required />
          <ManagerField role={role()} value={values().managerId} onInput={set('managerId')} candidates={candidates()} required={isCoordinator()} error={errorOf('managerId')} />
          <TextField id={FIELD_IDS.password} type="password" label={t().userPassword} hint={t().userPasswordHint(PASSWORD_MIN_LENGTH)} value={values().password} onInput={set('password')} error={errorOf('password')} autocomplete="new-password" required />
          <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
            {t().userCreateSubmit}
          </button>
        </form>
      </Show>
    </>
  );
}
