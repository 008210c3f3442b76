// Unit tests of device-side edits: field times [M2], the per-field clock, verdicts as one value [M11], notes [V8] and rejected → corrected [P3].
import { describe, expect, it } from 'vitest';
import { emptyClient } from '../entities/client.ts';
import type { Client } from '../entities/client.ts';
import { applyEdit, applyOperatorEdit, applyVerdict, isNotePath, openNotes } from './edit.ts';

function record(): Client {
  return emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'op1', now: 100 });
}

function rejected(): Client {
  return applyVerdict(record(), { state: 'rejected', reason: 'zły NIP', notes: { nip: 'NIP innej firmy', city: 'Literówka' } }, 'v1', 150);
}

describe('applyEdit', () => {
  it('[M2] stamps each changed field with the edit time and moves updatedAt', () => {
    const doc = record();
    const edited = applyEdit(doc, { name: 'Zakłady Mięsne', city: 'Radom', nip: '' }, 200);
    expect(edited.name).toBe('Zakłady Mięsne');
    expect(edited.fieldTimes).toEqual({ name: 200, city: 200 });
    expect(edited.updatedAt).toBe(200);
  });

  it('returns the same object when nothing changed, arrays compared deeply', () => {
    const doc = applyEdit(record(), { custom: { m: ['a', 'b'] } }, 200);
    expect(applyEdit(doc, { name: '', custom: { m: ['a', 'b'] } }, 300)).toBe(doc);
    expect(applyEdit(doc, {}, 300)).toBe(doc);
  });

  it('[M1] patches custom key by key; undefined removes a key and keeps its edit time', () => {
    const doc = applyEdit(record(), { custom: { a: 'x', b: 1 } }, 200);
    const edited = applyEdit(doc, { custom: { a: undefined, c: true } }, 300);
    expect(edited.custom).toEqual({ b: 1, c: true });
    expect(edited.fieldTimes).toEqual({ 'custom:a': 300, 'custom:b': 200, 'custom:c': 300 });
  });

  it('[M11] the verdict is one value: an edit replaces it whole under the one path `verification`', () => {
    const verdict = { state: 'approved' as const, reason: '', verifierId: 'v1', at: 300, notes: {} };
    const edited = applyEdit(record(), { verification: verdict }, 300);
    expect(edited.verification).toEqual(verdict);
    expect(edited.fieldTimes).toEqual({ verification: 300 });
  });

  it('never changes its input', () => {
    const doc = Object.freeze(applyEdit(record(), { custom: { a: 'x' } }, 200));
    const before = structuredClone(doc);
    applyEdit(doc, { custom: { a: 'y' }, name: 'N' }, 300);
    expect(doc).toEqual(before);
  });

  it('ignores derived keys: fieldTimes, updatedAt and _deleted are not set by an edit', () => {
    const doc = record();
    expect(applyEdit(doc, { fieldTimes: { name: 5 }, updatedAt: 5 }, 300)).toBe(doc);
  });

  it('[M4] an edit is later than the value it replaces even when the device clock is behind', () => {
    const seen = applyEdit(record(), { name: 'A' }, 5_000);
    const edited = applyEdit(seen, { name: 'B' }, 1_000);
    expect(edited.fieldTimes.name).toBe(5_001);
    expect(edited.updatedAt).toBe(5_001);
    expect(applyEdit(seen, { city: 'C' }, 1_000).fieldTimes.city).toBe(1_000);
  });
});

describe('applyOperatorEdit', () => {
  it('[P3] an operator edit of a data field moves a rejected record to corrected: the whole verdict kept but its state', () => {
    const before = rejected();
    const edited = applyOperatorEdit(before, { nip: '5260250274' }, 300);
    expect(edited.verification).toEqual({ ...before.verification, state: 'corrected' });
    expect(edited.fieldTimes.verification).toBe(300);
    expect(edited.fieldTimes.nip).toBe(300);
  });

  it('[V8] a data edit after a verdict is stamped after it, even from a device clock behind the verifier\'s', () => {
    const edited = applyOperatorEdit(rejected(), { nip: '5260250274' }, 120);
    expect(edited.fieldTimes.nip).toBe(151);
    expect(openNotes(edited)).toEqual({ city: 'Literówka' });
  });

  it('[P3] a custom attribute counts as data', () => {
    expect(applyOperatorEdit(rejected(), { custom: { a: 'x' } }, 300).verification.state).toBe('corrected');
  });

  it('[P3] no change, or a record that is not rejected, keeps its verification state', () => {
    const doc = rejected();
    expect(applyOperatorEdit(doc, { nip: '' }, 300)).toBe(doc);
    expect(applyOperatorEdit(record(), { nip: '5260250274' }, 300).verification.state).toBe('unverified');
    const approved = applyVerdict(record(), { state: 'approved', reason: '', notes: {} }, 'v1', 200);
    expect(applyOperatorEdit(approved, { city: 'Radom' }, 300).verification).toEqual(approved.verification);
  });

  it('[P3] an operator never writes the verdict itself', () => {
    const doc = rejected();
    const verdict = { ...doc.verification, state: 'approved' as const };
    expect(applyOperatorEdit(doc, { verification: verdict }, 300)).toBe(doc);
  });
});

describe('applyVerdict', () => {
  it('[M11] replaces the whole verdict, stamped after the one it replaces, in the verifier\'s name', () => {
    const first = rejected();
    const second = applyVerdict(first, { state: 'approved', reason: 'ignored', notes: { nip: 'ignored' } }, 'v2', 100);
    expect(second.verification).toEqual({ state: 'approved', reason: '', verifierId: 'v2', at: 151, notes: {} });
    expect(second.fieldTimes.verification).toBe(151);
  });

  it('[V8] a rejection keeps its trimmed reason and the non-blank notes on the record\'s fields only', () => {
    const notes = { nip: '  zły  ', city: '   ', 'custom:att1': 'brak', verification: 'x', id: 'x', 'custom:': 'x' };
    const doc = applyVerdict(record(), { state: 'rejected', reason: '  Dane  ', notes }, 'v1', 200);
    expect(doc.verification).toEqual({ state: 'rejected', reason: 'Dane', verifierId: 'v1', at: 200, notes: { nip: 'zły', 'custom:att1': 'brak' } });
  });

  it('[V8] note paths: standard attributes and custom values, nothing else', () => {
    for (const path of ['nip', 'name', 'custom:att1', 'custom:a_b-C']) expect(isNotePath(path), path).toBe(true);
    for (const path of ['verification', 'id', 'orderId', 'fieldTimes', 'custom:', 'custom:a:b', 'toString', '']) expect(isNotePath(path), path).toBe(false);
  });
});

describe('openNotes', () => {
  it('[V8] a note stays open until its field is edited after the verdict; none on an approved or unjudged record', () => {
    const doc = rejected();
    expect(openNotes(doc)).toEqual({ nip: 'NIP innej firmy', city: 'Literówka' });
    const corrected = applyOperatorEdit(doc, { nip: '5260250274' }, 300);
    expect(corrected.verification.state).toBe('corrected');
    expect(openNotes(corrected)).toEqual({ city: 'Literówka' });
    expect(openNotes(applyOperatorEdit(corrected, { city: 'Radom' }, 400))).toEqual({});
    expect(openNotes(record())).toEqual({});
    expect(openNotes(applyVerdict(doc, { state: 'approved', reason: '', notes: {} }, 'v1', 500))).toEqual({});
  });

  it('[V8] a field edited before the verdict (or a clamped verdict time) still counts as unanswered', () => {
    const edited = applyEdit(record(), { nip: '5260250274' }, 140);
    const doc = applyVerdict(edited, { state: 'rejected', reason: 'zły NIP', notes: { nip: 'NIP innej firmy' } }, 'v1', 150);
    expect(openNotes(doc)).toEqual({ nip: 'NIP innej firmy' });
    const clamped = { ...doc, fieldTimes: { ...doc.fieldTimes, verification: 145 } };
    expect(openNotes(clamped)).toEqual({ nip: 'NIP innej firmy' });
  });
});
