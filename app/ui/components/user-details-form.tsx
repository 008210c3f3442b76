// The details part of /uzytkownik/:id: name, role (administrators only) and manager, checked with the
// server's rules (checkUserName, checkUpdateUser) before only the changed fields are sent.
import { createMemo, createSignal, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { checkUserName, isRole, type Role } from '../../../schemas/entities/user.ts';
import type { ManagedUser, UpdateUserRequest } from '../../../schemas/protocol/admin.ts';
import type { FieldIssue } from '../../../schemas/protocol/errors.ts';
import { MANAGER_ROLE, checkUpdateUser } from '../../../schemas/rules/administration.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { issueText } from '../../i18n/issues.ts';
import { updateUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { nameCollator } from '../format.ts';
import { ROLE_ORDER, actorNow, finderOf } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import { announce } from './announcer.tsx';
import { SelectField, TextField } from './fields.tsx';
import { MANAGER_FIELD, ManagerField } from './manager-field.tsx';

/** Input ids of the server's field names; 'active' is the account button further down the page. */
export const USER_FIELD_IDS: Record<string, string> = {
  name: 'user-name', role: 'user-role', managerId: MANAGER_FIELD, active: 'account-toggle',
};

/** Active users below `target` (the rules refuse a role change while there are any). */
export const subordinatesOf = (users: readonly ManagedUser[], id: string) => users.filter((u) => u.managerId === id && u.active).length;

/** Issues as error-summary problems, each linked to its input. */
export const issueProblems = (issues: FieldIssue[]) =>
  issues.map((issue) => ({ field: USER_FIELD_IDS[issue.field], message: issueText(issue.code, lang()) }));

export function UserDetailsForm(props: { user: ManagedUser; users: ManagedUser[]; page: PageProblems; onSaved: (user: ManagedUser) => void }) {
  const navigate = useNavigate();
  const [name, setName] = createSignal(props.user.name);
  const [role, setRole] = createSignal<string>(props.user.role);
  const [managerId, setManagerId] = createSignal(props.user.managerId);
  const [busy, setBusy] = createSignal(false);
  const find = createMemo(() => finderOf(props.users));
  const isAdmin = () => actorNow()?.role === 'admin';
  const chosenRole = (): Role => (isRole(role()) ? (role() as Role) : props.user.role);

  const candidates = createMemo(() => {
    const actor = actorNow();
    const wanted = MANAGER_ROLE[chosenRole()];
    if (!actor || !wanted) return [];
    const target = { ...props.user, role: chosenRole() };
    return props.users
      .filter((u) => u.role === wanted && checkUpdateUser(actor, target, { managerId: u.id }, find(), 0).length === 0)
      .sort((a, b) => nameCollator.compare(a.name, b.name));
  });

  /** Only what changed; a new role without a manager choice starts without one (the server's rule). */
  function change(): UpdateUserRequest {
    const next: UpdateUserRequest = {};
    if (name().trim() !== props.user.name) next.name = name().trim();
    if (chosenRole() !== props.user.role) next.role = chosenRole();
    const managed = MANAGER_ROLE[chosenRole()] !== undefined;
    if (managed && (managerId() !== props.user.managerId || next.role !== undefined)) next.managerId = managerId();
    return next;
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const actor = actorNow();
    if (busy() || !actor) return;
    const next = change();
    const issues = [
      ...checkUserName(name()),
      ...checkUpdateUser(actor, props.user, next, find(), subordinatesOf(props.users, props.user.id)),
    ];
    if (issues.length > 0) return void props.page.report(issueProblems(issues));
    setBusy(true);
    try {
      const saved = await updateUser(props.user.id, next);
      props.onSaved(saved);
      props.page.clear();
      announce(t().announceUserSaved(saved.name));
      navigate('/uzytkownicy');
    } catch (error) {
      props.page.report(problemsFromError(error, USER_FIELD_IDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="user-details-title">
      <h2 id="user-details-title">{t().userDetailsTitle}</h2>
      <p>{t().userLoginIs(props.user.login)}</p>
      <form class="form" novalidate onSubmit={(e) => void submit(e)}>
        <TextField id={USER_FIELD_IDS.name!} label={t().userName} value={name()} onInput={setName} error={props.page.errorOf(USER_FIELD_IDS.name!)} autocomplete="off" required />
        <Show when={isAdmin()} fallback={<p>{t().userRoleIs(t().roles[props.user.role] ?? props.user.role)}</p>}>
          <SelectField
            id={USER_FIELD_IDS.role!}
            label={t().userRole}
            value={role()}
            onInput={(value) => {
              setRole(value);
              setManagerId(value === props.user.role ? props.user.managerId : '');
            }}
            options={ROLE_ORDER.map((r) => ({ value: r, label: t().roles[r] ?? r }))}
            error={props.page.errorOf(USER_FIELD_IDS.role!)}
            required
          />
        </Show>
        <ManagerField role={chosenRole()} value={managerId()} onInput={setManagerId} candidates={candidates()} required={!isAdmin()} error={props.page.errorOf(MANAGER_FIELD)} />
        <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
          {t().userSave}
        </button>
      </form>
    </section>
  );
}
