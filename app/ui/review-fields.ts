// The fields of a record on the review screen: every standard attribute and every custom attribute of
// the order (and retired or unbound ones that hold a value), labelled in the UI language and valued as a
// reader sees them. The reject form offers a note on each; a note's path names the field [V8].
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client, StandardKey } from '../../schemas/entities/client.ts';
import { isEmptyValue } from '../../schemas/entities/custom-values.ts';
import { VOIVODESHIPS } from '../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import type { Lang } from '../i18n/plural.ts';
import { customLayout, displayValue, localText } from './custom-form.ts';

export interface ReviewField {
  /** The note path: a standard key, or `custom:<attribute id>`. */
  path: string;
  label: string;
  /** The language the label is in (a custom label may lack the UI language). */
  labelLang: Lang;
  /** As shown; '' when nothing was entered. */
  value: string;
}

const voivodeshipNames = new Map(VOIVODESHIPS.map((v) => [v.code, v.name]));
const standardByKey = new Map(STANDARD_ATTRIBUTES.map((a) => [a.key as string, a]));

/** A field's label by its note path; an attribute the device does not know is named by its path. */
export function fieldLabel(path: string, attributes: ReadonlyMap<string, Attribute>, lang: Lang): { label: string; labelLang: Lang } {
  const standard = standardByKey.get(path);
  if (standard) return { label: standard.label[lang], labelLang: lang };
  const attr = path.startsWith('custom:') ? attributes.get(path.slice('custom:'.length)) : undefined;
  if (!attr) return { label: path, labelLang: lang };
  const text = localText(attr.label, attr.labelEn, lang);
  return { label: text.text, labelLang: text.lang };
}

export function reviewFields(
  record: Pick<Client, StandardKey | 'custom'>,
  attributeIds: readonly string[],
  attributes: ReadonlyMap<string, Attribute>,
  lang: Lang,
  words: { yes: string; no: string },
): ReviewField[] {
  const standard = STANDARD_ATTRIBUTES.map((attr): ReviewField => {
    const raw = record[attr.key] ?? '';
    return { path: attr.key, label: attr.label[lang], labelLang: lang, value: attr.key === 'voivodeship' ? (voivodeshipNames.get(raw) ?? raw) : raw };
  });
  const layout = customLayout(attributeIds, attributes, record.custom);
  const custom = [...layout.editable, ...layout.readOnly].map((attr): ReviewField => {
    const value = Object.hasOwn(record.custom, attr.id) ? record.custom[attr.id] : undefined;
    const label = localText(attr.label, attr.labelEn, lang);
    return {
      path: `custom:${attr.id}`,
      label: label.text,
      labelLang: label.lang,
      value: value === undefined || isEmptyValue(value) ? '' : displayValue(attr, value, lang, words),
    };
  });
  return [...standard, ...custom];
}
