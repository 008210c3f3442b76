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
    _definedNames: { model: { name: string; localSheetId?: number; ranges: string[] }[] };
    addWorksheet(name: string, options?: { views?: object[]; autoFilter?: string }): StreamWorksheet;
    commit(): Promise<unknown>;
  }
}
