// A field issue the server sent, in words (issue 14, finding 5): it names its field — a standard
// field by its label, a custom attribute by its own name — and a length limit says how short the
// text must be. Pure: the refused-changes notice and the error summary both read it.
import { ATTRIBUTE_HINT_MAX, ATTRIBUTE_LABEL_MAX, type Attribute } from '../../schemas/entities/attribute.ts';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import { CUSTOM_LONG_TEXT_MAX, CUSTOM_TEXT_MAX } from '../../schemas/entities/custom-values.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Dictionary } from '../i18n/dictionary.ts';
import { en } from '../i18n/en.ts';
import { issueText } from '../i18n/issues.ts';
import type { Lang } from '../i18n/plural.ts';
import { pl } from '../i18n/pl.ts';
import { localText } from './custom-form.ts';

type Attributes = ReadonlyMap<string, Attribute>;

/**
 * A sentence with the user texts it holds kept apart, for `WithUserText`: `values` are Polish user
 * texts (an attribute's own name), `template` puts them in; `text` is the sentence as plain text.
 */
export interface FieldMessage {
  text: string;
  template: (...values: string[]) => string;
  values: string[];
}

const words = (lang: Lang): Dictionary => (lang === 'en' ? en : pl);

/** A server path `custom:<id>` (the fieldTimes form; a form control id `custom-<id>` too): the attribute. */
const customAttribute = (field: string, attributes: Attributes) => {
  const id = /^custom[-:](.+)$/.exec(field)?.[1];
  return id !== undefined && attributes.has(id) ? attributes.get(id) : undefined;
};

// Labels of the forms' own fields; "(opcjonalnie)" is the form's business, not the message's.
const ORDER_LABELS: Record<string, (d: Dictionary) => string> = {
  name: (d) => d.orderName, instructions: (d) => d.orderInstructions, area: (d) => d.orderArea,
};
const ATTRIBUTE_LABELS: Record<string, (d: Dictionary) => string> = {
  label: (d) => d.attrLabel, labelEn: (d) => d.attrLabelEn, hint: (d) => d.attrHint, hintEn: (d) => d.attrHintEn,
};
const ATTRIBUTE_LIMITS: Record<string, number> = {
  label: ATTRIBUTE_LABEL_MAX, labelEn: ATTRIBUTE_LABEL_MAX, hint: ATTRIBUTE_HINT_MAX, hintEn: ATTRIBUTE_HINT_MAX,
};
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** The label a field goes by, and whether it is Polish user text; undefined when the field is unknown. */
export function fieldLabel(collection: SyncCollection, field: string, attributes: Attributes, lang: Lang): { text: string; user: boolean } | undefined {
  const d = words(lang);
  const plain = (label: string) => ({ text: label.replace(` ${d.optionalMark}`, ''), user: false });
  if (collection === 'clients') {
    const attr = customAttribute(field, attributes);
    if (attr) {
      const shown = localText(attr.label, attr.labelEn, lang);
      return { text: shown.text, user: shown.lang === 'pl' };
    }
    const standard = STANDARD_ATTRIBUTES.find((a) => a.key === field);
    return standard ? plain(standard.label[lang]) : undefined;
  }
  const label = collection === 'orders' ? own(ORDER_LABELS, field) : collection === 'attributes' ? own(ATTRIBUTE_LABELS, field) : undefined;
  if (label) return plain(label(d));
  return collection === 'comments' && field === 'text' ? plain(d.commentFieldLabel) : undefined;
}

/** The longest text a field holds, from the shared schemas; undefined when it is no length-limited text. */
export function fieldLimit(collection: SyncCollection, field: string, attributes: Attributes): number | undefined {
  if (collection === 'clients') {
    const attr = customAttribute(field, attributes);
    if (attr) return attr.kind === 'text' ? CUSTOM_TEXT_MAX : attr.kind === 'longText' ? CUSTOM_LONG_TEXT_MAX : undefined;
    return STANDARD_ATTRIBUTES.find((a) => a.key === field)?.maxLength;
  }
  if (collection === 'orders') {
    const property = own(orderSchema.properties as Record<string, { type: string; maxLength?: number }>, field);
    return property?.type === 'string' && Object.hasOwn(ORDER_LABELS, field) ? property.maxLength : undefined;
  }
  if (collection === 'attributes') return own(ATTRIBUTE_LIMITS, field);
  return collection === 'comments' && field === 'text' ? COMMENT_MAX_LENGTH : undefined;
}

/**
 * The words for one issue: "Tekst w polu „Nazwa” jest za długi – skróć go do 300 znaków". A code
 * without a form that names a field, or a field not known here, keeps the catalogue's text.
 */
export function serverIssueMessage(collection: SyncCollection, issue: FieldIssue, attributes: Attributes, lang: Lang): FieldMessage {
  const d = words(lang);
  const label = fieldLabel(collection, issue.field, attributes, lang);
  const limit = fieldLimit(collection, issue.field, attributes);
  const withLimit = limit === undefined ? undefined : own(d.fieldIssueLimit, issue.code);
  const named = own(d.fieldIssue, issue.code);
  const form = withLimit && limit !== undefined ? (f: string) => withLimit(f, limit) : named;
  if (!label || !form) {
    const text = issueText(issue.code, lang);
    return { text, template: () => text, values: [] };
  }
  return label.user
    ? { text: form(label.text), template: (name) => form(name ?? label.text), values: [label.text] }
    : { text: form(label.text), template: () => form(label.text), values: [] };
}

/** Which documents a form's server answer is about, so its issues can name their fields. */
export interface IssueNaming {
  collection: SyncCollection;
  attributes: Attributes;
}

/**
 * The error-summary lines of a server's field issues; `fieldIds` maps a field to the form's input id.
 * Without `naming` (user and login forms, whose codes name their fields already) the catalogue's texts.
 */
export function serverIssueProblems(
  issues: readonly FieldIssue[], fieldIds: Readonly<Record<string, string>>, naming: IssueNaming | undefined, lang: Lang,
): { field: string | undefined; message: string }[] {
  return issues.map((issue) => ({
    field: Object.hasOwn(fieldIds, issue.field) ? fieldIds[issue.field] : undefined,
    message: naming ? serverIssueMessage(naming.collection, issue, naming.attributes, lang).text : issueText(issue.code, lang),
  }));
}
