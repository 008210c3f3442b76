import { describe, expect, test } from 'vitest';
import { CHOICE_KEY } from '../../schemas/entities/attribute.ts';
import { changedFields, checkDraft, emptyDraft, fieldsOf, mergeChoices, newChoiceKey, type AttributeDraft } from './attribute-form-model.ts';

const draft = (more: Partial<AttributeDraft>): AttributeDraft => ({ ...emptyDraft(), label: 'Etykieta', kind: 'text', ...more });
const option = (key: string, label: string, more: { saved?: boolean; retired?: boolean } = {}) =>
  ({ key, label, labelEn: '', retired: more.retired ?? false, saved: more.saved ?? false });

describe('newChoiceKey', () => {
  test('keys fit the schema pattern and are unique within the attribute', () => {
    const values = ['AB-12', 'AB-12', 'cd34'];
    const key = newChoiceKey(['o-ab12'], () => values.shift()!);
    expect(key).toBe('o-cd34');
    expect(new RegExp(CHOICE_KEY).test(key)).toBe(true);
    expect(new RegExp(CHOICE_KEY).test(newChoiceKey([]))).toBe(true);
  });
});

describe('checkDraft', () => {
  test('an empty new attribute asks for the kind and the label, kind first as in the form', () => {
    expect(checkDraft(emptyDraft())).toEqual([
      { field: 'attr-kind', code: 'attribute.kindRequired' },
      { field: 'attr-label', code: 'attribute.labelRequired' },
    ]);
  });

  test('a choice attribute needs an active option; an option without a label is linked to its input', () => {
    expect(checkDraft(draft({ kind: 'choice' }))).toEqual([{ field: 'choices-add', code: 'attribute.choicesRequired' }]);
    expect(checkDraft(draft({ kind: 'choice', choices: [option('o-1', 'Tak'), option('o-2', '  ')] }))).toEqual([
      { field: 'choice-o-2-label', code: 'attribute.choiceLabel' },
    ]);
    expect(checkDraft(draft({ kind: 'multiChoice', choices: [option('o-1', 'Stara', { saved: true, retired: true })] }))).toEqual([
      { field: 'choices-add', code: 'attribute.choicesRequired' },
    ]);
  });

  test('the schema limits are checked with the limit for the message', () => {
    expect(checkDraft(draft({ label: 'x'.repeat(201), hintEn: 'y'.repeat(501) }))).toEqual([
      { field: 'attr-label', code: 'tooLong', max: 200 },
      { field: 'attr-hint-en', code: 'tooLong', max: 500 },
    ]);
  });

  test('markup in a label is only text: it passes as typed', () => {
    expect(checkDraft(draft({ label: '<img src=x onerror=alert(1)>' }))).toEqual([]);
    expect(fieldsOf(draft({ label: ' <b>x</b> ' }), false).label).toBe('<b>x</b>');
  });

  test('options are dropped for a kind without them', () => {
    expect(fieldsOf(draft({ kind: 'text', choices: [option('o-1', 'A')] }), false).choices).toEqual([]);
  });
});

describe('mergeChoices', () => {
  const a = { key: 'a', label: 'A', labelEn: '', retired: false };
  const b = { key: 'b', label: 'B', labelEn: '', retired: false };
  test('an option added on another device meanwhile is kept; this form\'s changes and new options apply', () => {
    const other = { key: 'x', label: 'X', labelEn: '', retired: false };
    const mine = [{ ...a, retired: true }, b, { key: 'n', label: 'N', labelEn: '', retired: false }];
    expect(mergeChoices([a, b], mine, [a, { ...b, label: 'B2' }, other])).toEqual([
      { ...a, retired: true }, { ...b, label: 'B2' }, other, { key: 'n', label: 'N', labelEn: '', retired: false },
    ]);
  });
});

describe('changedFields', () => {
  test('only what differs is written', () => {
    const before = fieldsOf(draft({ label: 'Stara', hint: 'h' }), false);
    expect(changedFields(before, fieldsOf(draft({ label: 'Nowa', hint: 'h' }), false))).toEqual({ label: 'Nowa' });
    expect(changedFields(before, fieldsOf(draft({ label: 'Stara', hint: 'h' }), true))).toEqual({ retired: true });
  });
});
