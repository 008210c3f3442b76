import { describe, expect, test } from 'vitest';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { checkCustom, customLayout, displayValue, initialTyped, offeredChoices } from './custom-form.ts';

const attr = (id: string, more: Partial<Attribute> = {}): Attribute => ({
  id, label: `Etykieta ${id}`, labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: 'u', createdAt: 1, updatedAt: 1, fieldTimes: {}, ...more,
});
const choices = [
  { key: 'a', label: 'Mięso', labelEn: 'Meat', retired: false },
  { key: 'b', label: 'Drób', labelEn: '', retired: true },
  { key: 'c', label: 'Ryby', labelEn: '', retired: false },
];
const byId = (...attrs: Attribute[]) => new Map(attrs.map((a) => [a.id, a]));

describe('customLayout', () => {
  test('active bound attributes are entered in the order the order binds them', () => {
    const layout = customLayout(['y', 'x'], byId(attr('x'), attr('y')), {});
    expect(layout.editable.map((a) => a.id)).toEqual(['y', 'x']);
    expect(layout.readOnly).toEqual([]);
  });

  test('a retired attribute is hidden from a new record but shown read-only where a value is stored', () => {
    const attrs = byId(attr('x', { retired: true }));
    expect(customLayout(['x'], attrs, {})).toEqual({ editable: [], readOnly: [] });
    expect(customLayout(['x'], attrs, { x: 'stary' }).readOnly.map((a) => a.id)).toEqual(['x']);
    expect(customLayout(['x'], attrs, { x: '' }).readOnly).toEqual([]);
  });

  test('a value of an attribute no longer bound stays visible, read-only; unknown ids are skipped', () => {
    const layout = customLayout([], byId(attr('x')), { x: 'zostaje', ghost: 'v' });
    expect(layout.readOnly.map((a) => a.id)).toEqual(['x']);
  });

  test('prototype names in stored values are never looked up as attributes', () => {
    expect(customLayout(['__proto__'], byId(attr('x')), JSON.parse('{"__proto__": "x"}'))).toEqual({ editable: [], readOnly: [] });
  });
});

describe('initialTyped and offeredChoices', () => {
  test('a stored decimal is shown with a decimal comma in Polish and a point in English', () => {
    const d = attr('d', { kind: 'decimal' });
    expect(initialTyped([d], { d: 12.5 }, 'pl')).toEqual({ d: '12,5' });
    expect(initialTyped([d], { d: 12.5 }, 'en')).toEqual({ d: '12.5' });
    expect(initialTyped([attr('b', { kind: 'boolean' })], {}, 'pl')).toEqual({ b: '' });
  });

  test('a retired option is offered only to a record that holds it', () => {
    const c = attr('c', { kind: 'choice', choices });
    expect(offeredChoices(c, undefined).map((o) => o.key)).toEqual(['a', 'c']);
    expect(offeredChoices(c, 'b').map((o) => o.key)).toEqual(['a', 'b', 'c']);
    expect(offeredChoices(attr('m', { kind: 'multiChoice', choices }), ['b']).map((o) => o.key)).toEqual(['a', 'b', 'c']);
  });
});

describe('checkCustom', () => {
  test('a required attribute left empty is an error on its control id', () => {
    const r = attr('r', { required: true });
    expect(checkCustom([r], { r: '  ' }, {})).toEqual({ issues: [{ field: 'custom-r', code: 'custom.required' }], patch: {} });
  });

  test('only changed values are patched, in their stored form', () => {
    const n = attr('n', { kind: 'integer' });
    const t = attr('t');
    const result = checkCustom([n, t], { n: '1 234', t: 'bez zmian' }, { t: 'bez zmian' });
    expect(result).toEqual({ issues: [], patch: { n: 1234 } });
  });

  test('a cleared value is removed; an empty one never stored is left alone', () => {
    const t = attr('t');
    const m = attr('m', { kind: 'multiChoice', choices });
    expect(checkCustom([t, m], { t: '', m: [] }, { t: 'było', m: ['a'] }).patch).toEqual({ t: undefined, m: undefined });
    expect(checkCustom([t, m], { t: '', m: [] }, {}).patch).toEqual({});
  });

  test('a retired option the record already holds stays acceptable', () => {
    const c = attr('c', { kind: 'choice', choices });
    expect(checkCustom([c], { c: 'b' }, { c: 'b' })).toEqual({ issues: [], patch: {} });
    expect(checkCustom([c], { c: 'b' }, {}).issues).toEqual([{ field: 'custom-c', code: 'custom.choice' }]);
  });

  test('yes/no answers are booleans', () => {
    const b = attr('b', { kind: 'boolean', required: true });
    expect(checkCustom([b], { b: false }, {}).patch).toEqual({ b: false });
    expect(checkCustom([b], { b: '' }, {}).issues).toEqual([{ field: 'custom-b', code: 'custom.required' }]);
  });

  test('text that looks like a formula or markup is stored literally', () => {
    const t = attr('t');
    expect(checkCustom([t], { t: '=HYPERLINK("http://x")' }, {}).patch).toEqual({ t: '=HYPERLINK("http://x")' });
    expect(checkCustom([t], { t: '<img src=x onerror=alert(1)>' }, {}).patch).toEqual({ t: '<img src=x onerror=alert(1)>' });
  });
});

describe('displayValue', () => {
  const words = { yes: 'Tak', no: 'Nie' };
  test('options by their label in the UI language, yes/no in words, numbers in the UI notation', () => {
    const c = attr('c', { kind: 'multiChoice', choices });
    expect(displayValue(c, ['a', 'b'], 'pl', words)).toBe('Mięso, Drób');
    expect(displayValue(c, ['a', 'b'], 'en', words)).toBe('Meat, Drób');
    expect(displayValue(attr('b', { kind: 'boolean' }), false, 'pl', words)).toBe('Nie');
    expect(displayValue(attr('d', { kind: 'decimal' }), 2.75, 'pl', words)).toBe('2,75');
    expect(displayValue(attr('x', { kind: 'choice', choices }), 'gone', 'pl', words)).toBe('gone');
  });
});
