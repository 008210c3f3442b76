// /uzytkownicy: every user as a native table sortable by name (online-only: GET /api/users), with
// "Edytuj" for those the signed-in administrator or coordinator may manage.
import { createMemo, createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import type { ManagedUser } from '../../../schemas/protocol/admin.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { nameCollator } from '../format.ts';
import { useManagedUsers } from '../managed-users.ts';
import { managesUsers } from '../roles.ts';
import { Loading } from '../components/guards.tsx';
import { OnlineProblem } from '../components/online-problem.tsx';
import { announce } from '../components/announcer.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { UserText } from '../components/user-text.tsx';

type Direction = 'ascending' | 'descending';

export function UsersPage() {
  return (
    <>
      <PageHeading title={t().usersTitle} />
      <Show when={managesUsers(currentUser()?.role)} fallback={<p>{t().noAccess}</p>}>
        <UsersList />
      </Show>
    </>
  );
}

function UsersList() {
  const list = useManagedUsers();
  const [direction, setDirection] = createSignal<Direction>('ascending');
  const names = createMemo(() => new Map((list.users() ?? []).map((u) => [u.id, u.name])));
  const sorted = createMemo(() => {
    const sign = direction() === 'ascending' ? 1 : -1;
    return [...(list.users() ?? [])].sort((a, b) => sign * nameCollator.compare(a.name, b.name) || a.login.localeCompare(b.login));
  });
  const toggle = () => {
    setDirection(direction() === 'ascending' ? 'descending' : 'ascending');
    announce(t().announceSorted(t().colUserName, direction() === 'ascending'), { visible: false });
  };

  return (
    <>
      <p>
        <A href="/uzytkownicy/nowy" class="button">
          {t().addUserLink}
        </A>
      </p>
      <Show when={!list.problem()} fallback={<OnlineProblem text={list.problem()} onRetry={() => void list.reload()} />}>
        <Show when={list.users()} fallback={<Loading />}>
          <Show when={sorted().length > 0} fallback={<p>{t().usersEmpty}</p>}>
            <div class="table-wrap">
              <table class="table">
                <caption class="table__caption">
                  {t().usersCaption(sorted().length)}, {t().sortCaption(t().colUserName, direction() === 'ascending')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={direction()}>
                      <button type="button" class="sort-button" onClick={toggle}>
                        {t().colUserName}
                        <span class="sort-button__icon" aria-hidden="true">
                          {direction() === 'ascending' ? '▲' : '▼'}
                        </span>
                      </button>
                    </th>
                    <th scope="col">{t().colLogin}</th>
                    <th scope="col">{t().colRole}</th>
                    <th scope="col">{t().colManager}</th>
                    <th scope="col">{t().colAccount}</th>
                    <th scope="col">{t().colActions}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={sorted()}>{(user) => <UserRow user={user} managerName={names().get(user.managerId)} />}</For>
                </tbody>
              </table>
            </div>
          </Show>
        </Show>
      </Show>
    </>
  );
}

function UserRow(props: { user: ManagedUser; managerName: string | undefined }) {
  return (
    <tr>
      <th scope="row">
        <UserText>{props.user.name}</UserText>
      </th>
      <td>{props.user.login}</td>
      <td>{t().roles[props.user.role] ?? props.user.role}</td>
      <td>
        <Show when={props.managerName} fallback={t().noneText}>
          <UserText>{props.managerName}</UserText>
        </Show>
      </td>
      <td>
        <span class="status" classList={{ 'status--inactive': !props.user.active }}>
          {props.user.active ? t().userActive : t().userInactive}
        </span>
      </td>
      <td>
        <Show when={props.user.manageable}>
          <A href={`/uzytkownik/${encodeURIComponent(props.user.id)}`} class="table__action">
            {t().editUserLink}
            <UserText class="visually-hidden"> {props.user.name}</UserText>
          </A>
        </Show>
      </td>
    </tr>
  );
}
