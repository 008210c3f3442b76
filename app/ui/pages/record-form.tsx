// /zlecenie/:orderId/rekord/nowy and …/rekord/:clientId: the record form. Validates on submit (GOV.UK),
// never clears what was typed, writes through the local write path and announces "Zapisano rekord".
import { createEffect, createSignal, Show, untrack } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A, useLocation, useNavigate, useParams } from '@solidjs/router';
import { STANDARD_KEYS, type StandardKey } from '../../../schemas/entities/client.ts';
import { message } from '../../../schemas/entities/messages.ts';
import { normalizeClientFields } from '../../../schemas/entities/validate-client.ts';
import { recordLock } from '../../../schemas/rules/permissions.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { getDatabase } from '../../local-db/database.ts';
import { currentActor } from '../../local-db/membership.ts';
import { createClient, editClient, type ClientFields as Changes } from '../../local-db/writes.ts';
import { currentUser } from '../../sync/session.ts';
import { announce } from '../components/announcer.tsx';
import { ClientFields, FIRST_FIELD_ID } from '../components/client-fields.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { keepFocusForNextPage, PageHeading } from '../components/page-heading.tsx';
import { RejectionNotice } from '../components/rejection-notice.tsx';
import { problemsFromError } from '../form-problems.ts';
import { observe, useDatabase } from '../use-rx.ts';

type Values = Record<StandardKey, string>;
const emptyValues = (): Values => Object.fromEntries(STANDARD_KEYS.map((k) => [k, ''])) as Values;

/** Navigation state asking the next form to put focus on its first field ("Zapisz i dodaj następny"). */
type FormState = { focusFirstField?: boolean } | undefined;

export function NewRecordPage() {
  return <RecordForm clientId={null} />;
}

export function EditRecordPage() {
  const params = useParams<{ clientId: string }>();
  return <RecordForm clientId={params.clientId} />;
}

function RecordForm(props: { clientId: string | null }) {
  const params = useParams<{ orderId: string }>();
  const navigate = useNavigate();
  const location = useLocation<FormState>();
  const db = useDatabase();
  const order = observe(() => db()?.orders.findOne(params.orderId).$);
  const record = observe(() => (props.clientId ? db()?.clients.findOne(props.clientId).$ : undefined));

  const [values, setValues] = createStore<Values>(emptyValues());
  // The stored values the form started from: only fields that differ from these are written.
  let initial: Values = emptyValues();
  const [ready, setReady] = createSignal(props.clientId === null);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  const focusFirstField = () => document.getElementById(FIRST_FIELD_ID)?.focus();
  // Arriving from "Zapisz i dodaj następny" on another record: focus goes to NIP, not the heading.
  let focusFirstOnRender = location.state?.focusFirstField === true;
  if (focusFirstOnRender) keepFocusForNextPage();
  const formRendered = () => {
    if (!focusFirstOnRender) return;
    focusFirstOnRender = false;
    queueMicrotask(focusFirstField);
  };

  // The edit form loads the record once; later replicated changes must not overwrite what is typed.
  createEffect(() => {
    if (ready() || !record.loaded()) return;
    const doc = untrack(record.value);
    if (doc) {
      initial = Object.fromEntries(STANDARD_KEYS.map((k) => [k, doc[k]])) as Values;
      setValues(reconcile({ ...initial }));
    }
    setReady(true);
  });

  /** Why the form is read-only (order closed, closed for this operator, no right), or null [P4]. */
  const lock = () => {
    const actor = currentActor();
    if (!actor) return 'no-right' as const;
    const doc = record.value();
    const target = doc ? { orderId: doc.orderId, ownerId: doc.ownerId } : { orderId: params.orderId, ownerId: actor.id };
    return recordLock(actor, target, order.value()?.status);
  };

  const fieldErrors = () =>
    Object.fromEntries(problems().filter((p) => p.field).map((p) => [p.field, p.message])) as Partial<Values>;
  const title = () => (props.clientId ? t().editRecordTitle : t().newRecordTitle);
  const orderPath = () => `/zlecenie/${encodeURIComponent(params.orderId)}`;

  function fail(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  async function save(normalized: Values): Promise<boolean> {
    const user = currentUser();
    if (!user) return false;
    const database = await getDatabase();
    if (props.clientId === null) {
      const fields: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== '').map((k) => [k, normalized[k]]));
      await createClient(database, user, params.orderId, fields);
      return true;
    }
    const changes: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== initial[k]).map((k) => [k, normalized[k]]));
    return (await editClient(database, props.clientId, changes)) !== null;
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy() || lock()) return;
    const andNext = (event.submitter as HTMLButtonElement | null)?.value === 'next';
    const { values: normalized, issues } = normalizeClientFields({ ...values });
    if (issues.length > 0) {
      return fail(issues.map((issue) => ({ field: issue.field, message: message(issue.code, lang()) })));
    }
    setBusy(true);
    try {
      if (!(await save(normalized))) return fail([{ message: t().recordNotFoundText }]);
    } catch (error) {
      return fail(problemsFromError(error));
    } finally {
      setBusy(false);
    }
    setProblems([]);
    announce(t().announceSaved);
    if (!andNext) navigate(orderPath());
    else if (props.clientId !== null) navigate(`${orderPath()}/rekord/nowy`, { state: { focusFirstField: true } });
    else {
      initial = emptyValues();
      setValues(reconcile(emptyValues()));
      window.scrollTo({ top: 0 });
      focusFirstField();
    }
  }

  return (
    <Show when={ready() && order.loaded()} fallback={<Loading />}>
      <Show when={props.clientId === null || record.value()} fallback={<RecordNotFound orderPath={orderPath()} />}>
        <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
        <PageHeading title={title()} error={problems().length > 0} />
        <p class="context">
          <Show when={order.value()}>{(o) => <>{t().inOrder(o().name)} · </>}</Show>
          <A href={orderPath()}>{t().backToOrder}</A>
        </p>
        <Show when={record.value()}>{(doc) => <RejectionNotice verification={doc().verification} duplicateOf={doc().duplicateOf} />}</Show>
        <Show when={lock()}>{(why) => <p class="notice notice--info">{t().recordLocked[why()]}</p>}</Show>
        <form class="form" novalidate ref={formRendered} onSubmit={(e) => void submit(e)}>
          {/* A disabled fieldset makes every field read-only natively, for assistive technology too. */}
          <fieldset class="fieldset--plain" disabled={lock() !== null}>
            <legend class="visually-hidden">{title()}</legend>
            <ClientFields values={values} errors={fieldErrors()} onInput={(key, value) => setValues(key, value)} />
          </fieldset>
          <Show when={lock() === null}>
          <div class="button-row">
            <button type="submit" class="button" name="action" value="save" aria-disabled={busy() ? 'true' : undefined}>
              {t().save}
            </button>
            <button type="submit" class="button button--secondary" name="action" value="next" aria-disabled={busy() ? 'true' : undefined}>
              {t().saveAndNext}
            </button>
          </div>
          </Show>
        </form>
      </Show>
    </Show>
  );
}

function RecordNotFound(props: { orderPath: string }) {
  return (
    <>
      <PageHeading title={t().recordNotFound} />
      <p>{t().recordNotFoundText}</p>
      <p>
        <A href={props.orderPath}>{t().backToOrder}</A>
      </p>
    </>
  );
}
