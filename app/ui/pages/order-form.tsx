// /zlecenia/nowe and /zlecenie/:orderId/edycja: creates or edits an order in the local database (works
// offline; replication sends it). Validates on submit (GOV.UK); an edit writes only the changed fields.
import { createEffect, createMemo, createSignal, Show, untrack } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A, useNavigate, useParams } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { DirectoryUser } from '../../../schemas/entities/directory-user.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { VOIVODESHIPS } from '../../../schemas/entities/polish-identifiers.ts';
import { managesOrder } from '../../../schemas/rules/permissions.ts';
import { t } from '../../i18n/i18n.ts';
import { getDatabase } from '../../local-db/database.ts';
import { createOrder, editOrder } from '../../local-db/writes.ts';
import { currentUser } from '../../sync/session.ts';
import { announce } from '../components/announcer.tsx';
import { CheckboxField, CheckboxGroup } from '../components/choice-fields.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { SelectField, TextArea, TextField } from '../components/fields.tsx';
import { Loading } from '../components/guards.tsx';
import { OrderAttributesField } from '../components/order-attributes-field.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { polishLang, WithUserText } from '../components/user-text.tsx';
import { problemsFromError } from '../form-problems.ts';
import { nameCollator, warsawDay } from '../format.ts';
import { actorNow } from '../managed-users.ts';
import {
  ORDER_FIELD_IDS as IDS, checkOrderDraft, draftOfOrder, emptyOrderDraft, orderChanges, orderFieldsOf, toggleAttribute,
  type OrderDraft, type OrderIssue,
} from '../order-form-model.ts';
import { canCreateOrders } from '../roles.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { OrderNotFound } from '../components/order-not-found.tsx';

// Voivodeship names are Polish whatever the UI language: lang="pl" in the English UI [issue 14].
const voivodeshipOptions = () => VOIVODESHIPS.map((v) => ({ value: v.code, label: v.name, lang: polishLang() }));

export function NewOrderPage() {
  return <OrderForm orderId={null} />;
}

export function EditOrderPage() {
  const params = useParams<{ orderId: string }>();
  return <OrderForm orderId={params.orderId} />;
}

function issueText(issue: OrderIssue): string {
  switch (issue.code) {
    case 'nameRequired': return t().errOrderName;
    case 'tooLong': return t().errTooLong(issue.max ?? 0);
    case 'targetCount': return t().errTargetCount;
    case 'targetCountMax': return t().errTargetCountMax(issue.max ?? 0);
    case 'deadline': return t().errDeadline;
    case 'deadlinePast': return t().errDeadlinePast;
  }
}

function OrderForm(props: { orderId: string | null }) {
  const navigate = useNavigate();
  const db = useDatabase();
  const order = observe(() => (props.orderId ? db()?.orders.findOne(props.orderId).$ : undefined));
  const attributes = observe(() => db()?.attributes.find().$);
  const principals = observe(() => db()?.users.find({ selector: { role: 'principal' } }).$);
  const [draft, setDraft] = createStore<OrderDraft>(emptyOrderDraft());
  // The order as the form loaded it: an edit writes only the fields that differ from it.
  let saved: Order | null = null;
  const [ready, setReady] = createSignal(props.orderId === null);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;

  // Loaded once; later replicated changes must not overwrite what is being typed.
  createEffect(() => {
    if (ready() || !order.loaded()) return;
    const doc = untrack(order.value);
    if (doc) {
      saved = doc.toMutableJSON();
      setDraft(reconcile(draftOfOrder(saved)));
    }
    setReady(true);
  });

  const isPrincipal = () => currentUser()?.role === 'principal';
  const orderPath = () => `/zlecenie/${encodeURIComponent(props.orderId ?? '')}`;
  const title = () => (props.orderId === null ? t().newOrderTitle : t().editOrderTitle(order.value()?.name ?? ''));
  /** Why the user may not use this form, or null [P4]. */
  const lock = (): 'closed' | 'no-right' | null => {
    const actor = actorNow();
    if (props.orderId === null) return canCreateOrders(actor?.role) ? null : 'no-right';
    const doc = order.value();
    if (!actor || !doc || !managesOrder(actor, doc.toJSON() as Order)) return 'no-right';
    return doc.status === 'closed' ? 'closed' : null;
  };
  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;

  const principalOptions = createMemo(() =>
    ((principals.value() ?? []).map((doc) => doc.toJSON() as DirectoryUser))
      .filter((u) => u.active || u.id === draft.principalId || u.id === saved?.principalId)
      .sort((a, b) => nameCollator.compare(a.name, b.name))
      .map((u) => ({ value: u.id, label: t().principalOption(u.name, u.active), lang: polishLang() })),
  );
  const savedIds = (): string[] => saved?.attributeIds ?? [];
  const attributeList = () => (attributes.value() ?? []).map((doc) => doc.toJSON() as Attribute);

  function fail(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const user = currentUser();
    if (busy() || !user || lock() !== null) return;
    const issues = checkOrderDraft(draft, warsawDay(Date.now()), saved?.deadline ?? '');
    if (issues.length > 0) return fail(issues.map((issue) => ({ field: issue.field, message: issueText(issue) })));
    const fields = orderFieldsOf(draft);
    setBusy(true);
    try {
      const database = await getDatabase();
      if (saved === null) {
        const created = await createOrder(database, user, fields);
        announce(t().announceOrderCreated);
        navigate(`/zlecenie/${encodeURIComponent(created.id)}`);
        return;
      }
      const changes = orderChanges(saved, fields, isPrincipal());
      if (Object.keys(changes).length > 0 && (await editOrder(database, saved.id, changes)) === null) {
        return fail([{ message: t().orderNotFoundText }]);
      }
      announce(t().announceOrderSaved);
      navigate(orderPath());
    } catch (error) {
      fail(problemsFromError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={ready() && (props.orderId === null || order.value())} fallback={ready() ? <OrderNotFound /> : <Loading />}>
      <ErrorSummary problems={problems()} ref={(el) => (summary = el)} />
      <PageHeading title={title()} error={problems().length > 0}>
        <Show when={props.orderId !== null} fallback={title()}>
          <WithUserText template={t().editOrderTitle} values={[order.value()?.name ?? '']} />
        </Show>
      </PageHeading>
      <Show when={props.orderId !== null}>
        <p class="context">
          <A href={orderPath()}>{t().backToOrder}</A>
        </p>
      </Show>
      <Show when={lock() === null} fallback={<p class="notice notice--info">{t().orderNotEditable[lock() ?? 'no-right']}</p>}>
        <form class="form" novalidate onSubmit={(e) => void submit(e)}>
          <TextField id={IDS.name} label={t().orderName} hint={t().orderNameHint} value={draft.name} onInput={(v) => setDraft('name', v)}
            error={errorOf(IDS.name)} required />
          <TextArea id={IDS.instructions} label={t().orderInstructions} hint={t().orderInstructionsHint} value={draft.instructions}
            onInput={(v) => setDraft('instructions', v)} error={errorOf(IDS.instructions)} rows={6} />
          <CheckboxGroup id={IDS.voivodeships} legend={t().orderVoivodeships} hint={t().orderVoivodeshipsHint} options={voivodeshipOptions()}
            values={draft.voivodeships} columns
            onToggle={(code, on) => setDraft('voivodeships', (list) => (on ? [...list, code] : list.filter((c) => c !== code)))} />
          <TextField id={IDS.area} label={t().orderArea} hint={t().orderAreaHint} value={draft.area} onInput={(v) => setDraft('area', v)}
            error={errorOf(IDS.area)} />
          <TextField id={IDS.targetCount} label={t().orderTargetCount} hint={t().orderTargetCountHint} value={draft.targetCount}
            onInput={(v) => setDraft('targetCount', v)} error={errorOf(IDS.targetCount)} inputmode="numeric" autocomplete="off" />
          <TextField id={IDS.deadline} type="date" label={t().orderDeadline} hint={t().orderDeadlineHint} value={draft.deadline}
            onInput={(v) => setDraft('deadline', v)} error={errorOf(IDS.deadline)} />
          <Show when={!isPrincipal()}>
            <SelectField id={IDS.principalId} label={t().orderPrincipal} hint={t().orderPrincipalHint} value={draft.principalId}
              onInput={(v) => setDraft('principalId', v)} options={principalOptions()} />
          </Show>
          <CheckboxField id={IDS.verificationRequired} label={t().orderVerification} hint={t().orderVerificationHint}
            checked={draft.verificationRequired} onInput={(on) => setDraft('verificationRequired', on)} />
          <Show when={attributes.loaded()} fallback={<Loading />}>
            <OrderAttributesField id={IDS.attributeIds} attributes={attributeList()} savedIds={savedIds()}
              values={draft.attributeIds} onToggle={(id, on) => setDraft('attributeIds', (list) => toggleAttribute(list, id, on))} />
          </Show>
          <button type="submit" class="button" aria-disabled={busy() ? 'true' : undefined}>
            {props.orderId === null ? t().orderSubmit : t().orderSave}
          </button>
        </form>
      </Show>
    </Show>
  );
}
