// Excel's rules for what the export writes from user text: cells that cannot turn into formulas,
// sheet names Excel accepts, and a download file name every operating system accepts [X1–X3].

/** A spreadsheet reads these first characters as the start of a formula or a DDE call (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A user text as written to a cell [X1]: as OWASP recommends, a leading `'` when it starts with
 * `=`, `+`, `-`, `@`, tab or carriage return, so the cell stays text after any re-edit — a phone
 * number "+48 600 123 456" too, which a re-edited cell would otherwise compute as `+48 600 123 456`.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Characters Excel refuses in a sheet name. */
const SHEET_FORBIDDEN = /[[\]:*?/\\\u0000-\u001F\u007F]/g;
export const SHEET_NAME_MAX = 31;

/** Cut to `max` characters without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

/**
 * A sheet name within Excel's rules [X2]: at most 31 characters, none of `[]:*?/\`, no leading or
 * trailing apostrophe, not "History", and unique (case-insensitively) among `taken`.
 */
export function sheetName(wanted: string, taken: readonly string[], fallback: string): string {
  let base = wanted.replace(SHEET_FORBIDDEN, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim();
  if (base === '' || base.toLowerCase() === 'history') base = fallback;
  base = cut(base, SHEET_NAME_MAX).trim();
  const used = new Set(taken.map((name) => name.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${cut(base, SHEET_NAME_MAX - suffix.length).trim()}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

const FILE_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001F\u007F]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const FILE_STEM_MAX = 100;

/**
 * `<order>-<date>.xlsx` safe on Windows, macOS and Linux [X3]: no reserved characters or device
 * names, no leading dot, no trailing dot or space, at most 100 characters before the date.
 */
export function exportFileName(orderName: string, day: string, fallback: string): string {
  let stem = orderName.replace(FILE_FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  stem = cut(stem, FILE_STEM_MAX).replace(/^[.\s]+|[.\s]+$/g, '');
  if (stem === '' || WINDOWS_RESERVED.test(stem)) stem = stem === '' ? fallback : `${stem}_`;
  return `${stem}-${day}.xlsx`;
}
