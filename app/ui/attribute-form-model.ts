// The attribute definition form's model: the draft it edits, the checks it runs on submit (the shared
// checkAttributeDocument plus the schema's limits), new option keys, and the write it makes [P7, V6].
import {
  ATTRIBUTE_HINT_MAX, ATTRIBUTE_LABEL_MAX, MAX_CHOICES, checkAttributeDocument, hasChoices,
  type Attribute, type AttributeChoice, type AttributeKind,
} from '../../schemas/entities/attribute.ts';
import { valuesEqual } from '../../schemas/rules/merge.ts';
import type { AttributeFields } from '../local-db/writes.ts';

/** An option as the form holds it: `saved` options can only be retired, new ones may be removed. */
export interface DraftChoice extends AttributeChoice {
  saved: boolean;
}

export interface AttributeDraft {
  label: string;
  labelEn: string;
  /** '' until chosen on a new attribute. */
  kind: AttributeKind | '';
  required: boolean;
  hint: string;
  hintEn: string;
  choices: DraftChoice[];
}

/** Input ids of the form; the error summary links to them. */
export const ATTRIBUTE_FIELD_IDS = {
  label: 'attr-label', labelEn: 'attr-label-en', kind: 'attr-kind', required: 'attr-required',
  hint: 'attr-hint', hintEn: 'attr-hint-en', addChoice: 'choices-add',
} as const;
export const choiceFieldId = (key: string, en = false) => `choice-${key}-label${en ? '-en' : ''}`;

export const emptyDraft = (): AttributeDraft => ({ label: '', labelEn: '', kind: '', required: false, hint: '', hintEn: '', choices: [] });

export function draftOf(attr: Attribute): AttributeDraft {
  return {
    label: attr.label, labelEn: attr.labelEn, kind: attr.kind, required: attr.required, hint: attr.hint, hintEn: attr.hintEn,
    choices: attr.choices.map((c) => ({ ...c, saved: true })),
  };
}

/**
 * A new option key: stable (records store it), unique within the attribute, and random rather than
 * counted so that two devices adding options offline do not pick the same key for different options.
 */
export function newChoiceKey(existing: Iterable<string>, random: () => string = () => crypto.randomUUID()): string {
  const taken = new Set(existing);
  for (;;) {
    const key = `o-${random().replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 10)}`;
    if (key.length > 2 && !taken.has(key)) return key;
  }
}

/** What the form writes: trimmed texts, options only for the kinds that have them. */
export function fieldsOf(draft: AttributeDraft, retired: boolean): AttributeFields {
  const kind = draft.kind;
  return {
    label: draft.label.trim(),
    labelEn: draft.labelEn.trim(),
    required: draft.required,
    hint: draft.hint.trim(),
    hintEn: draft.hintEn.trim(),
    choices: kind !== '' && hasChoices(kind)
      ? draft.choices.map((c) => ({ key: c.key, label: c.label.trim(), labelEn: c.labelEn.trim(), retired: c.retired }))
      : [],
    retired,
  };
}

/** A problem of the draft: the input it belongs to, a message code (messages.ts) or a form code, a limit. */
export interface DraftIssue {
  field: string;
  code: string;
  max?: number;
}

const length = (text: string) => [...text].length;

/** Every problem, one per input, in the order of the form. */
export function checkDraft(draft: AttributeDraft): DraftIssue[] {
  const fields = fieldsOf(draft, false);
  const found: DraftIssue[] = [];
  const ids = ATTRIBUTE_FIELD_IDS;
  if (draft.kind === '') found.push({ field: ids.kind, code: 'attribute.kindRequired' });
  // The shared check on the document the write would make (the server runs it too).
  const doc: Attribute = {
    ...fields, id: 'draft', kind: draft.kind === '' ? 'text' : draft.kind, createdBy: '', createdAt: 0, updatedAt: 0, fieldTimes: {},
  };
  for (const issue of checkAttributeDocument(doc)) {
    if (issue.field === 'choices') {
      const first = issue.code === 'attribute.choiceLabel' ? fields.choices.findIndex((c) => c.label === '' || !printable(c)) : -1;
      const field = first >= 0 ? choiceFieldId(fields.choices[first]!.key) : ids.addChoice;
      found.push({ field, code: issue.code });
    } else if (issue.field in ids) found.push({ field: ids[issue.field as keyof typeof ids], code: issue.code });
  }
  const limit = (field: string, text: string, max: number) => {
    if (length(text) > max) found.push({ field, code: 'tooLong', max });
  };
  limit(ids.label, fields.label, ATTRIBUTE_LABEL_MAX);
  limit(ids.labelEn, fields.labelEn, ATTRIBUTE_LABEL_MAX);
  limit(ids.hint, fields.hint, ATTRIBUTE_HINT_MAX);
  limit(ids.hintEn, fields.hintEn, ATTRIBUTE_HINT_MAX);
  for (const choice of fields.choices) {
    limit(choiceFieldId(choice.key), choice.label, ATTRIBUTE_LABEL_MAX);
    limit(choiceFieldId(choice.key, true), choice.labelEn, ATTRIBUTE_LABEL_MAX);
  }
  if (fields.choices.length > MAX_CHOICES) found.push({ field: ids.addChoice, code: 'attribute.tooManyChoices', max: MAX_CHOICES });
  const order = [ids.kind, ids.label, ids.labelEn, ids.hint, ids.hintEn, ...fields.choices.flatMap((c) => [choiceFieldId(c.key), choiceFieldId(c.key, true)]), ids.addChoice];
  const firstPerField = found.filter((issue, i) => found.findIndex((other) => other.field === issue.field) === i);
  return firstPerField.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

// The same characters checkAttributeDocument refuses in labels.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const printable = (c: AttributeChoice) => !UNPRINTABLE.test(c.label) && !UNPRINTABLE.test(c.labelEn);

/**
 * The options to save, against the newest stored ones: an option this form changed takes the form's
 * values, every other stored option (one another device added or relabelled meanwhile) stays as
 * stored, and the form's new options follow. No stored key is ever dropped [P7].
 */
export function mergeChoices(
  initial: readonly AttributeChoice[], edited: readonly AttributeChoice[], current: readonly AttributeChoice[],
): AttributeChoice[] {
  const before = new Map(initial.map((c) => [c.key, c]));
  const mine = new Map(edited.map((c) => [c.key, c]));
  const merged = current.map((stored) => {
    const form = mine.get(stored.key);
    const start = before.get(stored.key);
    return form && (!start || !valuesEqual(form, start)) ? form : stored;
  });
  const known = new Set(current.map((c) => c.key));
  return [...merged, ...edited.filter((c) => !known.has(c.key))];
}

/** The fields that differ from the stored ones (only those are written, so each keeps its edit time). */
export function changedFields(initial: AttributeFields, next: AttributeFields): Partial<AttributeFields> {
  const changes: Partial<AttributeFields> = {};
  for (const key of Object.keys(next) as (keyof AttributeFields)[]) {
    if (!valuesEqual(next[key], initial[key])) (changes as Record<string, unknown>)[key] = next[key];
  }
  return changes;
}
