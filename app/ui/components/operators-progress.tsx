// "Operatorzy" on /postep: each operator's counts per order (today, total, rejected) and whether the
// order is open for them, as a sortable native table, with "Zamknij dla operatora" / "Otwórz ponownie"
// where the shared rule allows it — the same online call as the order page's team section.
import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import type { Assignment } from '../../../schemas/entities/assignment.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { checkCloseForUser, type UserFacts } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { closeForUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { nameCollator } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import type { Counts } from '../record-counts.ts';
import { announce } from './announcer.tsx';
import { createSort, SortHeader, sortRows, type SortValues } from './sort-header.tsx';
import { UserText, WithUserText } from './user-text.tsx';

export interface OperatorRow {
  binding: Assignment;
  order: Order;
  /** The operator as the closing rule needs them (from the device's directory). */
  user: UserFacts;
  counts: Counts;
}

type Key = 'name' | 'order' | 'today' | 'total' | 'rejected' | 'state';

const stateOf = (row: OperatorRow): string =>
  row.order.status === 'closed' ? t().standing.closed! : row.binding.closed ? t().teamClosed : t().teamOpen;

const VALUES: SortValues<OperatorRow, Key> = {
  name: (r) => r.binding.userName,
  order: (r) => r.order.name,
  today: (r) => r.counts.today,
  total: (r) => r.counts.total,
  rejected: (r) => r.counts.rejected,
  state: stateOf,
};

const byNameThenOrder = (a: OperatorRow, b: OperatorRow) =>
  nameCollator.compare(a.binding.userName, b.binding.userName) || nameCollator.compare(a.order.name, b.order.name);

const buttonId = (bindingId: string) => `close-for-${bindingId}`;

export function OperatorsProgress(props: { rows: OperatorRow[]; page: PageProblems }) {
  const sort = createSort<Key>('name');
  const byId = createMemo(() => new Map(props.rows.map((r) => [r.binding.id, r])));
  // Rows keyed by binding id (strings), so a row whose binding changes keeps its DOM and its focus.
  const ids = createMemo(() => sortRows(props.rows, sort, VALUES, byNameThenOrder).map((r) => r.binding.id));
  // A re-sorted row is moved in the DOM, which drops focus: the last used button takes it back, until
  // focus goes anywhere else.
  const [acted, setActed] = createSignal<string | null>(null);
  const forget = (event: FocusEvent) => {
    if (!(event.target instanceof HTMLElement) || event.target.id !== buttonId(acted() ?? '')) setActed(null);
  };
  document.addEventListener('focusin', forget);
  onCleanup(() => document.removeEventListener('focusin', forget));
  createEffect(() => {
    ids();
    const id = acted();
    const active = document.activeElement;
    if (id && (!active || active === document.body)) document.getElementById(buttonId(id))?.focus();
  });

  async function toggle(row: OperatorRow): Promise<void> {
    const closing = !row.binding.closed;
    const name = row.binding.userName;
    setActed(row.binding.id);
    try {
      await closeForUser(row.order.id, row.binding.userId, closing);
      props.page.clear();
      announce(closing ? t().announceClosedFor(name) : t().announceReopenedFor(name));
    } catch (error) {
      props.page.report(problemsFromError(error));
      setActed(null);
    }
  }

  const Row = (p: { id: string }) => {
    const row = () => byId().get(p.id)!;
    const mayClose = () => {
      const actor = actorNow();
      const r = row();
      return !!actor && checkCloseForUser(actor, r.order, r.user, r.binding.role).length === 0;
    };
    return (
      <tr>
        <th scope="row">
          <UserText>{row().binding.userName}</UserText>
        </th>
        <td>
          <UserText>{row().order.name}</UserText>
        </td>
        <td class="table__numeric">{row().counts.today}</td>
        <td class="table__numeric">{row().counts.total}</td>
        <td class="table__numeric">{row().counts.rejected}</td>
        <td>
          <span class="status" classList={{ 'status--closed': row().binding.closed || row().order.status === 'closed' }}>
            {stateOf(row())}
          </span>
        </td>
        <td>
          <Show when={mayClose()}>
            <button type="button" id={buttonId(p.id)} class="button button--secondary" onClick={() => void toggle(row())}>
              {row().binding.closed ? t().reopenForOperator : t().closeForOperator}
              <span class="visually-hidden">
                {' '}
                <WithUserText template={t().operatorInOrder} values={[row().binding.userName, row().order.name]} />
              </span>
            </button>
          </Show>
        </td>
      </tr>
    );
  };

  return (
    <section aria-labelledby="progress-operators-title">
      <h2 id="progress-operators-title">{t().progressOperatorsTitle}</h2>
      <Show when={ids().length > 0} fallback={<p>{t().progressOperatorsEmpty}</p>}>
        <div class="table-wrap">
          <table class="table">
            <caption class="table__caption">
              {[t().progressOperatorsCaption(ids().length), sort.caption()].filter(Boolean).join(', ')}
            </caption>
            <thead>
              <tr>
                <SortHeader sort={sort} key="name" label={t().colOperator} />
                <SortHeader sort={sort} key="order" label={t().colOrder} />
                <SortHeader sort={sort} key="today" label={t().colToday} numeric />
                <SortHeader sort={sort} key="total" label={t().colTotal} numeric />
                <SortHeader sort={sort} key="rejected" label={t().colRejected} numeric />
                <SortHeader sort={sort} key="state" label={t().colTeamState} />
                <th scope="col">{t().colActions}</th>
              </tr>
            </thead>
            <tbody>
              <For each={ids()}>{(id) => <Show when={byId().has(id)}><Row id={id} /></Show>}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
