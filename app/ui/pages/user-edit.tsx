// /uzytkownik/:id: a user's details (name, role, manager), their account (deactivate / reactivate) and a
// password reset; online-only, one error summary for the page's three forms.
import { Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { useManagedUsers } from '../managed-users.ts';
import { usePageProblems } from '../page-problems.ts';
import { managesUsers } from '../roles.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { OnlineProblem } from '../components/online-problem.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { WithUserText } from '../components/user-text.tsx';
import { PasswordReset } from '../components/password-reset.tsx';
import { UserAccount } from '../components/user-account.tsx';
import { UserDetailsForm } from '../components/user-details-form.tsx';

export function EditUserPage() {
  const params = useParams<{ id: string }>();
  const list = useManagedUsers();
  const page = usePageProblems();
  const user = () => list.users()?.find((u) => u.id === params.id);

  // The heading waits for the answer, so the focus it takes on arrival reads the user's name.
  return (
    <Show when={list.users() || list.problem() || !managesUsers(currentUser()?.role)} fallback={<Loading />}>
      <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
      <PageHeading title={t().editUserTitle(user()?.name ?? '')} error={page.problems().length > 0}>
        <Show when={user()?.name} fallback={t().editUserTitle('')}>
          {(name) => <WithUserText template={t().editUserTitle} values={[name()]} />}
        </Show>
      </PageHeading>
      <Switch>
        <Match when={!managesUsers(currentUser()?.role)}>
          <p>{t().noAccess}</p>
        </Match>
        <Match when={list.problem()}>
          <OnlineProblem text={list.problem()} onRetry={() => void list.reload()} />
        </Match>
        <Match when={!user()}>
          <p>{t().userNotFoundText}</p>
        </Match>
        <Match when={!user()!.manageable}>
          <p>{t().userNotManageable}</p>
        </Match>
        <Match when={user()}>
          {(u) => (
            <>
              <UserDetailsForm user={u()} users={list.users() ?? []} page={page} onSaved={list.replace} />
              <UserAccount user={u()} users={list.users() ?? []} page={page} onChanged={list.replace} />
              <PasswordReset user={u()} page={page} />
            </>
          )}
        </Match>
      </Switch>
      <p class="page-end">
        <A href="/uzytkownicy">{t().backToUsers}</A>
      </p>
    </Show>
  );
}
