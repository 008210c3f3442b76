// "Eksportuj do Excela" under an order's records table: exports exactly the rows the table shows (its
// filter and sort, all pages) in a worker, with a native progress bar, progress announced in the page's
// status region, and a cancel button that takes focus while it runs. The Excel code loads on first use.
import { createSignal, onCleanup, Show } from 'solid-js';
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import type { Client } from '../../../schemas/entities/client.ts';
import type { Order } from '../../../schemas/entities/order.ts';
import type { Role } from '../../../schemas/entities/user.ts';
import type { RunningExport } from '../../export/run-export.ts';
import { lang, t } from '../../i18n/i18n.ts';
import { log } from '../../log.ts';
import { currentUser } from '../../sync/session.ts';
import { warsawDay } from '../format.ts';
import { useDatabase } from '../use-rx.ts';
import { announce } from './announcer.tsx';
import type { SortKey, TableView } from './records-table.tsx';

/** DESIGN.md "exports to Excel": everyone but operators (each sees only what their device holds). */
const EXPORTERS: readonly Role[] = ['admin', 'coordinator', 'principal', 'supervisor', 'verifier'];
export const canExport = (role: Role | undefined) => !!role && EXPORTERS.includes(role);

/** A record as the export takes it: its custom values and toJSON() giving the client document. */
export interface ExportableRecord {
  custom: Client['custom'];
  toJSON(): unknown;
}

type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
const STEPS = [25, 50, 75];

const sortLabel = (key: SortKey) =>
  ({ name: t().colName, nip: t().colNip, city: t().colCity, status: t().colStatus, createdAt: t().colCreated })[key];

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file by then; the memory is freed after a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportButton(props: {
  view: TableView;
  order: Pick<Order, 'name' | 'attributeIds'>;
}) {
  const db = useDatabase();
  const [phase, setPhase] = createSignal<Phase>('idle');
  const [written, setWritten] = createSignal(0);
  const [total, setTotal] = createSignal(0);
  const [fileName, setFileName] = createSignal('');
  let running: RunningExport | undefined;
  let exportButton: HTMLButtonElement | undefined;
  let cancelButton: HTMLButtonElement | undefined;

  const percent = () => (total() === 0 ? 100 : Math.floor((written() / total()) * 100));
  const statusText = () => {
    switch (phase()) {
      case 'done':
        return t().exportDone(total(), fileName());
      case 'cancelled':
        return t().exportCancelled;
      case 'failed':
        return t().exportFailed;
      default:
        return t().exportProgress(percent());
    }
  };

  async function start(): Promise<void> {
    if (phase() === 'running') return;
    const database = db();
    const user = currentUser();
    if (!database || !user) return;
    setPhase('running');
    setWritten(0);
    setTotal(props.view.count());
    announce(t().exportStarted(props.view.count()));
    queueMicrotask(() => cancelButton?.focus());
    try {
      const [loaded, { prepareExport, exportRecord }, { runExport, CancelledExport }, attributes, people, comments] = await Promise.all([
        props.view.load(),
        import('../../export/prepare.ts'),
        import('../../export/run-export.ts'),
        database.attributes.find().exec(),
        database.users.find().exec(),
        database.comments.find().exec(),
      ]);
      if (phase() !== 'running') return; // cancelled while the records were read
      const records: ExportableRecord[] = loaded.map((doc) => ({ custom: doc.custom, toJSON: () => doc }));
      setTotal(records.length);
      const commentCounts = new Map<string, number>();
      for (const comment of comments) commentCounts.set(comment.recordId, (commentCounts.get(comment.recordId) ?? 0) + 1);
      const now = Date.now();
      const { job, fileName: name } = await prepareExport({
        order: props.order,
        attributes: attributes.map((doc) => doc.toJSON() as Attribute),
        people: people.map((doc) => ({ id: doc.id, name: doc.name })),
        records,
        count: records.length,
        exportedBy: user.name,
        filterRejected: props.view.onlyRejected(),
        sortColumn: sortLabel(props.view.sortKey()),
        ascending: props.view.ascending(),
        now,
        day: warsawDay(now),
        lang: lang(),
        t: t(),
      });
      if (phase() !== 'running') return; // cancelled while the code loaded
      setFileName(name);
      let announced = 0;
      running = runExport(job, { count: records.length, slice: (from, to) => records.slice(from, to).map((r) => {
        const doc = r.toJSON() as Client;
        return exportRecord(doc, commentCounts.get(doc.id) ?? 0);
      }) }, (done, all) => {
        setWritten(done);
        const step = STEPS.filter((s) => all > 0 && (done / all) * 100 >= s).at(-1) ?? 0;
        if (step > announced && done < all) {
          announced = step;
          announce(t().exportProgress(step));
        }
      });
      try {
        const blob = await running.done;
        download(blob, name);
        setPhase('done');
        announce(t().exportDone(records.length, name));
      } catch (error) {
        if (error instanceof CancelledExport) return;
        throw error;
      }
    } catch (error) {
      log.warn('excel export failed', error);
      setPhase('failed');
      announce(t().exportFailed);
    } finally {
      running = undefined;
      // The cancel button that had focus is gone: focus returns to the export button, unless moved elsewhere.
      if (!document.activeElement || document.activeElement === document.body) exportButton?.focus();
    }
  }

  // Leaving the page stops the export: nothing keeps running, or downloads, behind the user's back.
  onCleanup(() => running?.cancel());

  function cancel(): void {
    running?.cancel();
    setPhase('cancelled');
    announce(t().exportCancelled);
    exportButton?.focus();
  }

  return (
    <Show when={canExport(currentUser()?.role)}>
      <div class="export">
        <button
          ref={exportButton}
          type="button"
          class="button button--secondary"
          aria-describedby="export-hint"
          aria-disabled={phase() === 'running' ? 'true' : undefined}
          onClick={() => void start()}
        >
          {t().exportButton}
        </button>
        <p id="export-hint" class="field__hint">
          {t().exportHint(props.view.count())}
        </p>
        <Show when={phase() !== 'idle'}>
          <div class="export__progress">
            <label for="export-progress" class="export__label">
              {t().exportProgressLabel}
            </label>
            <progress id="export-progress" class="export__bar" max={100} value={percent()} aria-describedby="export-state">
              {percent()}%
            </progress>
            <p id="export-state" class="export__state">
              {statusText()}
            </p>
            <Show when={phase() === 'running'}>
              <button ref={cancelButton} type="button" class="button button--warning" onClick={cancel}>
                {t().exportCancel}
              </button>
            </Show>
          </div>
        </Show>
      </div>
    </Show>
  );
}
