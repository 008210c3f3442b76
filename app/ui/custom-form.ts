// The custom attributes of a record form: which are entered and which only shown, what the controls
// start with, and the check and patch of what was typed [V6]. Pure, so the rules are unit-tested.
import type { Attribute, AttributeChoice } from '../../schemas/entities/attribute.ts';
import type { CustomValue } from '../../schemas/entities/client.ts';
import { isEmptyValue, normalizeCustomValue, typedFromStored, type TypedValue } from '../../schemas/entities/custom-values.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import { valuesEqual } from '../../schemas/rules/merge.ts';
import type { Lang } from '../i18n/plural.ts';

/** The id of an attribute's control (the first radio or checkbox of a group); the error summary links to it. */
export const customFieldId = (attributeId: string) => `custom-${attributeId}`;

export interface CustomLayout {
  /** Bound to the order and not retired: entered in order of the order's `attributeIds`. */
  editable: Attribute[];
  /** Retired, or no longer bound, but holding a value in this record: shown, never lost, never written. */
  readOnly: Attribute[];
}

/**
 * Which attributes a record form shows. A retired attribute disappears from new entry, but a record
 * that holds a value for it still shows that value, as does a record of an attribute since unbound.
 */
export function customLayout(
  attributeIds: readonly string[], attributes: ReadonlyMap<string, Attribute>, stored: Readonly<Record<string, unknown>>,
): CustomLayout {
  const editable: Attribute[] = [];
  const readOnly: Attribute[] = [];
  const seen = new Set<string>();
  const holds = (id: string) => Object.hasOwn(stored, id) && !isEmptyValue(stored[id]);
  for (const id of attributeIds) {
    const attr = attributes.get(id);
    if (!attr || seen.has(id)) continue;
    seen.add(id);
    if (!attr.retired) editable.push(attr);
    else if (holds(id)) readOnly.push(attr);
  }
  for (const id of Object.keys(stored)) {
    const attr = attributes.get(id);
    if (attr && !seen.has(id) && holds(id)) readOnly.push(attr);
  }
  return { editable, readOnly };
}

/** A user-defined text in the UI language: the English one when the UI is English and it is set. */
export function localText(pl: string, en: string, lang: Lang): { text: string; lang: Lang } {
  return lang === 'en' && en.trim() !== '' ? { text: en, lang: 'en' } : { text: pl, lang: 'pl' };
}

/**
 * The label of a record field an issue names, for messages that say which field: a standard key
 * ("notes"), a form control id ("custom-<id>") or a server path ("custom:<id>"); undefined if unknown.
 */
export function recordFieldLabel(field: string, attributes: ReadonlyMap<string, Attribute>, lang: Lang): string | undefined {
  const custom = /^custom[-:](.+)$/.exec(field);
  if (custom) {
    const attr = attributes.get(custom[1]!);
    return attr ? localText(attr.label, attr.labelEn, lang).text : undefined;
  }
  return STANDARD_ATTRIBUTES.find((attr) => attr.key === field)?.label[lang];
}

/** Numbers as typed in the UI language: a decimal comma in Polish (the check accepts both). */
function typedText(attr: Attribute, value: unknown, lang: Lang): TypedValue {
  const typed = typedFromStored(attr, value);
  return attr.kind === 'decimal' && lang === 'pl' && typeof typed === 'string' ? typed.replace('.', ',') : typed;
}

/** What each editable control starts with, from the record's stored values ({} for a new record). */
export function initialTyped(attrs: readonly Attribute[], stored: Readonly<Record<string, unknown>>, lang: Lang): Record<string, TypedValue> {
  return Object.fromEntries(attrs.map((attr) => [attr.id, typedText(attr, Object.hasOwn(stored, attr.id) ? stored[attr.id] : undefined, lang)]));
}

/** The options offered: the active ones, and a retired one only to a record that holds it. */
export function offeredChoices(attr: Attribute, storedValue: unknown): AttributeChoice[] {
  const held = new Set(Array.isArray(storedValue) ? storedValue : typeof storedValue === 'string' ? [storedValue] : []);
  return attr.choices.filter((choice) => !choice.retired || held.has(choice.key));
}

export interface CustomIssue {
  field: string;
  code: string;
}

/**
 * Checks every editable attribute (the device's share of the server's check, with `required` too)
 * and returns the patch for the write: only values that differ from the stored ones; a cleared value
 * is removed (`undefined`).
 */
export function checkCustom(
  attrs: readonly Attribute[], typed: Readonly<Record<string, TypedValue>>, stored: Readonly<Record<string, unknown>>,
): { issues: CustomIssue[]; patch: Record<string, CustomValue | undefined> } {
  const issues: CustomIssue[] = [];
  const patch: Record<string, CustomValue | undefined> = {};
  for (const attr of attrs) {
    const before = Object.hasOwn(stored, attr.id) ? stored[attr.id] : undefined;
    const value = Object.hasOwn(typed, attr.id) ? typed[attr.id]! : '';
    const checked = normalizeCustomValue(attr, value, before);
    if (!checked.ok) {
      issues.push({ field: customFieldId(attr.id), code: checked.code });
      continue;
    }
    const next = isEmptyValue(checked.value) ? undefined : checked.value;
    if (next === undefined ? !isEmptyValue(before) : !valuesEqual(next, before)) patch[attr.id] = next;
  }
  return { issues, patch };
}

/** A stored value as read-only text: yes/no words, option labels, numbers in the UI's notation. */
export function displayValue(attr: Attribute, value: unknown, lang: Lang, words: { yes: string; no: string }): string {
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  const label = (key: string) => {
    const choice = attr.choices.find((c) => c.key === key);
    return choice ? localText(choice.label, choice.labelEn, lang).text : key;
  };
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join(', ');
  if (typeof value === 'number') return lang === 'pl' ? String(value).replace('.', ',') : String(value);
  if (typeof value !== 'string') return '';
  return attr.kind === 'choice' ? label(value) : value;
}
