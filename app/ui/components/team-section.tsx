// "Zespół" on the order page: the people bound to the order (db.assignments, live) as a native table,
// with "Odwiąż" and "Zamknij dla operatora" / "Otwórz ponownie" where the shared rules allow, and the
// form that binds more people. The actions are online-only calls; the table follows replication.
import { createMemo, For, Show } from 'solid-js';
import type { Assignment } from '../../../schemas/entities/assignment.ts';
import type { DirectoryUser } from '../../../schemas/entities/directory-user.ts';
import { checkBinding, checkCloseForUser, type OrderFacts, type UserFacts } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { closeForUser, unbindUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { nameCollator } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from './announcer.tsx';
import { BindForm } from './bind-form.tsx';
import { UserText } from './user-text.tsx';

export function TeamSection(props: { order: OrderFacts; page: PageProblems }) {
  const db = useDatabase();
  const assignments = observe(() => db()?.assignments.find({ selector: { orderId: props.order.id } }).$);
  const directory = observe(() => db()?.users.find().$);
  const byUser = createMemo(() => new Map((assignments.value() ?? []).map((doc) => [doc.userId, doc.toJSON() as Assignment])));
  const people = createMemo(() => new Map((directory.value() ?? []).map((doc) => [doc.id, doc.toJSON() as DirectoryUser])));
  // Rows keyed by user id (strings), so a row whose binding changes keeps its DOM and its focus.
  const ids = createMemo(() =>
    [...byUser().values()].sort((a, b) => nameCollator.compare(a.userName, b.userName)).map((a) => a.userId),
  );
  let heading!: HTMLHeadingElement;

  /** The bound user as the rules see them: the directory's entry, else what the binding says. */
  const factsOf = (a: Assignment): UserFacts => {
    const known = people().get(a.userId);
    return { id: a.userId, role: known?.role ?? a.role, managerId: known?.managerId ?? '', active: known?.active ?? true };
  };

  async function act(send: () => Promise<void>, done: string, focusHeading: boolean): Promise<void> {
    try {
      await send();
      props.page.clear();
      announce(done);
      if (focusHeading) heading.focus();
    } catch (error) {
      props.page.report(problemsFromError(error));
    }
  }

  const Row = (p: { userId: string }) => {
    const a = () => byUser().get(p.userId)!;
    const actor = () => actorNow();
    const mayUnbind = () => !!actor() && checkBinding(actor()!, props.order, factsOf(a())).length === 0;
    const mayClose = () => !!actor() && checkCloseForUser(actor()!, props.order, factsOf(a()), a().role).length === 0;
    const state = () => (!a().closed ? t().teamOpen : a().role === 'operator' ? t().teamClosed : t().teamClosedAll);
    return (
      <tr>
        <th scope="row">
          <UserText>{a().userName}</UserText>
        </th>
        <td>{t().roles[a().role] ?? a().role}</td>
        <td>
          <span class="status" classList={{ 'status--closed': a().closed }}>{state()}</span>
        </td>
        <td>
          <div class="table__actions">
            <Show when={mayClose()}>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => {
                  const closing = !a().closed;
                  const name = a().userName;
                  void act(() => closeForUser(props.order.id, p.userId, closing), closing ? t().announceClosedFor(name) : t().announceReopenedFor(name), false);
                }}
              >
                {a().closed ? t().reopenForOperator : t().closeForOperator}
                <UserText class="visually-hidden"> {a().userName}</UserText>
              </button>
            </Show>
            <Show when={mayUnbind()}>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => void act(() => unbindUser(props.order.id, p.userId), t().announceUnbound(a().userName), true)}
              >
                {t().unbind}
                <UserText class="visually-hidden"> {a().userName}</UserText>
              </button>
            </Show>
          </div>
        </td>
      </tr>
    );
  };

  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title" ref={heading} tabindex="-1">
        {t().teamTitle}
      </h2>
      <Show when={ids().length > 0} fallback={<p>{t().teamEmpty}</p>}>
        <div class="table-wrap">
          <table class="table">
            <caption class="table__caption">{t().teamCaption(ids().length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t().colPerson}</th>
                <th scope="col">{t().colRole}</th>
                <th scope="col">{t().colTeamState}</th>
                <th scope="col">{t().colActions}</th>
              </tr>
            </thead>
            <tbody>
              <For each={ids()}>{(userId) => <Show when={byUser().has(userId)}><Row userId={userId} /></Show>}</For>
            </tbody>
          </table>
        </div>
      </Show>
      <BindForm order={props.order} bound={new Set(ids())} people={[...people().values()]} page={props.page} />
    </section>
  );
}
