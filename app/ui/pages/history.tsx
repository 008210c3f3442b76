// /zlecenie/:orderId/rekord/:clientId/historia: a record's audit history from the server (online only,
// said plainly when offline, with a retry), as a captioned table in Warsaw time; supervisors,
// coordinators and administrators restore an earlier value after a keyboard-friendly confirmation [H1–H4].
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { HistoryResponse, RestoreRequest, RestoreResponse } from '../../../schemas/protocol/records.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { ApiError, NetworkError, api } from '../../sync/api.ts';
import { browserOffline } from '../../sync/status.ts';
import { announce } from '../components/announcer.tsx';
import { ConfirmDialog, type ConfirmDialogControl } from '../components/confirm-dialog.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Loading } from '../components/guards.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { UserText, WithUserText } from '../components/user-text.tsx';
import { problemsFromError } from '../form-problems.ts';
import { historyProblem, historyRows, type HistoryProblem, type HistoryRow, type Shown } from '../history-model.ts';
import { keepUnchanged } from '../stable-rows.ts';
import { usePageProblems } from '../page-problems.ts';
import { observe, useDatabase } from '../use-rx.ts';

type Loaded = { ok: true; data: HistoryResponse } | { ok: false; problem: HistoryProblem };

const historyPath = (id: string) => `/api/records/${encodeURIComponent(id)}/history`;

async function fetchHistory(id: string): Promise<Loaded> {
  if (browserOffline()) return { ok: false, problem: 'offline' };
  try {
    return { ok: true, data: await api<HistoryResponse>('GET', historyPath(id)) };
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined;
    return { ok: false, problem: historyProblem({ offline: error instanceof NetworkError, status }) };
  }
}

export function HistoryPage() {
  const params = useParams<{ orderId: string; clientId: string }>();
  const db = useDatabase();
  const record = observe(() => db()?.clients.findOne(params.clientId).$);
  const attributes = observe(() => db()?.attributes.find().$);
  const [loaded, { refetch }] = createResource(() => params.clientId, fetchHistory);
  // The records the history's duplicate flags name, when this device holds them (never the whole order).
  const duplicateIds = createMemo(() => {
    const result = loaded();
    const ids = new Set<string>();
    for (const entry of result?.ok ? result.data.entries : []) {
      if (entry.path !== 'duplicateOf') continue;
      for (const value of [entry.old, entry.new]) if (typeof value === 'string' && value !== '') ids.add(value);
    }
    return [...ids].sort();
  }, [], { equals: (a, b) => a.join() === b.join() });
  const named = observe(() => db()?.clients.findByIds(duplicateIds()).$);
  const page = usePageProblems();
  const [pending, setPending] = createSignal<HistoryRow | null>(null);
  let confirmation: ConfirmDialogControl | undefined;
  let table: HTMLTableElement | undefined;
  let problemText: HTMLParagraphElement | undefined;

  const name = () => record.value()?.name || t().recUnnamed;
  const recordPath = () => `/zlecenie/${encodeURIComponent(params.orderId)}/rekord/${encodeURIComponent(params.clientId)}`;
  const attributeMap = createMemo(() => new Map((attributes.value() ?? []).map((doc) => [doc.id, doc.toJSON() as Attribute])));
  // Unchanged rows stay the same objects: records or attributes arriving by sync keep the table's
  // elements, and the focus on a "Przywróć" button with them.
  const rows = createMemo<HistoryRow[]>((previous) => {
    const result = loaded();
    if (!result?.ok) return [];
    const byId = attributeMap();
    const names = new Map([...(named.value()?.values() ?? [])].filter((doc) => doc.orderId === params.orderId).map((doc) => [doc.id, doc.name]));
    return keepUnchanged(previous, historyRows(result.data.entries, {
      lang: lang(), words: t(), attributes: byId, canRestore: result.data.canRestore, recordName: (id) => names.get(id) || undefined,
    }));
  }, []);
  // Shown once the device's attributes are read too: a custom field is never named "removed" for a moment
  // (and a restore dialog opened then would keep saying so).
  const shown = () => loaded()?.ok === true && attributes.loaded();
  const canRestore = () => {
    const result = loaded();
    return result?.ok === true && result.data.canRestore;
  };
  const problem = (): HistoryProblem | null => {
    const result = loaded();
    return result && !result.ok ? result.problem : null;
  };
  const problemMessage = (p: HistoryProblem) => (p === 'offline' ? t().historyOffline : p === 'notFound' ? t().historyNotFound : t().historyFailed);

  /** "Spróbuj ponownie": the outcome is announced; on success focus goes to the table (the button is gone). */
  async function retry(): Promise<void> {
    await refetch();
    const p = problem();
    if (p) {
      announce(problemMessage(p));
      return;
    }
    queueMicrotask(() => table?.focus());
  }

  async function restore(): Promise<HTMLElement | undefined> {
    const row = pending();
    const which = row?.restore?.which;
    if (!row || !which) return undefined;
    const body: RestoreRequest = { entryId: row.id, which };
    try {
      await api<RestoreResponse>('POST', `/api/records/${encodeURIComponent(params.clientId)}/restore`, body);
    } catch (error) {
      // A value the record's rules no longer accept: each problem names its field [issue 14].
      return page.report(problemsFromError(error, {}, { collection: 'clients', attributes: attributeMap() }));
    }
    page.clear();
    announce(t().historyRestored(row.field.text));
    await refetch();
    return table ?? problemText;
  }

  return (
    <>
      <ErrorSummary problems={page.problems()} ref={page.summaryRef} />
      <PageHeading title={t().historyTitle(name())} error={page.problems().length > 0}>
        <WithUserText template={t().historyTitle} values={[name()]} />
      </PageHeading>
      <p class="context">
        <A href={recordPath()}>{t().historyBack}</A>
      </p>
      <Switch fallback={<Loading />}>
        <Match when={problem()}>
          {(p) => (
            <div class="notice notice--info">
              <p ref={problemText}>{problemMessage(p())}</p>
              <button type="button" class="button button--secondary" onClick={() => void retry()}>
                {t().historyRetry}
              </button>
            </div>
          )}
        </Match>
        <Match when={shown() && rows().length === 0}>
          <p>{t().historyEmpty}</p>
        </Match>
        <Match when={shown()}>
          <div class="table-wrap">
            <table class="table history" ref={table} tabindex="-1">
              <caption class="table__caption">{t().historyCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t().historyColWhen}</th>
                  <th scope="col">{t().historyColWho}</th>
                  <th scope="col">{t().historyColField}</th>
                  <th scope="col">{t().historyColFrom}</th>
                  <th scope="col">{t().historyColTo}</th>
                  <th scope="col">{t().historyColKind}</th>
                  <Show when={canRestore()}>
                    <th scope="col">{t().historyColAction}</th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr>
                      <td>
                        <time datetime={row.whenIso}>{row.when}</time>
                      </td>
                      <td>
                        <ShownText shown={row.who} />
                      </td>
                      <th scope="row">
                        <ShownText shown={row.field} />
                      </th>
                      <td>
                        <ShownText shown={row.from} />
                      </td>
                      <td>
                        <ShownText shown={row.to} />
                      </td>
                      <td>{row.kind}</td>
                      <Show when={canRestore()}>
                        <td>
                          <Show when={row.restore}>
                            {(r) => (
                              <button type="button" class="button button--secondary"
                                onClick={(e) => {
                                  setPending(row);
                                  confirmation?.open(e.currentTarget);
                                }}>
                                {/* One span: a flex button would make each piece a block, spacing the name apart. */}
                                <span>
                                  <Show when={restoredValue(row)?.user} fallback={r().label}>
                                    <WithUserText template={t().historyRestore} values={[r().value]} />
                                  </Show>
                                </span>
                              </button>
                            )}
                          </Show>
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Match>
      </Switch>
      {/* Outside the table: the dialog outlives the row whose button opened it (rows re-render after a restore). */}
      <ConfirmDialog
        id="restore-dialog"
        title={t().historyRestoreTitle}
        text={<Show when={pending()}>{(row) => <RestoreText row={row()} />}</Show>}
        confirmLabel={t().historyRestoreConfirm}
        onConfirm={restore}
        control={(control) => (confirmation = control)}
      />
    </>
  );
}

/** A value or label as the model gives it: UI words as they are, Polish user text marked for the voice. */
function ShownText(props: { shown: Shown }) {
  return (
    <>
      {props.shown.lead ? `${props.shown.lead} ` : ''}
      <Show when={props.shown.user} fallback={props.shown.text}>
        <UserText>{props.shown.text}</UserText>
      </Show>
    </>
  );
}

/** The value a restore brings back, as the row shows it (user text, or UI words such as "tak"). */
const restoredValue = (row: HistoryRow): Shown | undefined =>
  row.restore ? (row.restore.which === 'new' ? row.to : row.from) : undefined;

/** "Pole „…” dostanie wartość „…”": the value and a custom field's own name marked as user text [issue 14]. */
function RestoreText(props: { row: HistoryRow }) {
  const value = () => restoredValue(props.row) ?? { text: '', user: false };
  // The template gets only the user texts, in order; UI words are put in directly.
  const parts = () => [props.row.field, value()];
  const template = (...users: string[]) => {
    let next = 0;
    const [field, shown] = parts().map((part) => (part.user ? users[next++]! : part.text));
    return t().historyRestoreText(field!, shown!);
  };
  return <WithUserText template={template} values={parts().filter((part) => part.user).map((part) => part.text)} />;
}
