// "Przenieś": moves one person to another manager (POST /api/users/:id {managerId}); the select's label
// and the button's accessible name carry the person's name, so each form reads on its own.
import { createSignal } from 'solid-js';
import type { ManagedUser } from '../../../schemas/protocol/admin.ts';
import { MANAGER_ROLE } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { updateUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import type { PageProblems } from '../page-problems.ts';
import type { Person } from '../structure-tree.ts';
import { SelectField } from './fields.tsx';
import { polishLang } from './user-text.tsx';
import { UserText, WithUserText } from './user-text.tsx';

export const moveFieldId = (personId: string) => `move-${personId}`;

export function MoveForm(props: {
  person: Person;
  candidates: readonly Person[];
  /** Whether the person has a manager in the structure now ("Przenieś" rather than "Przypisz"). */
  assigned: boolean;
  page: PageProblems;
  onMoved: (user: ManagedUser) => void;
}) {
  const [managerId, setManagerId] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const id = () => moveFieldId(props.person.id);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy()) return;
    if (managerId() === '') return void props.page.report([{ field: id(), message: t().errMoveChoose }]);
    setBusy(true);
    try {
      const saved = await updateUser(props.person.id, { managerId: managerId() });
      props.page.clear();
      props.onMoved(saved);
    } catch (error) {
      props.page.report(problemsFromError(error, { managerId: id() }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="move-form" novalidate onSubmit={(e) => void submit(e)}>
      <SelectField
        id={id()}
        label={<WithUserText template={(name) => t().moveLabel(name, MANAGER_ROLE[props.person.role] ?? '', props.assigned)} values={[props.person.name]} />}
        value={managerId()}
        onInput={setManagerId}
        options={props.candidates.map((c) => ({ value: c.id, label: c.name, lang: polishLang() }))}
        error={props.page.errorOf(id())}
      />
      <button type="submit" class="button button--secondary" aria-disabled={busy() ? 'true' : undefined}>
        {t().moveSubmit}
        <UserText class="visually-hidden"> {props.person.name}</UserText>
      </button>
    </form>
  );
}
