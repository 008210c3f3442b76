// "Konto" on /uzytkownik/:id: the account state in words and one button that deactivates (after a
// confirming <dialog>: it signs the user out everywhere) or reactivates the account.
import { createMemo } from 'solid-js';
import type { ManagedUser } from '../../../schemas/protocol/admin.ts';
import { checkUpdateUser } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { updateUser } from '../../sync/admin.ts';
import { problemsFromError } from '../form-problems.ts';
import { actorNow, finderOf } from '../managed-users.ts';
import type { PageProblems } from '../page-problems.ts';
import { announce } from './announcer.tsx';
import { ConfirmDialog, type ConfirmDialogControl } from './confirm-dialog.tsx';
import { WithUserText } from './user-text.tsx';
import { USER_FIELD_IDS, issueProblems, subordinatesOf } from './user-details-form.tsx';

export function UserAccount(props: { user: ManagedUser; users: ManagedUser[]; page: PageProblems; onChanged: (user: ManagedUser) => void }) {
  const find = createMemo(() => finderOf(props.users));
  let button!: HTMLButtonElement;
  let confirmation: ConfirmDialogControl | undefined;

  /** Sends the change; on failure the page's error summary shows why and is returned for focus. */
  async function setActive(active: boolean): Promise<HTMLElement | undefined> {
    try {
      const saved = await updateUser(props.user.id, { active });
      props.onChanged(saved);
      props.page.clear();
      announce(active ? t().announceReactivated(saved.name) : t().announceDeactivated(saved.name));
      return undefined;
    } catch (error) {
      return props.page.report(problemsFromError(error, USER_FIELD_IDS));
    }
  }

  function toggle(): void {
    const actor = actorNow();
    if (!actor) return;
    const active = !props.user.active;
    // Refused before asking: the same rule the server applies (nobody deactivates themselves).
    const issues = checkUpdateUser(actor, props.user, { active }, find(), subordinatesOf(props.users, props.user.id));
    if (issues.length > 0) return void props.page.report(issueProblems(issues));
    if (active) void setActive(true);
    else confirmation?.open(button);
  }

  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">{t().accountTitle}</h2>
      <p>{props.user.active ? t().accountActive : t().accountInactive}</p>
      <button
        ref={button}
        type="button"
        id={USER_FIELD_IDS.active}
        class="button"
        classList={{ 'button--warning': props.user.active, 'button--secondary': !props.user.active }}
        onClick={toggle}
      >
        {props.user.active ? t().deactivate : t().reactivate}
      </button>
      <ConfirmDialog
        id="deactivate-dialog"
        title={<WithUserText template={t().deactivateTitle} values={[props.user.name]} />}
        text={t().deactivateText}
        confirmLabel={t().deactivateConfirm}
        onConfirm={() => setActive(false)}
        control={(control) => (confirmation = control)}
      />
    </section>
  );
}
