// Normalises a client's standard fields for the form and re-checks whole documents on the server [V1–V5, S10].
import type { FieldIssue } from '../protocol/errors.ts';
import type { StandardKey } from './client.ts';
import { MESSAGES } from './messages.ts';
import type { Checked } from './polish-identifiers.ts';
import { STANDARD_ATTRIBUTES, type StandardAttribute } from './standard-attributes.ts';

// C0 and C1 control characters; a textarea may keep line breaks and tabs.
const CONTROL_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_TEXTAREA = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Bidi overrides and isolates make a name display other than it is stored (Trojan Source, CVE-2021-42574).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

const fail = (code: string): Checked => ({ ok: false, code });

// JSON Schema's maxLength counts code points, not UTF-16 units, so an emoji counts once.
const codePoints = (s: string) => [...s].length;

/** One field's stored form, or the code of the first problem found. */
function normalizeField(attr: StandardAttribute, raw: string): Checked {
  // Pasted spreadsheet text brings '\r\n'; a textarea's value only ever holds '\n'.
  const multiline = attr.input === 'textarea';
  const text = (multiline ? raw.replace(/\r\n?/g, '\n') : raw).trim().normalize('NFC');
  if ((multiline ? CONTROL_TEXTAREA : CONTROL_LINE).test(text) || BIDI_CONTROL.test(text)) {
    return fail('chars.control');
  }
  if (text === '') {
    if (!attr.required) return { ok: true, value: '' };
    const specific = `${attr.key}.required`;
    return fail(Object.hasOwn(MESSAGES, specific) ? specific : 'required');
  }
  const checked = attr.check ? attr.check(text) : { ok: true as const, value: text };
  // A string has no more code points than UTF-16 units: only a long one needs counting.
  if (checked.ok && checked.value.length > attr.maxLength && codePoints(checked.value) > attr.maxLength) return fail('tooLong');
  return checked;
}

/**
 * The form's view of the standard fields: stored forms and issues. A field with an issue keeps
 * the text as typed, so the form never clears what the user wrote.
 */
export function normalizeClientFields(raw: Partial<Record<StandardKey, string>>): {
  values: Record<StandardKey, string>;
  issues: FieldIssue[];
} {
  const values = {} as Record<StandardKey, string>;
  const issues: FieldIssue[] = [];
  for (const attr of STANDARD_ATTRIBUTES) {
    const typed = raw[attr.key] ?? '';
    const result = normalizeField(attr, typed);
    values[attr.key] = result.ok ? result.value : typed;
    if (!result.ok) issues.push({ field: attr.key, code: result.code });
  }
  return { values, issues };
}

/**
 * The server's check of a whole pushed or stored document (its shape already checked by the JSON
 * schema): every standard field must already be in its stored form, so normalising changes nothing.
 */
export function checkClientDocument(doc: unknown): FieldIssue[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return [{ field: '', code: 'document.invalid' }];
  }
  const record = doc as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const attr of STANDARD_ATTRIBUTES) {
    const value = record[attr.key];
    if (typeof value !== 'string') {
      issues.push({ field: attr.key, code: 'value.type' });
      continue;
    }
    const result = normalizeField(attr, value);
    if (!result.ok) issues.push({ field: attr.key, code: result.code });
    else if (result.value !== value) issues.push({ field: attr.key, code: 'value.notNormalized' });
  }
  return issues;
}
