// Writes the export workbook with exceljs's streaming WorkbookWriter (made browser-safe by ./shim): rows go
// out as they arrive, deflated by the native gzip stream inside fflate's zip framing, and the result is a
// Blob of compressed chunks, so memory holds the compressed file and a few chunks of records, never the sheet.
import WorkbookWriter, { type StreamWorksheet } from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { exportColumns, rowCells, warsawTime, type ColumnKind, type ExportColumn, type ExportRecord } from './columns.ts';
import type { ExportJob } from './protocol.ts';
import { columnLetters, rowXml, VALUE_TYPE } from './row-xml.ts';

export { columnLetters } from './row-xml.ts';
import { neutralise, sheetName } from './safe-text.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One shared style object per kind: exceljs caches style ids by object, which saves about a quarter of the CPU. */
const STYLES: Record<ColumnKind | 'header', object> = {
  text: { numFmt: '@' },
  number: { numFmt: 'General' },
  date: { numFmt: 'yyyy-mm-dd' },
  datetime: { numFmt: 'yyyy-mm-dd hh:mm' },
  header: { numFmt: '@', font: { bold: true, size: 11, name: 'Calibri', family: 2 } },
};


/** The writer's output: compressed chunks gathered for the Blob, 'finish' when the zip is complete. */
class BlobSink {
  readonly chunks: Uint8Array<ArrayBuffer>[] = [];
  private finishers: (() => void)[] = [];
  on(event: string, listener: () => void): this {
    if (event === 'finish') this.finishers.push(listener);
    return this;
  }
  write(chunk: Uint8Array<ArrayBuffer>): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    for (const finish of this.finishers) finish();
  }
}

/** Cells as exceljs takes them: `undefined` leaves a cell out, so empty values write nothing. */
function addRow(sheet: StreamWorksheet, values: unknown[], styles: readonly object[]): void {
  const row = sheet.addRow(values);
  row.eachCell((cell, column) => {
    cell.style = styles[column - 1]!;
  });
  row.commit();
}

export interface WorkbookWriting {
  /** Writes one chunk of records, in the order given. */
  add(records: readonly ExportRecord[]): void;
  /** Closes the sheets and returns the file. */
  finish(): Promise<Blob>;
  readonly written: number;
}

export function startWorkbook(job: ExportJob): WorkbookWriting {
  const sink = new BlobSink();
  const writer = new WorkbookWriter({
    stream: sink, useStyles: true, useSharedStrings: false, zip: { zlib: { level: job.level ?? 1 } }, creator: 'Kartoteka',
  });
  // LibreOffice shows an autofilter only with this hidden name; exceljs writes it without `hidden`.
  const append = writer.zip.append.bind(writer.zip);
  writer.zip.append = (source, data) =>
    append(
      typeof source === 'string' && data.name.endsWith('xl/workbook.xml')
        ? source.replace('<definedName name="_xlnm._FilterDatabase"', '<definedName name="_xlnm._FilterDatabase" hidden="1"')
        : source,
      data,
    );

  const columns: ExportColumn[] = exportColumns(job.setup);
  const styles = columns.map((c) => STYLES[c.kind]);
  const name = sheetName(job.orderName, [job.infoSheet], job.sheetFallback);
  const range = `$A$1:$${columnLetters(columns.length)}$${job.total + 1}`;
  const sheet = writer.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    autoFilter: range.replace(/\$/g, ''),
  });
  writer._definedNames = {
    model: [{ name: '_xlnm._FilterDatabase', localSheetId: 0, ranges: [`'${name.replace(/'/g, "''")}'!${range}`] }],
  };
  sheet.columns = columns.map((c, i) => ({ width: c.width, style: styles[i] }));
  // The header through exceljs: it also writes the columns and opens <sheetData> for the rows below.
  addRow(sheet, columns.map((c) => c.header), columns.map(() => STYLES.header));
  const styleIds = columns.map((c, i) => writer.styles.addStyleModel(styles[i]!, VALUE_TYPE[c.kind]));
  const letters = columns.map((_, i) => columnLetters(i + 1));

  let written = 0;
  return {
    get written() {
      return written;
    },
    add(records) {
      // Data rows as exceljs renders them (row-xml.ts), one write per chunk of records.
      let xml = '';
      for (const record of records) xml += rowXml(++written + 1, rowCells(record, job.setup), letters, styleIds);
      sheet.stream.write(xml);
    },
    async finish() {
      sheet.commit();
      const info = writer.addWorksheet(sheetName(job.infoSheet, [name], 'Info'));
      info.columns = [{ width: 28 }, { width: 60 }];
      for (const [label, value] of job.info) {
        const cell = typeof value === 'object' ? warsawTime(value.time) : typeof value === 'string' ? neutralise(value) : value;
        const style = typeof value === 'object' ? STYLES.datetime : typeof value === 'number' ? STYLES.number : STYLES.text;
        addRow(info, [neutralise(label), cell ?? undefined], [STYLES.header, style]);
      }
      info.commit();
      await writer.commit();
      return new Blob(sink.chunks, { type: XLSX_TYPE });
    },
  };
}
