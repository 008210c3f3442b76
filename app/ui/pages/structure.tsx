// /struktura: who manages whom as nested lists with headings. Administrators and coordinators read it
// from the server (GET /api/users) and may move the people they manage; supervisors, and anyone
// offline, read the device's directory (db.users), read-only.
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import type { ManagedUser } from '../../../schemas/protocol/admin.ts';
import { MANAGER_ROLE, checkUpdateUser } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { currentUser } from '../../sync/session.ts';
import { actorNow, finderOf, useManagedUsers } from '../managed-users.ts';
import { usePageProblems } from '../page-problems.ts';
import { managesUsers, seesStructure } from '../roles.ts';
import { buildStructure, type Branch, type Person } from '../structure-tree.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { announce } from '../components/announcer.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { MoveForm, moveFieldId } from '../components/move-form.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { WithUserText } from '../components/user-text.tsx';

const entryId = (personId: string) => `person-${personId}`;

export function StructurePage() {
  const page = usePageProblems();
  return (
    <>
      <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
      <PageHeading title={t().structureTitle} error={page.problems().length > 0} />
      <Show when={seesStructure(currentUser()?.role)} fallback={<p>{t().noAccess}</p>}>
        <StructureView page={page} />
      </Show>
    </>
  );
}

function StructureView(props: { page: ReturnType<typeof usePageProblems> }) {
  const online = managesUsers(currentUser()?.role) ? useManagedUsers() : null;
  const db = useDatabase();
  const directory = observe(() => db()?.users.find().$);
  const fromServer = () => (online?.problem() ? undefined : online?.users());
  const people = createMemo<Person[] | undefined>(() => {
    const managed = fromServer();
    if (managed) return managed;
    if (online && !online.problem()) return undefined; // still asking the server
    return directory.value()?.map((doc) => ({ ...doc.toJSON(), manageable: false }));
  });
  const structure = createMemo(() => buildStructure(people() ?? []));
  const find = createMemo(() => finderOf(people() ?? []));

  /** Active people of the manager role the actor may place `person` under, except the current one. */
  const candidatesFor = (person: Person): Person[] => {
    const actor = actorNow();
    const wanted = MANAGER_ROLE[person.role];
    if (!actor || !wanted || !person.manageable) return [];
    return (people() ?? []).filter(
      (p) => p.role === wanted && p.id !== person.managerId && checkUpdateUser(actor, person, { managerId: p.id }, find(), 0).length === 0,
    );
  };

  function moved(user: ManagedUser): void {
    online?.replace(user);
    announce(t().announceMoved(user.name, nameOf(user.managerId) || t().noneText));
    // The tree was rebuilt around the move: focus follows the person to their new place.
    (document.getElementById(moveFieldId(user.id)) ?? document.getElementById(entryId(user.id)))?.focus();
  }
  const nameOf = (id: string) => (people() ?? []).find((p) => p.id === id)?.name ?? '';

  const Entry = (p: { branch: Branch; heading?: 'h2' | 'h3' }) => {
    const person = () => p.branch.person;
    const text = () => (
      <WithUserText template={(name) => t().person(name, t().roles[person().role] ?? person().role, person().active)} values={[person().name]} />
    );
    const candidates = () => candidatesFor(person());
    return (
      <>
        <Switch fallback={<p id={entryId(person().id)} tabindex="-1" class="structure__person">{text()}</p>}>
          <Match when={p.heading === 'h2'}>
            <h2 id={entryId(person().id)} tabindex="-1" class="structure__heading">{text()}</h2>
          </Match>
          <Match when={p.heading === 'h3'}>
            <h3 id={entryId(person().id)} tabindex="-1" class="structure__heading">{text()}</h3>
          </Match>
        </Switch>
        <Show when={candidates().length > 0}>
          <MoveForm person={person()} candidates={candidates()} assigned={!!find()(person().managerId)} page={props.page} onMoved={moved} />
        </Show>
      </>
    );
  };

  const Supervisors = (p: { branches: Branch[] }) => (
    <Show when={p.branches.length > 0}>
    <ul class="structure">
      <For each={p.branches}>
        {(branch) => (
          <li>
            <Entry branch={branch} heading={branch.person.role === 'supervisor' ? 'h3' : undefined} />
            <Show when={branch.person.role === 'supervisor'}>
              <Show when={branch.children.length > 0} fallback={<p>{t().structureNoOperators}</p>}>
                <ul class="structure">
                  <For each={branch.children}>{(operator) => <li><Entry branch={operator} /></li>}</For>
                </ul>
              </Show>
            </Show>
          </li>
        )}
      </For>
    </ul>
    </Show>
  );

  return (
    <>
      <Show when={!online || online.problem()}>
        <p class="notice notice--info">{online ? t().structureOffline : t().structureReadOnly}</p>
      </Show>
      <Show when={people()} fallback={<Loading />}>
        <Show when={structure().coordinators.length + structure().unassigned.length > 0} fallback={<p>{t().structureEmpty}</p>}>
          <For each={structure().coordinators}>
            {(coordinator) => (
              <section class="structure__section">
                <Entry branch={coordinator} heading="h2" />
                <Supervisors branches={coordinator.children} />
              </section>
            )}
          </For>
          <Show when={structure().unassigned.length > 0}>
            <section class="structure__section" aria-labelledby="structure-unassigned">
              <h2 id="structure-unassigned" class="structure__heading">{t().structureUnassigned}</h2>
              <Supervisors branches={structure().unassigned} />
            </section>
          </Show>
        </Show>
      </Show>
    </>
  );
}
