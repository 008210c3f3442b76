import { expect, test } from 'vitest';
import { keepUnchanged, sameData } from './stable-rows.ts';

test('rows equal by value keep the previous object; changed, new and reordered rows are handled', () => {
  const a = { id: 'a', name: 'Piekarnia', shown: { text: 'x', lang: 'pl' } };
  const b = { id: 'b', name: 'Masarnia', shown: { text: 'y', lang: 'pl' } };
  const next = keepUnchanged([a, b], [
    { id: 'c', name: 'Nowa', shown: { text: 'z', lang: 'pl' } },
    { id: 'b', name: 'Masarnia 2', shown: { text: 'y', lang: 'pl' } },
    { id: 'a', name: 'Piekarnia', shown: { text: 'x', lang: 'pl' } },
  ]);
  expect(next[2]).toBe(a);
  expect(next[1]).not.toBe(b);
  expect(next[1]!.name).toBe('Masarnia 2');
  expect(next.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  expect(keepUnchanged(undefined, [a])).toEqual([a]);
});

test('sameData compares plain data deeply', () => {
  expect(sameData({ x: [1, { y: null }] }, { x: [1, { y: null }] })).toBe(true);
  expect(sameData({ x: [1, { y: null }] }, { x: [1, { y: 0 }] })).toBe(false);
  expect(sameData({ x: 1 }, { x: 1, y: undefined })).toBe(false);
  expect(sameData([1], { 0: 1 })).toBe(false);
  expect(sameData(null, {})).toBe(false);
});
