// Unit tests of the JSON safety net run before any other check of a pushed row [S10].
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, boundedCopy, unsafeJson } from './json-safety.ts';

describe('unsafeJson', () => {
  it('accepts ordinary documents', () => {
    expect(unsafeJson({ a: 'Zażółć 😀', b: [1, 2.5, true, null], c: { d: { e: 'x' } } })).toBeNull();
  });

  it.each([
    ['__proto__ key', JSON.parse('{"a": {"__proto__": {"x": 1}}}'), 'json.forbiddenKey', 'a:__proto__'],
    ['constructor key', { custom: { constructor: 'x' } }, 'json.forbiddenKey', 'custom:constructor'],
    ['prototype key', [{ prototype: 1 }], 'json.forbiddenKey', 'prototype'],
    ['NUL in a value', { city: 'a\u0000b' }, 'chars.control', 'city'],
    ['NUL in a key', { 'a\u0000': 1 }, 'chars.control', 'a?'],
    ['lone surrogate', { name: 'x\uD800y' }, 'chars.control', 'name'],
    ['infinite number', { n: Infinity }, 'value.type', 'n'],
  ])('rejects a %s', (_, value, code, field) => {
    expect(unsafeJson(value)).toEqual({ code, field });
  });

  it('accepts nesting to MAX_JSON_DEPTH and rejects one level more, at the same path', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'x' : { a: nested(levels - 1) });
    expect(unsafeJson(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(unsafeJson(nested(MAX_JSON_DEPTH + 1))).toEqual({ code: 'json.tooDeep', field: Array(MAX_JSON_DEPTH).fill('a').join(':') });
  });

  it('rejects deep nesting without overflowing the stack (100,000 levels)', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(unsafeJson({ custom: { x: deep } })?.code).toBe('json.tooDeep');
  });
});

describe('boundedCopy', () => {
  it('cuts what JSON.stringify could not handle and keeps __proto__ as a plain key', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(JSON.stringify(boundedCopy(deep))).toContain('[nested too deep]');
    const copy = boundedCopy(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
