// The verdict as the record form shows it: which summary, which field notes, in which order, until answered [V8].
import { describe, expect, test } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { applyOperatorEdit, applyVerdict } from '../../schemas/rules/edit.ts';
import { formNotes, verdictView } from './verdict-model.ts';

const base = (): Client => ({ ...emptyClient({ id: 'r1', orderId: 'o1', ownerId: 'op', now: 1000 }), name: 'Firma', nip: '5260250274', city: 'Łódź' });
const rejected = () =>
  applyVerdict(base(), { state: 'rejected', reason: 'Dane do poprawy', notes: { city: 'Zła miejscowość', nip: 'NIP innej firmy', 'custom:size': 'Za mało' } }, 'v1', 2000);

describe('verdictView', () => {
  test('no verification UI in orders without verification; otherwise the state decides', () => {
    expect(verdictView(rejected(), false)).toBeNull();
    expect(verdictView(base(), true)).toBeNull();
    expect(verdictView(rejected(), true)).toBe('rejected');
    expect(verdictView(applyVerdict(base(), { state: 'approved', reason: '', notes: {} }, 'v1', 2000), true)).toBe('approved');
  });

  test('[V8] a corrected record keeps the summary while some note is unanswered, not after', () => {
    const corrected = applyOperatorEdit(rejected(), { nip: '7740001454' }, 3000);
    expect(corrected.verification.state).toBe('corrected');
    expect(verdictView(corrected, true)).toBe('corrected');
    const answered = applyOperatorEdit(corrected, { city: 'Łowicz', custom: { size: 'duża' } }, 4000);
    expect(verdictView(answered, true)).toBe('corrected-done');
  });
});

describe('formNotes', () => {
  const labels = (path: string) => ({ nip: 'NIP', city: 'Miejscowość', 'custom:size': 'Wielkość' })[path] ?? path;

  test('[V8] open notes in the form\'s order (standard fields, then custom ones), each with its field id and label', () => {
    expect(formNotes(rejected(), ['size'], () => false, labels)).toEqual([
      { path: 'nip', fieldId: 'nip', label: 'NIP', note: 'NIP innej firmy' },
      { path: 'city', fieldId: 'city', label: 'Miejscowość', note: 'Zła miejscowość' },
      { path: 'custom:size', fieldId: 'custom-size', label: 'Wielkość', note: 'Za mało' },
    ]);
  });

  test('[V8] a field edited after the verdict (stored) or changed in the open form loses its note', () => {
    const corrected = applyOperatorEdit(rejected(), { nip: '7740001454' }, 3000);
    expect(formNotes(corrected, ['size'], (path) => path === 'city', labels).map((n) => n.path)).toEqual(['custom:size']);
  });

  test('a note on a custom field the order no longer shows is still listed, without a link target', () => {
    expect(formNotes(rejected(), [], () => false, labels).at(-1)).toEqual({ path: 'custom:size', fieldId: null, label: 'Wielkość', note: 'Za mało' });
  });
});
