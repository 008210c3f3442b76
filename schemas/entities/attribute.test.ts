// Attribute definitions: the shared JSON schema (checked with ajv exactly as the server does) and the
// checks beyond it, on the device's form and on the server [V6, P7, S10].
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { validateDocument } from '../../sync-server/db/validate-doc.ts';
import {
  ATTRIBUTE_HINT_MAX, ATTRIBUTE_KINDS, ATTRIBUTE_LABEL_MAX, MAX_CHOICES, RESERVED_KEYS, attributeSchema, checkAttributeDocument, hasChoices,
  type Attribute, type AttributeChoice, type AttributeKind,
} from './attribute.ts';
import { MESSAGES } from './messages.ts';

const option = (key: string, fields: Partial<AttributeChoice> = {}): AttributeChoice => ({ key, label: `Opcja ${key}`, labelEn: '', retired: false, ...fields });

function definition(kind: AttributeKind = 'text', fields: Partial<Attribute> = {}): Attribute {
  return {
    id: 'branza', label: 'Branża', labelEn: 'Industry', kind, required: false, hint: 'Np. wędliny', hintEn: '',
    choices: hasChoices(kind) ? [option('a'), option('b')] : [], retired: false, createdBy: 'u1', createdAt: 1, updatedAt: 1,
    fieldTimes: { label: 1 }, ...fields,
  };
}

/** The server's verdict: the JSON schema (ajv), then checkAttributeDocument [S10]. */
const server = (doc: unknown) => validateDocument('attributes', doc as Record<string, unknown>);
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('attributeSchema', () => {
  it('[S10] compiles under ajv strict mode the way the server uses it, and is valid for RxDB (primary key, version)', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addVocabulary(['version', 'primaryKey', 'indexes']);
    const validate = ajv.compile(attributeSchema);
    for (const kind of ATTRIBUTE_KINDS) expect(validate(definition(kind)), kind).toBe(true);
    expect(attributeSchema.primaryKey).toBe('id');
    expect(attributeSchema.properties.id.maxLength).toBeLessThanOrEqual(64);
  });

  it('[V6] a valid definition of every kind passes on the device and on the server', () => {
    for (const kind of ATTRIBUTE_KINDS) {
      expect(checkAttributeDocument(definition(kind)), kind).toEqual([]);
      expect(server(definition(kind)), kind).toEqual([]);
    }
  });

  it('[S10] wrong shapes are refused by the schema, never reaching the field checks', () => {
    const cases: [string, unknown, string][] = [
      ['unknown kind', { ...definition(), kind: 'formula' }, 'document.invalid'],
      ['label not text', { ...definition(), label: 7 }, 'value.type'],
      ['empty label', { ...definition(), label: '' }, 'document.invalid'],
      ['label too long', { ...definition(), label: 'x'.repeat(ATTRIBUTE_LABEL_MAX + 1) }, 'tooLong'],
      ['hint too long', { ...definition(), hint: 'x'.repeat(ATTRIBUTE_HINT_MAX + 1) }, 'tooLong'],
      ['extra field', { ...definition(), script: 'alert(1)' }, 'document.invalid'],
      ['missing field', (({ retired: _, ...rest }) => rest)(definition()), 'required'],
      ['id with a dot', { ...definition(), id: 'a.b' }, 'document.invalid'],
      ['id with a space', { ...definition(), id: 'a b' }, 'document.invalid'],
      ['empty id', { ...definition(), id: '' }, 'document.invalid'],
      ['too many options', definition('choice', { choices: Array.from({ length: MAX_CHOICES + 1 }, (_, i) => option(`k${i}`)) }), 'tooLong'],
      ['option key in capitals', definition('choice', { choices: [option('A')] }), 'document.invalid'],
      ['option key with markup', definition('choice', { choices: [option('<b>')] }), 'document.invalid'],
      ['option with an extra field', definition('choice', { choices: [{ ...option('a'), onclick: 'x' } as AttributeChoice] }), 'document.invalid'],
      ['required not boolean', { ...definition(), required: 'yes' }, 'value.type'],
      ['fractional time', { ...definition(), createdAt: 1.5 }, 'document.invalid'],
    ];
    for (const [name, doc, code] of cases) expect(codes(server(doc)), name).toContain(code);
  });
});

describe('checkAttributeDocument: hostile labels and ids [V6]', () => {
  it('[V6] markup, formulas and property names in labels and hints are accepted as text, unchanged', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '=HYPERLINK("http://evil.example","Kliknij")', '+1', '-1', '@SUM(1)',
      '__proto__', 'constructor', '{{7*7}}', "'; DROP TABLE attributes; --", 'Branża – zakłady mięsne 🥩',
    ];
    for (const text of hostile) {
      const doc = definition('choice', {
        label: text, labelEn: text, hint: text, hintEn: text, choices: [option('a', { label: text, labelEn: text })],
      });
      const before = JSON.stringify(doc);
      expect(checkAttributeDocument(doc), text).toEqual([]);
      expect(server(doc), text).toEqual([]);
      expect(JSON.stringify(doc), text).toBe(before); // judged, never rewritten
    }
  });

  it('[V6] control and bidi characters and surrounding spaces are refused in labels and hints: chars.control', () => {
    const hostile = ['A\nB', 'A\rB', 'A\tB', 'A\u0000', 'A\u0085', 'A\u007F', '\u202Egp.lzcip', 'a\u202Ab', 'x\u2066y\u2069', ' Branża', 'Branża '];
    for (const field of ['label', 'labelEn', 'hint', 'hintEn'] as const) {
      for (const text of hostile) {
        const doc = definition('text', { [field]: text });
        expect(checkAttributeDocument(doc), `${field} ${JSON.stringify(text)}`).toEqual([{ field, code: 'chars.control' }]);
        expect(server(doc), `${field} ${JSON.stringify(text)}`).toEqual([{ field, code: 'chars.control' }]);
      }
    }
  });

  it('[V6] a blank label is refused: attribute.labelRequired', () => {
    expect(codes(checkAttributeDocument(definition('text', { label: '   ' })))).toContain('attribute.labelRequired');
  });

  it('[V6] __proto__, constructor and prototype are refused as ids: json.forbiddenKey', () => {
    for (const id of RESERVED_KEYS) {
      const doc = definition('text', { id });
      expect(checkAttributeDocument(doc), id).toEqual([{ field: 'id', code: 'json.forbiddenKey' }]);
      // The pattern alone would let them through: the field check is what refuses them.
      expect(server(doc), id).toEqual([{ field: 'id', code: 'json.forbiddenKey' }]);
    }
    expect([...RESERVED_KEYS].sort()).toEqual(['__proto__', 'constructor', 'prototype']);
  });

  it('[V6] choice kinds need at least one option still offered: attribute.choicesRequired', () => {
    for (const kind of ['choice', 'multiChoice'] as const) {
      expect(checkAttributeDocument(definition(kind, { choices: [] })), kind).toEqual([{ field: 'choices', code: 'attribute.choicesRequired' }]);
      const allRetired = [option('a', { retired: true }), option('b', { retired: true })];
      expect(checkAttributeDocument(definition(kind, { choices: allRetired })), kind).toEqual([{ field: 'choices', code: 'attribute.choicesRequired' }]);
      expect(checkAttributeDocument(definition(kind, { choices: [option('a', { retired: true }), option('b')] })), kind).toEqual([]);
    }
  });

  it('[V6] option keys may not repeat: attribute.choiceDuplicate', () => {
    const doc = definition('choice', { choices: [option('a'), option('b'), option('a', { label: 'Inna etykieta' })] });
    expect(checkAttributeDocument(doc)).toEqual([{ field: 'choices', code: 'attribute.choiceDuplicate' }]);
    expect(server(doc)).toEqual([{ field: 'choices', code: 'attribute.choiceDuplicate' }]);
    // A retired option keeps its key reserved too.
    expect(checkAttributeDocument(definition('multiChoice', { choices: [option('a', { retired: true }), option('a')] })))
      .toEqual([{ field: 'choices', code: 'attribute.choiceDuplicate' }]);
  });

  it('[V6] option labels must be printable and not blank: attribute.choiceLabel', () => {
    for (const choice of [option('a', { label: '  ' }), option('a', { label: 'A\u202E' }), option('a', { labelEn: 'A\nB' })]) {
      expect(checkAttributeDocument(definition('choice', { choices: [choice, option('b')] })), JSON.stringify(choice))
        .toEqual([{ field: 'choices', code: 'attribute.choiceLabel' }]);
    }
  });

  it('[V6] other kinds have no options: attribute.noChoices', () => {
    for (const kind of ATTRIBUTE_KINDS.filter((k) => !hasChoices(k))) {
      expect(checkAttributeDocument(definition(kind, { choices: [option('a')] })), kind).toEqual([{ field: 'choices', code: 'attribute.noChoices' }]);
      expect(server(definition(kind, { choices: [option('a')] })), kind).toEqual([{ field: 'choices', code: 'attribute.noChoices' }]);
    }
  });

  it('every code the definition checks return has a message', () => {
    for (const code of ['attribute.labelRequired', 'attribute.choicesRequired', 'attribute.choiceDuplicate', 'attribute.choiceLabel',
      'attribute.noChoices', 'attribute.unknown', 'chars.control', 'json.forbiddenKey']) {
      expect(Object.keys(MESSAGES), code).toContain(code);
    }
  });
});
