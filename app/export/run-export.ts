// The page's side of an export: starts the worker, feeds it the records in chunks (each chunk turned into
// plain JSON only when it is sent, so no long main-thread task), reports progress, and cancels by
// terminating the worker. Imported on demand, with the worker chunk, when a user exports.
import type { ExportRecord } from './columns.ts';
import type { ExportJob, FromWorker, ToWorker } from './protocol.ts';

/** Records per message: large enough to keep the worker busy, small enough for short tasks here (≤ 50 ms). */
export const CHUNK = 500;
/** Chunks sent ahead of the worker's progress: it rarely waits for the page; memory holds at most these. */
const AHEAD = 4;

export interface RecordSource {
  count: number;
  /** Plain records [from, to) in export order. */
  slice(from: number, to: number): ExportRecord[];
}

export interface RunningExport {
  /** Settles with the file; rejects with CancelledExport after cancel(). */
  done: Promise<Blob>;
  /** The worker's busy time once done (diagnostics for the benchmark), ms. */
  workerMs(): number | undefined;
  cancel(): void;
}

export class CancelledExport extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'CancelledExport';
  }
}

export function runExport(job: ExportJob, source: RecordSource, onProgress: (written: number, total: number) => void): RunningExport {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'excel-export' });
  const send = (message: ToWorker) => worker.postMessage(message);
  let next = 0;
  let workerMs: number | undefined;
  let settle: { resolve: (blob: Blob) => void; reject: (error: Error) => void } | undefined;
  const done = new Promise<Blob>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const stop = (error?: Error) => {
    worker.terminate();
    if (error) settle?.reject(error);
    settle = undefined;
  };
  const feed = () => {
    if (next >= source.count) return;
    const to = Math.min(source.count, next + CHUNK);
    send({ type: 'rows', records: source.slice(next, to) });
    next = to;
    if (next >= source.count) send({ type: 'end' });
  };
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === 'progress') {
      onProgress(message.written, source.count);
      feed();
    } else if (message.type === 'done') {
      onProgress(message.written, source.count);
      workerMs = message.busyMs;
      const finish = settle;
      stop();
      finish?.resolve(message.blob);
    } else stop(new Error(message.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    stop(new Error(event.message || 'export worker failed'));
  };
  send({ type: 'start', job: { ...job, total: source.count } });
  if (source.count === 0) send({ type: 'end' });
  else {
    for (let i = 0; i < AHEAD; i++) feed();
  }
  return { done, workerMs: () => workerMs, cancel: () => stop(new CancelledExport()) };
}
