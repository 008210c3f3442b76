// The data rows of the sheet as XML, written straight into exceljs's worksheet stream: the same markup
// exceljs's own RowXform/CellXform render (proved by row-xml.test.ts against exceljs itself), without
// building a Row, its Cells and their models for each of 100,000 rows — that was most of the worker's time.
// exceljs still writes everything else: styles, header row, columns, frozen pane, autofilter, the zip.
import utils from 'exceljs/lib/utils/utils.js';
import type { CellValue, ColumnKind } from './columns.ts';

/** exceljs's Enums.ValueType of each column kind (what its style lookup is told about the cell). */
export const VALUE_TYPE: Record<ColumnKind, number> = { text: 3, number: 2, date: 4, datetime: 4 };

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetters(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** One row's XML, or '' when it has no value (exceljs writes no such row either). */
export function rowXml(rowNumber: number, cells: readonly CellValue[], letters: readonly string[], styleIds: readonly number[]): string {
  let body = '';
  let min = 0;
  let max = 0;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i];
    if (value === null || value === undefined) continue;
    if (min === 0) min = i + 1;
    max = i + 1;
    const style = styleIds[i] ? ` s="${styleIds[i]}"` : '';
    const ref = `${letters[i]}${rowNumber}`;
    if (typeof value === 'string') body += `<c r="${ref}"${style} t="str"><v>${utils.xmlEncode(value)}</v></c>`;
    else if (typeof value === 'number') body += `<c r="${ref}"${style}><v>${value}</v></c>`;
    else body += `<c r="${ref}"${style}><v>${utils.dateToExcel(value, false)}</v></c>`;
  }
  return body === '' ? '' : `<row r="${rowNumber}" spans="${min}:${max}" x14ac:dyDescent="0.25">${body}</row>`;
}
