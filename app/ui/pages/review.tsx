// /zlecenie/:orderId/weryfikacja/:clientId: the review of one record. Every standard and custom attribute
// as a description list, the previous verdict (words and icon, reason, field notes, who and when), the
// duplicate flag, the comment thread, and "Zatwierdź" / "Odrzuć" (inline form) with Alt+Shift+Z / Alt+Shift+O.
// A verdict is written locally (pending until the server takes it, so it works offline), announced with
// the next record's name, and the next record in the queue (read by index, local-db/list-reader.ts) opens
// with focus on its heading.
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { Client } from '../../../schemas/entities/client.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import { openNotes, type VerdictInput } from '../../../schemas/rules/edit.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { getDatabase } from '../../local-db/database.ts';
import { readNextInQueue } from '../../local-db/list-reader.ts';
import { giveVerdict } from '../../local-db/verdicts.ts';
import { currentUser } from '../../sync/session.ts';
import { formatDateTime } from '../format.ts';
import { problemsFromError } from '../form-problems.ts';
import { actorNow } from '../managed-users.ts';
import { usePageProblems } from '../page-problems.ts';
import { fieldLabel, reviewFields } from '../review-fields.ts';
import { observe, useDatabase } from '../use-rx.ts';
import { queuePath, reviewPath, verdictLock } from '../verify-queue-model.ts';
import { announce } from '../components/announcer.tsx';
import { CommentThread } from '../components/comment-thread.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { OrderNotFound } from '../components/order-not-found.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { RejectForm } from '../components/reject-form.tsx';
import { UserText } from '../components/user-text.tsx';
import { VerificationStateText } from '../components/verification-state.tsx';

export function ReviewPage() {
  const params = useParams<{ orderId: string; clientId: string }>();
  // The next record is a new page: mounting it afresh puts focus on its heading, as on any route change.
  return (
    <Show when={params.clientId} keyed>
      {(clientId) => <Review orderId={params.orderId} clientId={clientId} />}
    </Show>
  );
}

/** Is the user typing? Shortcuts never fire from text fields (nor while a dialog is open). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  const notText = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'];
  return target instanceof HTMLInputElement && !notText.includes(target.type);
}

function Review(props: { orderId: string; clientId: string }) {
  const db = useDatabase();
  const navigate = useNavigate();
  const [search] = useSearchParams<{ operator?: string }>();
  const page = usePageProblems();
  const order = observe(() => db()?.orders.findOne(props.orderId).$);
  const record = observe(() => db()?.clients.findOne(props.clientId).$);
  // The record this one duplicates, alone (never every record of the order).
  const original = observe(() => {
    const id = record.value()?.duplicateOf;
    return id ? db()?.clients.findOne(id).$ : undefined;
  });
  const attributes = observe(() => db()?.attributes.find().$);
  const directory = observe(() => db()?.users.find().$);
  const bindings = observe(() => db()?.assignments.find({ selector: { orderId: props.orderId } }).$);
  const [rejecting, setRejecting] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let rejectButton: HTMLButtonElement | undefined;

  const operator = () => search.operator ?? '';
  const o = createMemo(() => order.value()?.toJSON() as Order | undefined);
  // A record of another order under this order's address is not this queue's: shown as missing.
  const r = createMemo(() => {
    const doc = record.value();
    return doc && doc.orderId === props.orderId ? (doc.toJSON() as Client) : undefined;
  });
  const attributeMap = createMemo(() => new Map((attributes.value() ?? []).map((doc) => [doc.id, doc.toJSON() as Attribute])));
  const fields = createMemo(() => {
    const rec = r();
    return rec ? reviewFields(rec, o()?.attributeIds ?? [], attributeMap(), lang(), { yes: t().customYes, no: t().customNo }) : [];
  });
  const lock = () => {
    const found = o();
    return found ? verdictLock(actorNow(), found) : 'no-right';
  };
  const nameOf = (doc: { name: string } | undefined) => doc?.name || t().reviewUnnamed;
  /** A person's name: the directory, else a binding the device holds, else the signed-in user, else the id. */
  const personName = (id: string) =>
    directory.value()?.find((u) => u.id === id)?.name ||
    bindings.value()?.find((b) => b.userId === id)?.userName ||
    (currentUser()?.id === id ? currentUser()?.name : '') ||
    id;
  const duplicate = () => {
    const id = r()?.duplicateOf;
    const doc = id ? original.value() : undefined;
    // Of this order only, as the queue's records are.
    return doc && doc.id === id && doc.orderId === props.orderId ? doc : undefined;
  };

  async function judge(verdict: VerdictInput): Promise<void> {
    const user = currentUser();
    const current = r();
    if (busy() || !user || !current || lock() !== null) return;
    setBusy(true);
    let next: Client | null;
    try {
      const database = await getDatabase();
      // Chosen before the write, by index: the judged record leaves the queue, its place in it says what comes next.
      next = await readNextInQueue(database.name, props.orderId, props.clientId, operator());
      const saved = await giveVerdict(database, props.clientId, verdict, user);
      if (!saved) {
        page.report([{ message: t().recordNotFoundText }]);
        return;
      }
    } catch (error) {
      page.report(problemsFromError(error));
      return;
    } finally {
      setBusy(false);
    }
    page.clear();
    announce(t().verdictDone(verdict.state, nameOf(current), next ? nameOf(next) : null));
    navigate(next ? reviewPath(props.orderId, next.id, operator()) : queuePath(props.orderId, operator()));
  }

  const approve = () => void judge({ state: 'approved', reason: '', notes: {} });
  function openReject(): void {
    if (rejecting()) document.getElementById('reject-reason')?.focus();
    else setRejecting(true);
  }
  function cancelReject(): void {
    setRejecting(false);
    page.clear();
    // Back to the button that opened the form, once it is rendered again.
    queueMicrotask(() => rejectButton?.focus());
  }

  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat) return;
    if (event.code !== 'KeyZ' && event.code !== 'KeyO') return;
    if (lock() !== null || typing(event.target) || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    if (event.code === 'KeyO') openReject();
    else if (!rejecting()) approve();
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const loaded = () => order.loaded() && record.loaded() && attributes.loaded() && (!record.value()?.duplicateOf || original.loaded());
  const historyPath = () => `/zlecenie/${encodeURIComponent(props.orderId)}/rekord/${encodeURIComponent(props.clientId)}/historia`;

  return (
    <Show when={loaded()} fallback={<Loading />}>
      <Show when={o()} fallback={<OrderNotFound />}>
        {(ord) => (
          <Show when={r()} fallback={<RecordMissing queue={queuePath(props.orderId, operator())} />}>
            {(rec) => (
              <>
                <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
                <PageHeading title={t().reviewTitle(nameOf(rec()))} error={page.problems().length > 0}>
                  {/* The same words, with the company's name marked as Polish user text. */}
                  {t().reviewTitle('')}
                  <UserText>{nameOf(rec())}</UserText>
                </PageHeading>
                <p class="context">
                  {t().inOrder('')}
                  <UserText>{ord().name}</UserText> · <A href={queuePath(props.orderId, operator())}>{t().reviewBackToQueue}</A> ·{' '}
                  <A href={historyPath()}>{t().reviewHistory}</A>
                </p>
                <Show when={lock() !== 'no-verification'} fallback={<p class="notice notice--info">{t().verdictLocked['no-verification']}</p>}>
                  <Verdict record={rec()} attributes={attributeMap()} personName={personName} />
                  <Show when={rec().duplicateOf}>
                    <p class="notice notice--info">
                      <Show when={duplicate()} fallback={t().duplicateNote}>
                        {(other) => (
                          <>
                            {t().reviewDuplicate}{' '}
                            <A href={reviewPath(props.orderId, other().id, operator())}>
                              <UserText>{nameOf(other())}</UserText>
                            </A>
                            .
                          </>
                        )}
                      </Show>
                    </p>
                  </Show>
                </Show>
                <section aria-labelledby="review-data-title">
                  <h2 id="review-data-title">{t().reviewDataTitle}</h2>
                  <dl class="value-list">
                    <Row label={t().reviewOperator} value={personName(rec().ownerId)} user />
                    <Row label={t().reviewCreated} value={formatDateTime(rec().createdAt, lang())} />
                    <Row label={t().reviewUpdated} value={formatDateTime(rec().updatedAt, lang())} />
                    <For each={fields()}>
                      {(field) => <Row label={field.label} labelLang={field.labelLang} value={field.value} user />}
                    </For>
                  </dl>
                </section>
                <Show when={lock() !== 'no-verification'}>
                  <section aria-labelledby="review-actions-title">
                    <h2 id="review-actions-title">{t().reviewActionsTitle}</h2>
                    <Show when={lock() === null} fallback={<p class="notice notice--info">{t().verdictLocked[lock() ?? ''] ?? ''}</p>}>
                      <p class="field__hint">{t().shortcutsHint}</p>
                      <Show
                        when={rejecting()}
                        fallback={
                          <div class="button-row">
                            <button type="button" class="button" aria-keyshortcuts="Alt+Shift+Z" aria-disabled={busy() ? 'true' : undefined} onClick={approve}>
                              {t().approve}
                            </button>
                            <button ref={rejectButton} type="button" class="button button--warning" aria-keyshortcuts="Alt+Shift+O" onClick={openReject}>
                              {t().reject}
                            </button>
                          </div>
                        }
                      >
                        <RejectForm fields={fields()} page={page} busy={busy()} onCancel={cancelReject}
                          onReject={(verdict) => void judge({ state: 'rejected', ...verdict })} />
                      </Show>
                    </Show>
                  </section>
                </Show>
                <CommentThread recordId={props.clientId} />
              </>
            )}
          </Show>
        )}
      </Show>
    </Show>
  );
}

/** One term and its value; user-entered values are marked Polish, an empty one says so. */
function Row(props: { label: string; labelLang?: string; value: string; user?: boolean }) {
  return (
    <div class="value-list__row">
      <dt lang={props.labelLang && props.labelLang !== lang() ? props.labelLang : undefined}>{props.label}</dt>
      <dd class="value-list__value">
        <Show when={props.value} fallback={t().reviewEmpty}>
          <Show when={props.user} fallback={props.value}>
            <UserText>{props.value}</UserText>
          </Show>
        </Show>
      </dd>
    </div>
  );
}

/** The previous verdict: state in words and icon, who and when, the reason and the field notes. */
function Verdict(props: { record: Client; attributes: ReadonlyMap<string, Attribute>; personName: (id: string) => string }) {
  const v = () => props.record.verification;
  const open = () => openNotes(props.record);
  const notes = () =>
    Object.entries(v().notes ?? {}).map(([path, note]) => ({ path, note, answered: !Object.hasOwn(open(), path), ...fieldLabel(path, props.attributes, lang()) }));
  return (
    <section aria-labelledby="review-verdict-title">
      <h2 id="review-verdict-title">{t().reviewVerdictTitle}</h2>
      <p>
        {t().reviewStateIs('')}
        <VerificationStateText state={v().state} />
      </p>
      <Show when={v().at > 0} fallback={<p>{t().reviewNeverJudged}</p>}>
        <p>{t().reviewLastVerdict(props.personName(v().verifierId), formatDateTime(v().at, lang()))}</p>
      </Show>
      <Show when={v().reason}>
        <p>
          <strong>{t().reviewReason}</strong> <UserText>{v().reason}</UserText>
        </p>
      </Show>
      <Show when={notes().length > 0}>
        <h3>{t().reviewNotesTitle}</h3>
        <dl class="value-list">
          <For each={notes()}>
            {(n) => (
              <div class="value-list__row">
                <dt lang={n.labelLang !== lang() ? n.labelLang : undefined}>{n.label}</dt>
                <dd class="value-list__value">
                  <UserText>{n.note}</UserText>
                  <Show when={n.answered}> ({t().reviewNoteAnswered})</Show>
                </dd>
              </div>
            )}
          </For>
        </dl>
      </Show>
    </section>
  );
}

function RecordMissing(props: { queue: string }) {
  return (
    <>
      <PageHeading title={t().recordNotFound} />
      <p>{t().recordNotFoundText}</p>
      <p>
        <A href={props.queue}>{t().reviewBackToQueue}</A>
      </p>
    </>
  );
}
