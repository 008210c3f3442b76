// The benchmark page: runs the app's export path (run-export.ts → streaming worker) and, for comparison,
// exceljs's own browser build with workbook.xlsx.writeBuffer() in a worker, on the same records.
import { exportRecord } from '../../../app/export/columns.ts';
import { runExport } from '../../../app/export/run-export.ts';
import { benchJob, benchRecord } from './data.ts';

interface Outcome {
  ms: number;
  bytes: number;
  /** Longest main-thread task seen while the export ran (long-task observer), ms. */
  longestTask: number;
  /** Time the export worker was busy, ms (ours only). */
  workerMs?: number;
}

function watchLongTasks(): () => number {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  return () => {
    observer.disconnect();
    return longest;
  };
}

// Both sides start timing with the records already in memory (as the app holds them in RxDB): the
// synthetic data generation is not part of either figure.
async function ours(n: number): Promise<Outcome & { blobUrl: string }> {
  const records = Array.from({ length: n }, (_, i) => benchRecord(i));
  await new Promise((done) => setTimeout(done)); // the generation's long task ends before the watch starts
  const stopWatch = watchLongTasks();
  const started = performance.now();
  // As the app does: each chunk cut to the exported fields only when it is sent.
  const running = runExport(benchJob(), { count: n, slice: (from, to) => records.slice(from, to).map((r, i) => exportRecord(r, (from + i) % 4)) }, () => {});
  const blob = await running.done;
  const ms = performance.now() - started;
  return { ms, bytes: blob.size, longestTask: stopWatch(), workerMs: running.workerMs(), blobUrl: URL.createObjectURL(blob) };
}

async function writeBuffer(n: number): Promise<Outcome> {
  const stopWatch = watchLongTasks();
  const worker = new Worker(new URL('./write-buffer.worker.ts', import.meta.url), { type: 'module' });
  const outcome = await new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ms?: number; bytes?: number; error?: string }>) =>
      event.data.error ? reject(new Error(event.data.error)) : resolve({ ms: event.data.ms ?? 0, bytes: event.data.bytes ?? 0 });
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ n });
  });
  worker.terminate();
  return { ...outcome, longestTask: stopWatch() };
}

Object.assign(window, { benchOurs: ours, benchWriteBuffer: writeBuffer });
document.title = 'ready';
