// Values of custom attributes: what the form turns typed text into, and the server's check of stored values [V6].
import type { FieldIssue } from '../protocol/errors.ts';
import { RESERVED_KEYS, type Attribute, type AttributeChoice } from './attribute.ts';
import type { CustomValue } from './client.ts';
import { checkEmail, checkPhone, checkUrl } from './contact.ts';

export type CustomChecked = { ok: true; value: CustomValue } | { ok: false; code: string };

/** What a form control holds: text, the checked options of a multiple choice, or a yes/no answer. */
export type TypedValue = string | readonly string[] | boolean;

const CONTROL_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_TEXTAREA = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
export const CUSTOM_TEXT_MAX = 500;
export const CUSTOM_LONG_TEXT_MAX = 5000;
const ok = (value: CustomValue): CustomChecked => ({ ok: true, value });
const fail = (code: string): CustomChecked => ({ ok: false, code });

/** Whether a stored value counts as "not filled in". */
export const isEmptyValue = (value: unknown) =>
  value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** Accepts "1 234", "1234", "-5"; the whole number it means. */
function parseInteger(text: string): number | null {
  const compact = text.replace(/[\s\u00A0]/g, '');
  if (!/^-?\d{1,15}$/.test(compact)) return null;
  return Number(compact);
}

/** Accepts "12,5", "12.5", "1 234,56"; Polish decimal comma or point. */
function parseDecimal(text: string): number | null {
  const compact = text.replace(/[\s\u00A0]/g, '').replace(',', '.');
  if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(compact)) return null;
  return Number(compact);
}

const choiceKeys = (choices: readonly AttributeChoice[], includeRetired: boolean) =>
  new Set(choices.filter((c) => includeRetired || !c.retired).map((c) => c.key));

/**
 * The stored form of a typed value, or the code of its first problem. `previous` is the record's
 * stored value: an option retired since it was chosen stays acceptable for that record.
 */
export function normalizeCustomValue(attr: Attribute, typed: TypedValue, previous?: unknown): CustomChecked {
  if (attr.kind === 'boolean') {
    if (typed === true || typed === false) return ok(typed);
    return typed === '' ? (attr.required ? fail('custom.required') : ok('')) : fail('custom.boolean');
  }
  if (attr.kind === 'multiChoice') {
    const keys = typeof typed === 'string' ? (typed === '' ? [] : [typed]) : Array.isArray(typed) ? [...typed] : [];
    if (keys.length === 0) return attr.required ? fail('custom.requiredChoice') : ok([]);
    const kept = new Set(Array.isArray(previous) ? previous : []);
    const allowed = choiceKeys(attr.choices, false);
    if (keys.some((k) => !allowed.has(k) && !kept.has(k))) return fail('custom.choice');
    return ok([...new Set(keys)]);
  }
  if (typeof typed !== 'string') return fail('value.type');
  const multiline = attr.kind === 'longText';
  const text = (multiline ? typed.replace(/\r\n?/g, '\n') : typed).trim().normalize('NFC');
  if ((multiline ? CONTROL_TEXTAREA : CONTROL_LINE).test(text)) return fail('chars.control');
  if (text === '') return attr.required ? fail(attr.kind === 'choice' ? 'custom.requiredChoice' : 'custom.required') : ok('');
  switch (attr.kind) {
    case 'text':
      return [...text].length > CUSTOM_TEXT_MAX ? fail('tooLong') : ok(text);
    case 'longText':
      return [...text].length > CUSTOM_LONG_TEXT_MAX ? fail('tooLong') : ok(text);
    case 'integer': {
      const n = parseInteger(text);
      return n === null || !Number.isSafeInteger(n) ? fail('custom.integer') : ok(n);
    }
    case 'decimal': {
      const n = parseDecimal(text);
      return n === null ? fail('custom.decimal') : ok(n);
    }
    case 'date':
      return validDate(text) ? ok(text) : fail('custom.date');
    case 'choice':
      return choiceKeys(attr.choices, false).has(text) || previous === text ? ok(text) : fail('custom.choice');
    case 'email':
    case 'phone':
    case 'url': {
      const checked = (attr.kind === 'email' ? checkEmail : attr.kind === 'phone' ? checkPhone : checkUrl)(text);
      if (!checked.ok) return fail(checked.code);
      // Only separators ('( )', 'mailto:') mean nothing was typed: a required field stays unfilled.
      return checked.value === '' && attr.required ? fail('custom.required') : ok(checked.value);
    }
  }
}

/** A stored value as the form shows it again: numbers in Polish notation are left to the page. */
export function typedFromStored(attr: Attribute, value: unknown): TypedValue {
  if (attr.kind === 'boolean') return value === true || value === false ? value : '';
  if (attr.kind === 'multiChoice') return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : '';
}

/** Reverses typedFromStored for a check: a stored value must already be in its stored form. */
function storedAsTyped(attr: Attribute, value: CustomValue): TypedValue {
  if (attr.kind === 'boolean' || attr.kind === 'multiChoice') return value as TypedValue;
  return typeof value === 'number' ? String(value) : (value as string);
}

/**
 * The server's check of a record's `custom` map against the attributes of its order [V6, S10]:
 * only attributes bound to the order, values in their stored form, required ones filled on a new
 * record. `previous` is the stored map (retired options and attributes keep their data).
 */
export function checkCustomValues(
  custom: Record<string, unknown>,
  bound: ReadonlyMap<string, Attribute>,
  options: { creating: boolean; previous?: Record<string, unknown> },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const previous = options.previous ?? {};
  for (const key of Object.keys(custom)) {
    const field = `custom:${key}`;
    const value = custom[key] as CustomValue;
    const before = Object.hasOwn(previous, key) ? previous[key] : undefined;
    // An unchanged value is never re-judged: a later rule (a retired option, an attribute since
    // unbound from the order) must not lock a record that still holds it.
    if (before !== undefined && JSON.stringify(value) === JSON.stringify(before)) continue;
    const attr = RESERVED_KEYS.has(key) ? undefined : bound.get(key);
    if (!attr) {
      issues.push({ field, code: 'custom.notBound' });
      continue;
    }
    // Retired: hidden from new entry; what records hold stays (unchanged values were skipped above).
    if (attr.retired) {
      issues.push({ field, code: 'custom.retired' });
      continue;
    }
    const checked = normalizeCustomValue({ ...attr, required: false }, storedAsTyped(attr, value), before);
    if (!checked.ok) issues.push({ field, code: checked.code });
    else if (JSON.stringify(checked.value) !== JSON.stringify(value)) issues.push({ field, code: 'value.notNormalized' });
  }
  if (options.creating) {
    for (const attr of bound.values()) {
      // Own keys only: an attribute id such as 'toString' must not find Object.prototype's.
      const value = Object.hasOwn(custom, attr.id) ? custom[attr.id] : undefined;
      if (attr.required && !attr.retired && isEmptyValue(value)) issues.push({ field: `custom:${attr.id}`, code: 'custom.required' });
    }
  }
  return issues;
}
