// "Dowiąż osobę": binds one more person to the order (online-only); the choice offers only the people
// the shared rule (checkBind) lets the signed-in user bind, from the device's directory.
import { createMemo, createSignal, Show } from 'solid-js';
import type { DirectoryUser } from '../../../schemas/entities/directory-user.ts';
import { checkBind, type OrderFacts } from '../../../schemas/rules/administration.ts';
import { managesOrder } from '../../../schemas/rules/permissions.ts';
import { t } from '../../i18n/i18n.ts';
import { bindUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { nameCollator } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import { announce } from './announcer.tsx';
import { SelectField } from './fields.tsx';
import { polishLang } from './user-text.tsx';

const FIELD = 'bind-user';

export function BindForm(props: { order: OrderFacts; bound: ReadonlySet<string>; people: DirectoryUser[]; page: PageProblems }) {
  const [userId, setUserId] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  /** May the actor bind anyone here at all: managing the order, or supervising it (open for them). */
  const binds = () => {
    const actor = actorNow();
    if (!actor || props.order.status === 'closed') return false;
    const own = actor.membership.assignments.get(props.order.id);
    return managesOrder(actor, props.order) || (actor.role === 'supervisor' && own?.role === 'supervisor' && !own.closed);
  };
  const candidates = createMemo(() => {
    const actor = actorNow();
    if (!actor) return [];
    return props.people
      .filter((u) => !props.bound.has(u.id) && checkBind(actor, props.order, u).length === 0)
      .sort((a, b) => nameCollator.compare(a.name, b.name));
  });

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    const chosen = candidates().find((u) => u.id === userId());
    if (!chosen) return void props.page.report([{ field: FIELD, message: t().errBindChoose }]);
    setBusy(true);
    try {
      await bindUser(props.order.id, chosen.id);
      setUserId('');
      props.page.clear();
      announce(t().announceBound(chosen.name));
    } catch (error) {
      props.page.report(problemsFromError(error, { userId: FIELD }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={binds()}>
      <h3>{t().bindTitle}</h3>
      <Show when={candidates().length > 0} fallback={<p>{t().bindNone}</p>}>
        <form class="form" novalidate onSubmit={(e) => void submit(e)}>
          <SelectField
            id={FIELD}
            label={t().bindPerson}
            value={userId()}
            onInput={setUserId}
            // The name is most of the option: the Polish voice reads it, and the role word after it.
            options={candidates().map((u) => ({ value: u.id, label: t().bindOption(u.name, t().roles[u.role] ?? u.role), lang: polishLang() }))}
            error={props.page.errorOf(FIELD)}
            required
          />
          <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
            {t().bindSubmit}
          </button>
        </form>
      </Show>
    </Show>
  );
}
