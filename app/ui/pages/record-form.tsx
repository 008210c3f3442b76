// /zlecenie/:orderId/rekord/nowy and …/rekord/:clientId: the record form, the standard attributes then
// the order's custom ones. Validates on submit (GOV.UK), never clears what was typed, writes through
// the local write path and announces "Zapisano rekord".
import { createEffect, createMemo, createSignal, on, Show, untrack } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A, useLocation, useNavigate, useParams } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { STANDARD_KEYS, type StandardKey } from '../../../schemas/entities/client.ts';
import type { TypedValue } from '../../../schemas/entities/custom-values.ts';
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
import { CustomFields } from '../components/custom-fields.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { keepFocusForNextPage, PageHeading } from '../components/page-heading.tsx';
import { RejectionNotice } from '../components/rejection-notice.tsx';
import { checkCustom, customFieldId, customLayout, initialTyped } from '../custom-form.ts';
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
  const attributes = observe(() => db()?.attributes.find().$);

  const [values, setValues] = createStore<Values>(emptyValues());
  // The stored values the form started from: only fields that differ from these are written.
  let initial: Values = emptyValues();
  // Custom values: what the controls hold, and the stored map the form started from (same rule).
  const [custom, setCustom] = createStore<Record<string, TypedValue>>({});
  const [storedCustom, setStoredCustom] = createSignal<Record<string, unknown>>({});
  const [ready, setReady] = createSignal(props.clientId === null);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;
  let form: HTMLFormElement | undefined;
  let lockNotice: HTMLParagraphElement | undefined;

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
      setStoredCustom(doc.toMutableJSON().custom);
    }
    setReady(true);
  });

  const layout = createMemo(() => {
    const byId = new Map((attributes.value() ?? []).map((doc) => [doc.id, doc.toJSON() as Attribute]));
    return customLayout(order.value()?.attributeIds ?? [], byId, storedCustom());
  });
  // A control appearing (loaded, or bound meanwhile by replication) starts from the stored value once;
  // not before the record itself has loaded, or it would start empty.
  createEffect(() => {
    if (!ready()) return;
    const missing = layout().editable.filter((attr) => !Object.hasOwn(untrack(() => ({ ...custom })), attr.id));
    if (missing.length > 0) setCustom(initialTyped(missing, storedCustom(), lang()));
  });

  /** Why the form is read-only (order closed, closed for this operator, no right), or null [P4]. */
  const lock = () => {
    const actor = currentActor();
    if (!actor) return 'no-right' as const;
    const doc = record.value();
    const target = doc ? { orderId: doc.orderId, ownerId: doc.ownerId } : { orderId: params.orderId, ownerId: actor.id };
    return recordLock(actor, target, order.value()?.status);
  };

  // The open form turning read-only (closed for this operator, or definitively, meanwhile): the reason is
  // announced, and when the focused field or button went with it (disabled, removed: focus falls to
  // <body>) the notice takes focus, so the keyboard stays where the explanation is.
  const shownLock = () => (ready() && order.loaded() && attributes.loaded() ? lock() : undefined);
  createEffect(
    on(shownLock, (why, before) => {
      if (before === undefined || !why || why === before) return;
      announce(t().recordLocked[why] ?? '');
      const active = document.activeElement;
      if (!active || active === document.body || form?.contains(active)) lockNotice?.focus();
    }, { defer: true }),
  );

  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;
  const fieldErrors = () =>
    Object.fromEntries(problems().filter((p) => p.field).map((p) => [p.field, p.message])) as Partial<Values>;
  const title = () => (props.clientId ? t().editRecordTitle : t().newRecordTitle);
  const orderPath = () => `/zlecenie/${encodeURIComponent(params.orderId)}`;

  function fail(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  async function save(normalized: Values, customPatch: NonNullable<Changes['custom']>): Promise<boolean> {
    const user = currentUser();
    if (!user) return false;
    const database = await getDatabase();
    const withCustom = (fields: Changes): Changes => (Object.keys(customPatch).length > 0 ? { ...fields, custom: customPatch } : fields);
    if (props.clientId === null) {
      const fields: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== '').map((k) => [k, normalized[k]]));
      await createClient(database, user, params.orderId, withCustom(fields));
      return true;
    }
    const changes: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== initial[k]).map((k) => [k, normalized[k]]));
    return (await editClient(database, props.clientId, withCustom(changes))) !== null;
  }

  /** GOV.UK asks for specific messages: a missing custom value names its field ("Uzupełnij pole „…”"). */
  function issueMessage(issue: { field: string; code: string }): string {
    const attr = layout().editable.find((a) => customFieldId(a.id) === issue.field);
    const label = attr ? (lang() === 'en' && attr.labelEn ? attr.labelEn : attr.label) : '';
    if (label && issue.code === 'custom.required') return t().customMissing(label);
    if (label && issue.code === 'custom.requiredChoice') return t().customChoose(label);
    return message(issue.code, lang());
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (busy() || lock()) return;
    const andNext = (event.submitter as HTMLButtonElement | null)?.value === 'next';
    const { values: normalized, issues } = normalizeClientFields({ ...values });
    const customChecked = checkCustom(layout().editable, { ...custom }, storedCustom());
    // Standard fields first, then the custom ones: the summary lists problems in the form's order.
    const found = [...issues, ...customChecked.issues];
    if (found.length > 0) return fail(found.map((issue) => ({ field: issue.field, message: issueMessage(issue) })));
    setBusy(true);
    try {
      if (!(await save(normalized, customChecked.patch))) return fail([{ message: t().recordNotFoundText }]);
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
      setCustom(reconcile(initialTyped(layout().editable, {}, lang())));
      window.scrollTo({ top: 0 });
      focusFirstField();
    }
  }

  return (
    <Show when={ready() && order.loaded() && attributes.loaded()} fallback={<Loading />}>
      <Show when={props.clientId === null || record.value()} fallback={<RecordNotFound orderPath={orderPath()} />}>
        <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
        <PageHeading title={title()} error={problems().length > 0} />
        <p class="context">
          <Show when={order.value()}>{(o) => <>{t().inOrder(o().name)} · </>}</Show>
          <A href={orderPath()}>{t().backToOrder}</A>
        </p>
        <Show when={record.value()}>{(doc) => <RejectionNotice verification={doc().verification} duplicateOf={doc().duplicateOf} />}</Show>
        <Show when={lock()}>
          {(why) => (
            <p ref={lockNotice} tabindex="-1" class="notice notice--info">
              {t().recordLocked[why()]}
            </p>
          )}
        </Show>
        <form class="form" novalidate ref={(el) => ((form = el), formRendered())} onSubmit={(e) => void submit(e)}>
          {/* A disabled fieldset makes every field read-only natively, for assistive technology too. */}
          <fieldset class="fieldset--plain" disabled={lock() !== null}>
            <legend class="visually-hidden">{title()}</legend>
            <ClientFields values={values} errors={fieldErrors()} onInput={(key, value) => setValues(key, value)} />
            <CustomFields editable={layout().editable} readOnly={layout().readOnly} values={custom} stored={storedCustom()} errorOf={errorOf}
              onInput={(id, value) => setCustom(id, value)} />
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
