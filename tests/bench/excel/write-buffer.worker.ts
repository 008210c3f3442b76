// The comparison: exceljs's browser build, a regular Workbook with the same cells and shared styles,
// written with workbook.xlsx.writeBuffer() (the whole file in memory), in a worker like ours; timed from
// the records in memory to the finished buffer.
import ExcelJS from 'exceljs';
import { exportColumns, rowCells } from '../../../app/export/columns.ts';
import { benchJob, benchRecord } from './data.ts';

self.onmessage = async (event: MessageEvent<{ n: number }>) => {
  try {
    const job = benchJob();
    // The records exist before the clock starts, as on our side (generation is not measured).
    const records = Array.from({ length: event.data.n }, (_, i) => benchRecord(i));
    const started = performance.now();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Zlecenie', { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = exportColumns(job.setup);
    const text = { numFmt: '@' };
    const styles = columns.map((c) => (c.kind === 'text' ? text : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm' } : {}));
    sheet.addRow(columns.map((c) => c.header));
    for (const record of records) {
      const row = sheet.addRow(rowCells(record, job.setup).map((v) => (v === null ? undefined : v)));
      row.eachCell((cell, column) => {
        cell.style = styles[column - 1]!;
      });
    }
    const buffer = await workbook.xlsx.writeBuffer({ useSharedStrings: false } as never);
    (self as unknown as Worker).postMessage({ ms: performance.now() - started, bytes: buffer.byteLength });
  } catch (error) {
    (self as unknown as Worker).postMessage({ error: String(error instanceof Error ? error.stack : error) });
  }
};
