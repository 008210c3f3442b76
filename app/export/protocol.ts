// Messages between the page and the export worker: the setup, the records in chunks (the page keeps
// control and stays responsive), progress back after each chunk, and the finished file as a Blob.
import type { ExportRecord, ExportSetup } from './columns.ts';

/** One line of the "about this export" sheet: a label and its value. */
export type InfoLine = [label: string, value: string | number | { time: number }];

export interface ExportJob {
  setup: ExportSetup;
  /** The order's name: the data sheet is named after it. */
  orderName: string;
  /** Names used when a wanted sheet name is empty or taken. */
  sheetFallback: string;
  infoSheet: string;
  info: InfoLine[];
  /** Rows that will follow: the autofilter covers them. */
  total: number;
  /** Deflate level 0–9; 1 is the fastest that still shrinks the text well. */
  level?: number;
}

export type ToWorker =
  | { type: 'start'; job: ExportJob }
  | { type: 'rows'; records: ExportRecord[] }
  | { type: 'end' };

export type FromWorker =
  | { type: 'progress'; written: number }
  | { type: 'done'; blob: Blob; written: number; /** Time the worker spent on messages and the final write, ms. */ busyMs: number }
  | { type: 'error'; message: string };
