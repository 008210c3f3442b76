// The export worker: receives the job and the records in chunks, writes the workbook as they come, and
// reports progress after each chunk so the page can show and announce it. Cancel = the page terminates it.
import type { FromWorker, ToWorker } from './protocol.ts';
import { startWorkbook, type WorkbookWriting } from './write-workbook.ts';

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);
let writing: WorkbookWriting | undefined;
let busyMs = 0;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const started = performance.now();
  try {
    if (message.type === 'start') writing = startWorkbook(message.job);
    else if (!writing) throw new Error('export worker: rows before start');
    else if (message.type === 'rows') {
      writing.add(message.records);
      post({ type: 'progress', written: writing.written });
      busyMs += performance.now() - started;
    } else {
      const done = writing;
      void done.finish().then(
        (blob) => post({ type: 'done', blob, written: done.written, busyMs: busyMs + performance.now() - started }),
        (error: unknown) => post({ type: 'error', message: String(error instanceof Error ? error.stack ?? error.message : error) }),
      );
    }
  } catch (error) {
    post({ type: 'error', message: String(error instanceof Error ? error.stack ?? error.message : error) });
  }
};
