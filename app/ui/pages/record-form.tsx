// /zlecenie/:orderId/rekord/nowy and …/rekord/:clientId: the record form, the standard attributes then
// the order's custom ones. Validates on submit (GOV.UK), never clears what was typed, writes through
// the local write path and announces "Zapisano rekord". A rejected record opens on the verifier's
// summary with each note on its field; a NIP or REGON another record of the order holds is pointed out
// while typing; an existing record ends with its comment thread and a link to its history.
import { createEffect, createMemo, createSignal, on, Show, untrack } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { A, useLocation, useNavigate, useParams } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { STANDARD_KEYS, type Client, type StandardKey } from '../../../schemas/entities/client.ts';
import type { TypedValue } from '../../../schemas/entities/custom-values.ts';
import { STANDARD_ATTRIBUTES } from '../../../schemas/entities/standard-attributes.ts';
import { normalizeClientFields } from '../../../schemas/entities/validate-client.ts';
import { valuesEqual } from '../../../schemas/rules/merge.ts';
import { recordLock } from '../../../schemas/rules/permissions.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';
import { fieldIssueText } from '../../i18n/issues.ts';
import { getDatabase } from '../../local-db/database.ts';
import { readWithIdentifier } from '../../local-db/list-reader.ts';
import { currentActor } from '../../local-db/membership.ts';
import { createClient, editClient, type ClientFields as Changes } from '../../local-db/writes.ts';
import { currentUser, sessionRefusing } from '../../sync/session.ts';
import { announce } from '../components/announcer.tsx';
import { ClientFields, FIRST_FIELD_ID } from '../components/client-fields.tsx';
import { CommentThread } from '../components/comment-thread.tsx';
import { CustomFields } from '../components/custom-fields.tsx';
import { ErrorSummary, type FormProblem } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { keepFocusForNextPage, PageHeading } from '../components/page-heading.tsx';
import { DuplicateFlag, RejectionNotice } from '../components/rejection-notice.tsx';
import { RecordView } from '../components/record-view.tsx';
import { UserText, WithUserText } from '../components/user-text.tsx';
import { checkCustom, customLayout, initialTyped, localText, recordFieldLabel } from '../custom-form.ts';
import { duplicateMatches, matchableValue, newMatchKeys, type DuplicateField } from '../duplicate-model.ts';
import { keepFormDraft } from '../form-draft.ts';
import { problemsFromError } from '../form-problems.ts';
import { useOrderChanges } from '../record-list.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { formNotes, verdictView } from '../verdict-model.ts';

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
  // The record the server says this one duplicates, when the device holds it (else another operator's).
  const duplicateId = createMemo(() => record.value()?.duplicateOf ?? '');
  const duplicate = observe(() => (duplicateId() ? db()?.clients.findOne(duplicateId()).$ : undefined));

  const [values, setValues] = createStore<Values>(emptyValues());
  // The stored values the form started from: only fields that differ from these are written.
  let initial: Values = emptyValues();
  // Custom values: what the controls hold, and the stored map the form started from (same rule).
  const [custom, setCustom] = createStore<Record<string, TypedValue>>({});
  // The order's other records on this device holding the typed NIP or REGON (duplicates while typing):
  // looked up by index as the user types and whenever the order's records change.
  const orderChanges = useOrderChanges(db, () => params.orderId);
  const [siblings, setSiblings] = createSignal<{ loaded: boolean; docs: Client[] }>({ loaded: false, docs: [] });
  let lookups = 0;
  createEffect(on([db, () => params.orderId, () => matchableValue('nip', values.nip), () => matchableValue('regon', values.regon), orderChanges], ([database, orderId, nip, regon]) => {
    if (!database) return;
    const ticket = ++lookups;
    Promise.all([
      nip ? readWithIdentifier(database.name, orderId, 'nip', nip) : [],
      regon ? readWithIdentifier(database.name, orderId, 'regon', regon) : [],
    ]).then(([byNip, byRegon]) => ticket === lookups && setSiblings({ loaded: true, docs: [...byNip, ...byRegon] }))
      .catch((error: unknown) => log.warn('looking up duplicates failed', error));
  }));
  const [storedCustom, setStoredCustom] = createSignal<Record<string, unknown>>({});
  const [ready, setReady] = createSignal(props.clientId === null);
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  let summary: HTMLDivElement | undefined;
  let form: HTMLFormElement | undefined;
  let lockNotice: HTMLParagraphElement | undefined;
  let verdictSummary: HTMLDivElement | undefined;

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

  const verdict = () => {
    const doc = record.value();
    return doc ? verdictView(doc.toJSON() as Client, order.value()?.verificationRequired ?? false) : null;
  };
  /** Has the open form changed this field from its stored value? Its note then goes (answered). */
  const changedInForm = (path: string): boolean => {
    if (!path.startsWith('custom:')) return values[path as StandardKey] !== initial[path as StandardKey];
    const attr = layout().editable.find((a) => `custom:${a.id}` === path);
    return attr !== undefined && !valuesEqual(custom[attr.id], initialTyped([attr], storedCustom(), lang())[attr.id]);
  };
  const attributeOf = (path: string) =>
    path.startsWith('custom:') ? (attributes.value() ?? []).find((doc) => `custom:${doc.id}` === path) : undefined;
  const labelOf = (path: string): string => {
    const std = STANDARD_ATTRIBUTES.find((a) => a.key === path);
    if (std) return std.label[lang()];
    const attr = attributeOf(path);
    return attr ? localText(attr.label, attr.labelEn, lang()).text : t().recFieldUnknown;
  };
  /** A custom label shown in Polish on the English page is read with a Polish voice. */
  const labelLang = (path: string): string | undefined => {
    const attr = attributeOf(path);
    return attr && localText(attr.label, attr.labelEn, lang()).lang !== lang() ? 'pl' : undefined;
  };
  const notes = createMemo(() => {
    const doc = record.value();
    const view = verdict();
    if (!doc || (view !== 'rejected' && view !== 'corrected')) return [];
    return formNotes(doc.toJSON() as Client, layout().editable.map((a) => a.id), changedInForm, labelOf);
  });
  const notesByPath = () => Object.fromEntries(notes().map((n) => [n.path, n.note]));

  const matches = createMemo(() =>
    duplicateMatches({ nip: values.nip, regon: values.regon }, siblings().docs, props.clientId),
  );
  // Each distinct match is announced once; one the form opened with is already on screen, not news.
  const heardMatches = new Set<string>();
  let seeded = false;
  createEffect(() => {
    const found = matches();
    if (!ready() || !siblings().loaded) return;
    const fresh = newMatchKeys(found, heardMatches);
    if (!seeded) {
      seeded = true;
      return;
    }
    untrack(() => {
      for (const field of fresh) {
        const name = found[field]!.name || t().recUnnamed;
        announce(field === 'nip' ? t().dupNipAnnounce(name) : t().dupRegonAnnounce(name));
      }
    });
  });
  const duplicateBelow = (field: DuplicateField) => () => {
    const match = () => matches()[field];
    return (
      <Show when={match()}>
        {(m) => (
          <p class="field__duplicate">
            <span class="status-icon" aria-hidden="true">
              ⚠
            </span>{' '}
            {field === 'nip' ? t().dupNipLead : t().dupRegonLead}{' '}
            <A href={`${orderPath()}/rekord/${encodeURIComponent(m().id)}`}>
              <UserText>{m().name || t().recUnnamed}</UserText>
            </A>
            . {t().dupNotBlocking}
          </p>
        )}
      </Show>
    );
  };
  const nipBelow = duplicateBelow('nip');
  const regonBelow = duplicateBelow('regon');

  // The open form turning read-only (closed for this operator, or definitively, meanwhile): the reason is
  // announced, and when the focused field or button went with it (disabled, removed: focus falls to
  // <body>) the notice takes focus, so the keyboard stays where the explanation is.
  const shownLock = () => (ready() && order.loaded() && attributes.loaded() ? lock() : undefined);
  createEffect(
    on(shownLock, (why, before) => {
      // A refused session also empties the actor: the login page says why, not this notice [issue 14].
      if (before === undefined || !why || why === before || sessionRefusing()) return;
      announce(t().recordLocked[why] ?? '');
      const active = document.activeElement;
      if (!active || active === document.body || form?.contains(active)) lockNotice?.focus();
    }, { defer: true }),
  );

  const errorOf = (field: string) => problems().find((p) => p.field === field)?.message;
  const fieldErrors = () =>
    Object.fromEntries(problems().filter((p) => p.field).map((p) => [p.field, p.message])) as Partial<Values>;
  // The page says where the user is: the company, and whether it is edited or only viewed [issue 14].
  const titleTemplate = () => (lock() !== null ? t().recordViewTitle : t().recordEditTitle);
  const title = () => (props.clientId ? titleTemplate()(record.value()?.name ?? '') : t().newRecordTitle);
  // Read-only from the moment it opened (verifier, closed order, no right): a description list reads
  // better than disabled inputs. A form turning read-only while open keeps its fields, typed text in sight.
  let openedLocked: boolean | undefined;
  const viewOnly = () => {
    const why = shownLock();
    if (why === undefined || props.clientId === null) return false;
    openedLocked ??= why !== null;
    return openedLocked && why !== null;
  };
  const orderPath = () => `/zlecenie/${encodeURIComponent(params.orderId)}`;

  function fail(found: FormProblem[]): void {
    setProblems(found);
    summary?.focus();
  }

  /** 'corrected' when the edit sent a rejected record back to the verifier [P3]; 'missing' when it is gone. */
  async function save(normalized: Values, customPatch: NonNullable<Changes['custom']>): Promise<'saved' | 'corrected' | 'missing'> {
    const user = currentUser();
    if (!user) return 'missing';
    const database = await getDatabase();
    const withCustom = (fields: Changes): Changes => (Object.keys(customPatch).length > 0 ? { ...fields, custom: customPatch } : fields);
    if (props.clientId === null) {
      const fields: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== '').map((k) => [k, normalized[k]]));
      await createClient(database, user, params.orderId, withCustom(fields));
      return 'saved';
    }
    const changes: Changes = Object.fromEntries(STANDARD_KEYS.filter((k) => normalized[k] !== initial[k]).map((k) => [k, normalized[k]]));
    const before = (await database.clients.findOne(props.clientId).exec())?.verification.state;
    const saved = await editClient(database, props.clientId, withCustom(changes));
    if (!saved) return 'missing';
    return before === 'rejected' && saved.verification.state === 'corrected' ? 'corrected' : 'saved';
  }

  /** GOV.UK asks for specific messages: a missing custom value names its field ("Uzupełnij pole „…”"). */
  function issueMessage(issue: { field: string; code: string }): string {
    // Every message names its field (issue 14): two numeric attributes no longer give two identical lines.
    const attrs = new Map(layout().editable.map((a) => [a.id, a]));
    return fieldIssueText(issue.code, recordFieldLabel(issue.field, attrs, lang()), lang());
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
    let outcome: 'saved' | 'corrected' | 'missing';
    try {
      outcome = await save(normalized, customChecked.patch);
      if (outcome === 'missing') return fail([{ message: t().recordNotFoundText }]);
    } catch (error) {
      return fail(problemsFromError(error));
    } finally {
      setBusy(false);
    }
    setProblems([]);
    announce(outcome === 'corrected' ? t().recSavedCorrected : t().announceSaved);
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
        <PageHeading title={title()} error={problems().length > 0}>
          <Show when={props.clientId !== null && record.value()?.name} fallback={title()}>
            {(name) => <WithUserText template={titleTemplate()} values={[name()]} />}
          </Show>
        </PageHeading>
        <p class="context">
          <Show when={order.value()}>{(o) => <>{t().inOrder(o().name)} · </>}</Show>
          <A href={orderPath()}>{t().backToOrder}</A>
        </p>
        <Show when={record.value()}>
          {(doc) => (
            <>
              <OpensOnVerdict verdict={verdict()} focus={() => verdictSummary?.focus()} />
              <RejectionNotice verification={doc().verification} view={verdict()} notes={notes()} labelLang={labelLang}
                ref={(el) => (verdictSummary = el)} />
              <DuplicateFlag flagged={doc().duplicateOf !== ''} other={duplicate.value() ?? null} />
            </>
          )}
        </Show>
        <Show when={lock()}>
          {(why) => (
            <p ref={lockNotice} tabindex="-1" class="notice notice--info">
              {t().recordLocked[why()]}
            </p>
          )}
        </Show>
        <Show when={!viewOnly()} fallback={<RecordView values={values} attributes={[...layout().editable, ...layout().readOnly]} stored={storedCustom()} />}>
        <form class="form" novalidate ref={(el) => ((form = el), formRendered(), keepFormDraft(el, location.pathname))} onSubmit={(e) => void submit(e)}>
          {/* A disabled fieldset makes every field read-only natively, for assistive technology too. */}
          <fieldset class="fieldset--plain" disabled={lock() !== null}>
            <legend class="visually-hidden">{title()}</legend>
            <ClientFields values={values} errors={fieldErrors()} onInput={(key, value) => setValues(key, value)} notes={notesByPath()}
              below={{ nip: matches().nip ? nipBelow : undefined, regon: matches().regon ? regonBelow : undefined }} />
            <CustomFields editable={layout().editable} readOnly={layout().readOnly} values={custom} stored={storedCustom()} errorOf={errorOf}
              onInput={(id, value) => setCustom(id, value)} notes={notesByPath()} />
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
        <Show when={props.clientId}>
          {(clientId) => (
            <>
              <p>
                <A href={`${orderPath()}/rekord/${encodeURIComponent(clientId())}/historia`}>{t().recHistoryLink}</A>
              </p>
              <CommentThread recordId={clientId()} />
            </>
          )}
        </Show>
      </Show>
    </Show>
  );
}

/**
 * The form opening on a rejected record (or a corrected one with notes open) puts focus on the summary
 * instead of the heading, like a GOV.UK error summary. Decided once, when the form first renders: a
 * verdict arriving while the user types is announced (verdict-watcher.tsx), it never moves focus.
 */
function OpensOnVerdict(props: { verdict: ReturnType<typeof verdictView>; focus: () => void }) {
  const opens = untrack(() => props.verdict === 'rejected' || props.verdict === 'corrected');
  if (opens) {
    keepFocusForNextPage();
    queueMicrotask(props.focus);
  }
  return null;
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
