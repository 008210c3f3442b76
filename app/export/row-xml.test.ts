// The export's data rows must be exactly what exceljs itself writes for the same cells: the fast path
// (row-xml.ts) renders rows straight into exceljs's worksheet stream, so it is checked against exceljs's
// own RowXform on every kind of value the export produces [X1, X4].
import ExcelJS from 'exceljs';
// @ts-expect-error exceljs ships no types for its xforms
import RowXform from 'exceljs/lib/xlsx/xform/sheet/row-xform.js';
// @ts-expect-error exceljs ships no types for its xforms
import StylesXform from 'exceljs/lib/xlsx/xform/style/styles-xform.js';
import { expect, test } from 'vitest';
import type { CellValue, ColumnKind } from './columns.ts';
import { columnLetters, rowXml, VALUE_TYPE } from './row-xml.ts';

const STYLES: Record<ColumnKind, object> = {
  text: { numFmt: '@' },
  number: { numFmt: 'General' },
  date: { numFmt: 'yyyy-mm-dd' },
  datetime: { numFmt: 'yyyy-mm-dd hh:mm' },
};

/** exceljs's own rendering of a row with these values and column styles (the writer's per-row path). */
function exceljsRow(rowNumber: number, values: readonly CellValue[], kinds: readonly ColumnKind[], styles: unknown): string {
  const sheet = new ExcelJS.Workbook().addWorksheet('s');
  const row = sheet.getRow(rowNumber);
  row.values = values.map((v) => (v === null ? undefined : v)) as ExcelJS.CellValue[];
  row.eachCell((cell, column) => {
    cell.style = STYLES[kinds[column - 1]!] as ExcelJS.Style;
  });
  const model = row.model;
  if (!model) return '';
  const xform = new RowXform();
  xform.prepare(model, { styles, hyperlinks: [], merges: [], formulae: {}, siFormulae: 0, comments: [] });
  return xform.toXml(model);
}

test('[X1] data rows: the same XML exceljs writes, for text, escaped and control characters, numbers, dates and gaps', () => {
  const kinds: ColumnKind[] = ['text', 'text', 'text', 'number', 'number', 'date', 'datetime', 'text', 'text', 'number'];
  const rows: CellValue[][] = [
    ["Zakłady Mięsne \"Łuków\" & <Syn>", "'=SUM(1+1)", 'O\'Brien\u0001\u0008\u000b tab\tCR\r', 250, 12.5,
      new Date(Date.UTC(2026, 10, 30)), new Date(Date.UTC(2026, 11, 2, 11, 0)), null, 'Ścibor', 0],
    [null, null, 'tylko środek', null, -3, null, null, null, null, null],
    [null, null, null, null, null, null, null, null, null, null],
  ];
  const styles = new StylesXform(true);
  const styleIds = kinds.map((kind) => styles.addStyleModel(STYLES[kind], VALUE_TYPE[kind]));
  const letters = kinds.map((_, i) => columnLetters(i + 1));
  rows.forEach((cells, i) => {
    const number = i + 2;
    expect(rowXml(number, cells, letters, styleIds)).toBe(exceljsRow(number, cells, kinds, styles));
  });
  expect(rowXml(4, rows[2]!, letters, styleIds)).toBe('');
  // And beyond column Z: letters as exceljs names them.
  expect(columnLetters(27)).toBe('AA');
  expect(columnLetters(32)).toBe('AF');
});
