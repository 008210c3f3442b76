// A custom attribute (atrybut niestandardowy): a field an authorised user defines and binds to orders.
import type { FieldIssue } from '../protocol/errors.ts';
import type { FieldTimes } from './field-times.ts';

export const ATTRIBUTE_KINDS = [
  'text', 'longText', 'integer', 'decimal', 'date', 'boolean', 'choice', 'multiChoice', 'email', 'phone', 'url',
] as const;
export type AttributeKind = (typeof ATTRIBUTE_KINDS)[number];

/** One option of a choice attribute: values store the stable `key`, so a relabelled option keeps its data. */
export interface AttributeChoice {
  key: string;
  label: string;
  labelEn: string;
  /** Hidden from new entry; records that chose it keep it. */
  retired: boolean;
}

export interface Attribute {
  /** Also the key of the value in a record's `custom` map. */
  id: string;
  label: string;
  labelEn: string;
  kind: AttributeKind;
  required: boolean;
  hint: string;
  hintEn: string;
  choices: AttributeChoice[];
  /** Retired: hidden from new entry; stored values and the export column stay. */
  retired: boolean;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  fieldTimes: FieldTimes;
}

/** Names that would reach an object's prototype if ever used as a plain-object key. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const ATTRIBUTE_ID = '^[A-Za-z0-9_-]{1,64}$';
export const CHOICE_KEY = '^[a-z0-9_-]{1,64}$';
export const ATTRIBUTE_LABEL_MAX = 200;
export const ATTRIBUTE_HINT_MAX = 500;
export const MAX_CHOICES = 100;

export const attributeSchema = {
  title: 'attributes',
  description: 'custom attributes bound to orders',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64, pattern: ATTRIBUTE_ID },
    label: { type: 'string', minLength: 1, maxLength: ATTRIBUTE_LABEL_MAX },
    labelEn: { type: 'string', maxLength: ATTRIBUTE_LABEL_MAX },
    kind: { type: 'string', enum: [...ATTRIBUTE_KINDS] },
    required: { type: 'boolean' },
    hint: { type: 'string', maxLength: ATTRIBUTE_HINT_MAX },
    hintEn: { type: 'string', maxLength: ATTRIBUTE_HINT_MAX },
    choices: {
      type: 'array',
      maxItems: MAX_CHOICES,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          key: { type: 'string', maxLength: 64, pattern: CHOICE_KEY },
          label: { type: 'string', minLength: 1, maxLength: ATTRIBUTE_LABEL_MAX },
          labelEn: { type: 'string', maxLength: ATTRIBUTE_LABEL_MAX },
          retired: { type: 'boolean' },
        },
        required: ['key', 'label', 'labelEn', 'retired'],
      },
    },
    retired: { type: 'boolean' },
    createdBy: { type: 'string', maxLength: 64 },
    createdAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    fieldTimes: {
      type: 'object',
      maxProperties: 50,
      propertyNames: { pattern: '^[A-Za-z0-9_:-]{1,80}$' },
      additionalProperties: { type: 'number', minimum: 0 },
    },
  },
  required: [
    'id', 'label', 'labelEn', 'kind', 'required', 'hint', 'hintEn', 'choices', 'retired', 'createdBy', 'createdAt',
    'updatedAt', 'fieldTimes',
  ],
} as const;

export const ATTRIBUTE_IMMUTABLE = ['id', 'kind', 'createdBy', 'createdAt'] as const;

const CHOICE_KINDS: ReadonlySet<AttributeKind> = new Set(['choice', 'multiChoice']);
// Labels and hints are shown as text, never interpreted; control and bidi characters are refused
// so that a label prints as it is stored.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export const hasChoices = (kind: AttributeKind) => CHOICE_KINDS.has(kind);

/** The checks beyond the JSON schema, shared by the definition form and the server [V6]. */
export function checkAttributeDocument(doc: Attribute): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (RESERVED_KEYS.has(doc.id)) issues.push({ field: 'id', code: 'json.forbiddenKey' });
  if (doc.label.trim() === '') issues.push({ field: 'label', code: 'attribute.labelRequired' });
  for (const key of ['label', 'labelEn', 'hint', 'hintEn'] as const) {
    if (UNPRINTABLE.test(doc[key]) || doc[key] !== doc[key].trim()) issues.push({ field: key, code: 'chars.control' });
  }
  if (hasChoices(doc.kind)) {
    if (doc.choices.filter((c) => !c.retired).length === 0) issues.push({ field: 'choices', code: 'attribute.choicesRequired' });
    const keys = new Set<string>();
    for (const choice of doc.choices) {
      if (keys.has(choice.key)) issues.push({ field: 'choices', code: 'attribute.choiceDuplicate' });
      keys.add(choice.key);
      if (choice.label.trim() === '' || UNPRINTABLE.test(choice.label) || UNPRINTABLE.test(choice.labelEn)) {
        issues.push({ field: 'choices', code: 'attribute.choiceLabel' });
      }
    }
  } else if (doc.choices.length > 0) issues.push({ field: 'choices', code: 'attribute.noChoices' });
  return issues;
}
