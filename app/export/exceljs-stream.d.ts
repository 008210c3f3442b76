// Types for the one exceljs module the export uses: the streaming writer, which exceljs declares no types for.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  export interface StreamCell {
    style: object;
  }
  export interface StreamRow {
    eachCell(callback: (cell: StreamCell, column: number) => void): void;
    commit(): void;
  }
  export interface StreamWorksheet {
    columns: { width: number; style?: object }[];
    addRow(values: unknown[]): StreamRow;
    commit(): void;
    /** The sheet part's text stream (shim/stream-buf.cjs in the browser). */
    readonly stream: { write(text: string): unknown };
  }
  export interface Archive {
    append(source: unknown, data: { name: string }): unknown;
  }
  export default class WorkbookWriter {
    constructor(options: {
      stream: unknown;
      useStyles?: boolean;
      useSharedStrings?: boolean;
      /** Options of the zip adapter (shim/archiver.cjs): the deflate level where fflate deflates. */
      zip?: { zlib?: { level?: number } };
      creator?: string;
      created?: Date;
    });
    zip: Archive;
    /** The workbook's styles: the id of a cell style (cached by object) for a value type. */
    styles: { addStyleModel(style: object, cellType: number): number };
    _definedNames: { model: { name: string; localSheetId?: number; ranges: string[] }[] };
    addWorksheet(name: string, options?: { views?: object[]; autoFilter?: string }): StreamWorksheet;
    commit(): Promise<unknown>;
  }
}

declare module 'exceljs/lib/utils/utils.js' {
  const utils: {
    /** XML-escapes a text (and drops characters XML cannot hold), as every exceljs cell. */
    xmlEncode(text: string): string;
    /** A Date as an Excel serial day number. */
    dateToExcel(date: Date, date1904: boolean): number;
  };
  export default utils;
}
