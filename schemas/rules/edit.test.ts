// Unit tests of device-side edits: field times [M2], the per-field clock, and rejected → corrected [P3].
import { describe, expect, it } from 'vitest';
import { emptyClient } from '../entities/client.ts';
import type { Client } from '../entities/client.ts';
import { applyEdit, applyOperatorEdit } from './edit.ts';

function record(): Client {
  return emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'op1', now: 100 });
}

function rejected(): Client {
  return applyEdit(record(), { verification: { state: 'rejected', reason: 'zły NIP', verifierId: 'v1', at: 150 } }, 150);
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

  it('[M1] patches nested maps key by key; undefined removes a key and keeps its edit time', () => {
    const doc = applyEdit(record(), { custom: { a: 'x', b: 1 } }, 200);
    const edited = applyEdit(doc, { custom: { a: undefined, c: true }, verification: { reason: 'r' } }, 300);
    expect(edited.custom).toEqual({ b: 1, c: true });
    expect(edited.verification).toEqual({ state: 'unverified', reason: 'r', verifierId: '', at: 0 });
    expect(edited.fieldTimes).toEqual({
      'custom:a': 300, 'custom:b': 200, 'custom:c': 300, 'verification:reason': 300,
    });
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
  it('[P3] an operator edit of a data field moves a rejected record to corrected', () => {
    const edited = applyOperatorEdit(rejected(), { nip: '5260250274' }, 300);
    expect(edited.verification).toMatchObject({ state: 'corrected', reason: 'zły NIP' });
    expect(edited.fieldTimes['verification:state']).toBe(300);
    expect(edited.fieldTimes.nip).toBe(300);
  });

  it('[P3] a custom attribute counts as data', () => {
    expect(applyOperatorEdit(rejected(), { custom: { a: 'x' } }, 300).verification.state).toBe('corrected');
  });

  it('[P3] no change, or a record that is not rejected, keeps its verification state', () => {
    const doc = rejected();
    expect(applyOperatorEdit(doc, { nip: '' }, 300)).toBe(doc);
    expect(applyOperatorEdit(record(), { nip: '5260250274' }, 300).verification.state).toBe('unverified');
    const approved = applyEdit(record(), { verification: { state: 'approved' } }, 200);
    expect(applyOperatorEdit(approved, { city: 'Radom' }, 300).verification.state).toBe('approved');
  });

  it('[P3] an edit of verification fields alone does not count as a correction', () => {
    expect(applyOperatorEdit(rejected(), { verification: { reason: 'x' } }, 300).verification.state).toBe('rejected');
  });
});
