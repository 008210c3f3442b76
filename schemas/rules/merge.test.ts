// Unit tests of the per-field merge and its helpers, named after SPEC.md rules M1–M9.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyClient } from '../entities/client.ts';
import type { Client } from '../entities/client.ts';
import { applyEdit, applyOperatorEdit, applyVerdict } from './edit.ts';
import {
  changedPaths, clampFieldTimes, createConflictHandler, docsEqual, fieldValue, mergeDocs, sameDataIgnoringTimes,
} from './merge.ts';

type Row = Client & { _deleted: boolean };

/** A stored record as the server would hold it: created at time 100. */
function base(): Row {
  return { ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'op1', now: 100 }), _deleted: false };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('mergeDocs', () => {
  it('[M3] edits of different fields on two devices both survive', () => {
    const assumed = base();
    const real = applyEdit(assumed, { city: 'Radom' }, 200);
    const next = applyEdit(assumed, { nip: '5260250274' }, 150);
    const merged = mergeDocs({ assumed, real, next });
    expect(merged.city).toBe('Radom');
    expect(merged.nip).toBe('5260250274');
    expect(merged.fieldTimes).toEqual({ city: 200, nip: 150 });
  });

  it('[M3] a field the device did not change takes the server value, even when the device edit is later', () => {
    const assumed = base();
    const real = applyEdit(assumed, { name: 'Serwer' }, 100);
    const next = applyEdit(assumed, { notes: 'x' }, 900);
    expect(mergeDocs({ assumed, real, next }).name).toBe('Serwer');
  });

  it('[M3][M4] a value changed and changed back is still a change, judged by its edit time (no ABA)', () => {
    const assumed = applyEdit(base(), { name: 'A' }, 110);
    const backOnDevice = applyEdit(applyEdit(assumed, { name: 'B' }, 500), { name: 'A' }, 600);
    const merged = mergeDocs({ assumed, real: applyEdit(assumed, { name: 'Serwer' }, 120), next: backOnDevice });
    expect(merged.name).toBe('A');
    expect(merged.fieldTimes.name).toBe(600);
    // The server side too: a later x → y → x there must not let an older device edit through.
    const backOnServer = applyEdit(applyEdit(assumed, { name: 'B' }, 300), { name: 'A' }, 400);
    const older = applyEdit(assumed, { name: 'Urządzenie' }, 200);
    expect(mergeDocs({ assumed, real: backOnServer, next: older }).name).toBe('A');
  });

  it('[M4] a field changed on both sides takes the later edit', () => {
    const assumed = base();
    const real = applyEdit(assumed, { name: 'Serwer' }, 200);
    expect(mergeDocs({ assumed, real, next: applyEdit(assumed, { name: 'Urządzenie' }, 300) }).name).toBe('Urządzenie');
    expect(mergeDocs({ assumed, real, next: applyEdit(assumed, { name: 'Urządzenie' }, 150) }).name).toBe('Serwer');
  });

  it('[M4] a tie goes to the server state', () => {
    const assumed = base();
    const real = applyEdit(assumed, { name: 'Serwer' }, 200);
    const next = applyEdit(assumed, { name: 'Urządzenie' }, 200);
    const merged = mergeDocs({ assumed, real, next });
    expect(merged.name).toBe('Serwer');
    expect(merged.fieldTimes.name).toBe(200);
  });

  it('[M5] a field changed on both sides to the same value keeps it with the later time', () => {
    const assumed = base();
    const real = applyEdit(assumed, { city: 'Płock' }, 300);
    const next = applyEdit(assumed, { city: 'Płock' }, 250);
    expect(mergeDocs({ assumed, real, next }).fieldTimes.city).toBe(300);
    expect(mergeDocs({ assumed, real: next, next: real }).fieldTimes.city).toBe(300);
  });

  it('[M1] custom attributes merge key by key', () => {
    const assumed = applyEdit(base(), { custom: { a: 'x', b: 'y' } }, 110);
    const real = applyEdit(assumed, { custom: { a: 'serwer' } }, 200);
    const next = applyEdit(assumed, { custom: { b: 'urządzenie', c: ['1', '2'] } }, 150);
    const merged = mergeDocs({ assumed, real, next });
    expect(merged.custom).toEqual({ a: 'serwer', b: 'urządzenie', c: ['1', '2'] });
    expect(merged.fieldTimes).toMatchObject({ 'custom:a': 200, 'custom:b': 150, 'custom:c': 150 });
  });

  it('[M1] a custom key present on one side only is kept; a removal loses to a later edit and wins over an earlier one', () => {
    const assumed = applyEdit(base(), { custom: { a: 'x' } }, 110);
    const removed = applyEdit(assumed, { custom: { a: undefined } }, 200);
    expect(removed.custom).toEqual({});
    expect(removed.fieldTimes['custom:a']).toBe(200);
    const laterEdit = applyEdit(assumed, { custom: { a: 'y' } }, 300);
    const earlierEdit = applyEdit(assumed, { custom: { a: 'y' } }, 150);
    expect(mergeDocs({ assumed, real: removed, next: laterEdit }).custom).toEqual({ a: 'y' });
    const kept = mergeDocs({ assumed, real: laterEdit, next: removed });
    expect(kept.custom).toEqual({ a: 'y' });
    const gone = mergeDocs({ assumed, real: earlierEdit, next: removed });
    expect(gone.custom).toEqual({});
    expect(gone.fieldTimes['custom:a']).toBe(200);
  });

  it('[M1] custom multi-choice values compare deeply', () => {
    const assumed = applyEdit(base(), { custom: { m: ['a', 'b'] } }, 110);
    const real = applyEdit(assumed, { notes: 'n' }, 200);
    const next = { ...assumed, custom: { m: ['a', 'b'] }, fieldTimes: { ...assumed.fieldTimes } };
    expect(applyEdit(assumed, { custom: { m: ['a', 'b'] } }, 500)).toBe(assumed);
    const merged = mergeDocs({ assumed, real, next });
    expect(merged.custom.m).toEqual(['a', 'b']);
    expect(merged.notes).toBe('n');
  });

  it('[M11] a verdict merges as one value: the later verdict whole, never one\'s state with the other\'s reason or notes', () => {
    const assumed = base();
    const rejection = applyVerdict(assumed, { state: 'rejected', reason: 'Brak NIP', notes: { nip: 'Pusty NIP' } }, 'v1', 200);
    const approval = applyVerdict(assumed, { state: 'approved', reason: '', notes: {} }, 'v2', 210);
    for (const [real, next] of [[rejection, approval], [approval, rejection]] as const) {
      const merged = mergeDocs({ assumed, real, next });
      expect(merged.verification).toEqual(approval.verification);
      expect(merged.fieldTimes.verification).toBe(210);
    }
    // A tie goes to the server's verdict [M4], whole.
    const rival = applyVerdict(assumed, { state: 'rejected', reason: 'Zła nazwa', notes: { name: 'Skrót' } }, 'v2', 200);
    expect(mergeDocs({ assumed, real: rejection, next: rival }).verification).toEqual(rejection.verification);
    expect(mergeDocs({ assumed, real: rival, next: rejection }).verification).toEqual(rival.verification);
  });

  it('[M3][M11] an operator\'s correction and a verifier\'s new verdict: the data edit survives, the later verdict wins whole', () => {
    const rejected = applyVerdict(base(), { state: 'rejected', reason: 'zły NIP', notes: { nip: 'Nie ta firma' } }, 'v1', 150);
    // The operator corrects the NIP after seeing the rejection; the verifier meanwhile rejects again, reworded.
    const operator = applyOperatorEdit(rejected, { nip: '5260250274' }, 300);
    const verifier = applyVerdict(rejected, { state: 'rejected', reason: 'NIP nie pasuje do nazwy', notes: {} }, 'v1', 250);
    expect(operator.verification).toEqual({ ...rejected.verification, state: 'corrected' });
    for (const merged of [
      mergeDocs({ assumed: rejected, real: verifier, next: operator }),
      mergeDocs({ assumed: rejected, real: operator, next: verifier }),
    ]) {
      expect(merged.nip).toBe('5260250274');
      expect(merged.verification).toEqual(operator.verification);
    }
    // Given later than the correction, the verifier's verdict wins whole, and the edit still survives.
    const later = applyVerdict(rejected, { state: 'approved', reason: '', notes: {} }, 'v1', 400);
    for (const merged of [
      mergeDocs({ assumed: rejected, real: later, next: operator }),
      mergeDocs({ assumed: rejected, real: operator, next: later }),
    ]) {
      expect(merged.nip).toBe('5260250274');
      expect(merged.verification).toEqual(later.verification);
    }
  });

  it('[M3] a verifier flag arriving while the operator edits offline survives beside the edit', () => {
    const assumed = base();
    const verifier = applyVerdict(assumed, { state: 'approved', reason: '', notes: {} }, 'v1', 400);
    const operator = applyOperatorEdit(assumed, { email: 'biuro@firma.pl' }, 500);
    const merged = mergeDocs({ assumed, real: verifier, next: operator });
    expect(merged.verification).toEqual(verifier.verification);
    expect(merged.email).toBe('biuro@firma.pl');
  });

  it('[M6] a field the user may not write keeps the server value', () => {
    const assumed = base();
    const real = applyEdit(assumed, { duplicateOf: 'c0' }, 200);
    const next = applyEdit(applyVerdict(assumed, { state: 'approved', reason: '', notes: {} }, 'op1', 900), { duplicateOf: 'c9', city: 'Łódź' }, 900);
    const canWrite = (path: string) => path !== 'duplicateOf' && path !== 'verification';
    const merged = mergeDocs({ assumed, real, next, canWrite });
    expect(merged.duplicateOf).toBe('c0');
    expect(merged.verification).toEqual(assumed.verification);
    expect(merged.fieldTimes.verification).toBeUndefined();
    expect(merged.city).toBe('Łódź');
  });

  it('[M7] a deletion on either side wins', () => {
    const assumed = base();
    const edited = applyEdit(assumed, { name: 'Nowa' }, 900);
    const onDevice = mergeDocs({ assumed, real: applyEdit(assumed, { city: 'Radom' }, 800), next: { ...edited, _deleted: true } });
    expect(onDevice).toMatchObject({ _deleted: true, name: 'Nowa', city: 'Radom' });
    expect(mergeDocs({ assumed, real: edited, next: edited })._deleted).toBe(false);
  });

  it('[M7] a record deleted on the server comes back exactly as stored, whatever the device edited', () => {
    const assumed = base();
    const tombstone = { ...applyEdit(assumed, { city: 'Radom' }, 800), _deleted: true };
    const edited = applyEdit(assumed, { name: 'Nowa' }, 900);
    expect(mergeDocs({ assumed, real: tombstone, next: edited })).toEqual(tombstone);
    expect(mergeDocs({ assumed: null, real: tombstone, next: edited })).toEqual(tombstone);
  });

  it('[M6][M7] a deletion the user may not make keeps the server state', () => {
    const assumed = base();
    const next = { ...applyVerdict(assumed, { state: 'approved', reason: '', notes: {} }, 'v1', 900), _deleted: true };
    const verifier = (path: string) => path === 'verification';
    const merged = mergeDocs({ assumed, real: assumed, next, canWrite: verifier });
    expect(merged._deleted).toBe(false);
    expect(merged.verification.state).toBe('approved');
  });

  it('[M1] a missing assumed state counts every differing field as changed on both sides', () => {
    const real = applyEdit(base(), { name: 'Serwer', city: 'Kielce' }, 200);
    const next = applyEdit({ ...base(), ownerId: 'op2' }, { name: 'Urządzenie', city: 'Kielce', notes: 'x' }, 300);
    for (const assumed of [null, undefined]) {
      const merged = mergeDocs({ assumed, real, next });
      expect(merged.name).toBe('Urządzenie'); // later edit
      expect(merged.notes).toBe('x'); // the server never set it: time 300 beats none
      expect(merged.fieldTimes.city).toBe(300); // same value, later time
      expect(merged.ownerId).toBe('op1'); // no edit times on either side: a tie, the server wins
    }
  });

  it('[M2] the result carries, per path, the time of the value chosen and updatedAt of the later side', () => {
    const assumed = base();
    const real = applyEdit(assumed, { name: 'S', city: 'C' }, 200);
    const next = applyEdit(assumed, { name: 'D', street: 'Ul' }, 150);
    const merged = mergeDocs({ assumed, real, next });
    expect(merged.fieldTimes).toEqual({ name: 200, city: 200, street: 150 });
    expect(merged.updatedAt).toBe(200);
  });

  it('[M8] the merge is pure: frozen inputs, the same output twice, a new object', () => {
    const assumed = deepFreeze(applyEdit(base(), { custom: { a: 'x' } }, 110));
    const real = deepFreeze(applyEdit(assumed, { custom: { a: 'y' }, name: 'S' }, 200));
    const next = deepFreeze(applyEdit(assumed, { custom: { b: ['1'] }, name: 'D' }, 300));
    const first = mergeDocs({ assumed, real, next });
    expect(mergeDocs({ assumed, real, next })).toEqual(first);
    expect(first).not.toBe(real);
    expect(first).not.toBe(next);
  });

  it('[M8] merging a state with itself gives that state, whatever the assumed state', () => {
    const value = fc.constantFrom('a', 'b', undefined);
    const time = fc.integer({ min: 100, max: 400 });
    const version = fc.record({ name: value, note: value, custom: value, time });
    const build = (v: { name?: string; note?: string; custom?: string; time: number }, from: Row) =>
      applyEdit(from, { name: v.name ?? '', notes: v.note ?? '', custom: { k: v.custom } }, v.time);
    fc.assert(
      fc.property(version, version, fc.boolean(), (a, x, deleted) => {
        const assumed = build(a, base());
        const doc = { ...build(x, assumed), _deleted: deleted };
        expect(docsEqual(mergeDocs({ assumed, real: doc, next: doc }), doc)).toBe(true);
        expect(docsEqual(mergeDocs({ assumed: null, real: doc, next: doc }), doc)).toBe(true);
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});

describe('docsEqual', () => {
  it('ignores storage bookkeeping and treats a missing _deleted as false', () => {
    const a = base();
    const b = { ...base(), _meta: { lwt: 1 }, _rev: '1-x', _attachments: {} } as Row;
    expect(docsEqual(a, b)).toBe(true);
    const { _deleted, ...noFlag } = a;
    expect(_deleted).toBe(false);
    expect(docsEqual(noFlag as Row, a)).toBe(true);
    expect(docsEqual({ ...a, _deleted: true }, a)).toBe(false);
  });

  it('compares nested maps, arrays and edit times deeply', () => {
    const a = applyEdit(base(), { custom: { m: ['a', 'b'] } }, 200);
    expect(docsEqual(a, structuredClone(a))).toBe(true);
    expect(docsEqual(a, applyEdit(a, { custom: { m: ['b', 'a'] } }, 300))).toBe(false);
    expect(docsEqual(a, { ...a, fieldTimes: { ...a.fieldTimes, 'custom:m': 201 } })).toBe(false);
    expect(docsEqual(a, { ...a, extra: 1 } as Row)).toBe(false);
    expect(docsEqual(a, { ...a, extra: undefined } as Row)).toBe(true);
  });
});

describe('sameDataIgnoringTimes', () => {
  it('[S7] equal data with other edit times is the same; the listed keys are ignored', () => {
    const stored = applyEdit(base(), { name: 'A' }, 200);
    const resent = { ...stored, fieldTimes: { name: 9_999 }, updatedAt: 9_999 };
    expect(sameDataIgnoringTimes(resent, stored, [])).toBe(true);
    expect(sameDataIgnoringTimes({ ...resent, duplicateOf: 'c0' }, stored, [])).toBe(false);
    expect(sameDataIgnoringTimes({ ...resent, duplicateOf: 'c0' }, stored, ['duplicateOf'])).toBe(true);
    expect(sameDataIgnoringTimes({ ...resent, _deleted: true }, stored, [])).toBe(false);
  });
});

describe('clampFieldTimes', () => {
  it('[M9] edit times in the server future become the server time; the input stays as it was', () => {
    const doc = deepFreeze({ ...applyEdit(base(), { name: 'A', city: 'B' }, 5_000), fieldTimes: { name: 5_000, city: 50 } });
    const clamped = clampFieldTimes(doc, 1_000);
    expect(clamped.fieldTimes).toEqual({ name: 1_000, city: 50 });
    expect(clamped.updatedAt).toBe(1_000);
    expect(clamped.createdAt).toBe(100);
    expect(doc.fieldTimes.name).toBe(5_000);
  });

  it('[M9] a device clock set ahead cannot win a later edit after the clamp', () => {
    const assumed = base();
    const ahead = clampFieldTimes(applyEdit(assumed, { name: 'z przyszłości' }, 10_000_000), 1_000);
    const later = applyEdit(assumed, { name: 'później' }, 1_500);
    expect(mergeDocs({ assumed, real: ahead, next: later }).name).toBe('później');
  });
});

describe('createConflictHandler', () => {
  it('[M6] resolves with the shared merge and the user permissions; isEqual is docsEqual', async () => {
    const handler = createConflictHandler<Row>((path, real) => path !== 'duplicateOf' && real.id === 'c1');
    const assumed = base();
    const real = applyEdit(assumed, { city: 'Radom' }, 200);
    const next = applyEdit(assumed, { nip: '5260250274', duplicateOf: 'x' }, 150);
    const resolved = await handler.resolve(
      { assumedMasterState: assumed, realMasterState: real, newDocumentState: next }, 'replication-resolve-conflict',
    );
    expect(resolved).toMatchObject({ city: 'Radom', nip: '5260250274', duplicateOf: '' });
    expect(handler.isEqual(real, structuredClone(real), 'upstream-check-if-equal')).toBe(true);
    expect(handler.isEqual(real, next, 'upstream-check-if-equal')).toBe(false);
  });
});

describe('changedPaths and fieldValue', () => {
  it('[S9][M11] list the paths whose values changed, custom keys one by one, the verdict as one path', () => {
    const before = applyEdit(base(), { custom: { a: 'x' } }, 110);
    const after = applyVerdict(applyEdit(before, { name: 'N', custom: { a: undefined, b: true } }, 200), { state: 'rejected', reason: 'r', notes: { nip: 'n' } }, 'v1', 200);
    expect(changedPaths(before, after).sort()).toEqual(['custom:a', 'custom:b', 'name', 'verification']);
    expect(changedPaths(before, { ...before, fieldTimes: {} })).toEqual([]);
    expect(fieldValue(after, 'custom:b')).toBe(true);
    expect(fieldValue(after, 'verification')).toEqual({ state: 'rejected', reason: 'r', verifierId: 'v1', at: 200, notes: { nip: 'n' } });
    expect(fieldValue(after, 'verification:state')).toBeUndefined();
    expect(fieldValue(after, 'name')).toBe('N');
  });
});

describe('inherited keys', () => {
  /** Keys naming members every plain object inherits, as a hostile or corrupted document may carry them. */
  const INHERITED = ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf'];

  /** A document whose fieldTimes (and custom map) name inherited members, parsed from JSON as the server receives it. */
  function hostile(doc: Row, time: number): Row {
    const times = Object.fromEntries(INHERITED.flatMap((k) => [[k, time], [`custom:${k}`, time], [`verification:${k}`, time]]));
    const text = JSON.stringify({ ...doc, fieldTimes: { ...doc.fieldTimes, ...times } })
      .replace('"custom":{', '"custom":{"__proto__":{"polluted":true}' + (Object.keys(doc.custom).length ? ',' : ''));
    const parsed = JSON.parse(text) as Row;
    // JSON.parse makes `__proto__` an own data key, as the server's body parser does.
    expect(Object.hasOwn(parsed.custom, '__proto__')).toBe(true);
    return parsed;
  }

  /** Every own value in the tree is JSON data: no function, no inherited member copied in, no prototype swapped. */
  function expectPlainJson(value: unknown, where = 'merged'): void {
    if (typeof value === 'function') throw new Error(`${where} holds a function`);
    if (typeof value !== 'object' || value === null) return;
    if (!Array.isArray(value)) expect(Object.getPrototypeOf(value), `${where} prototype`).toBe(Object.prototype);
    for (const key of Object.keys(value)) expectPlainJson((value as Record<string, unknown>)[key], `${where}.${key}`);
  }

  it('[M1][V7] keys naming inherited members never copy a function or inherited value into the result', () => {
    const assumed = base();
    for (const [real, next] of [
      [hostile(applyEdit(assumed, { city: 'Radom' }, 200), 200), applyEdit(assumed, { nip: '5260250274' }, 150)],
      [applyEdit(assumed, { city: 'Radom' }, 200), hostile(applyEdit(assumed, { nip: '5260250274' }, 150), 150)],
    ] as const) {
      for (const merged of [mergeDocs({ assumed, real, next }), mergeDocs({ assumed: null, real, next }), mergeDocs({ assumed, real: next, next: real })]) {
        expectPlainJson(merged);
        expect(merged.city).toBe('Radom');
        expect(merged.nip).toBe('5260250274');
        for (const key of INHERITED) {
          expect(Object.hasOwn(merged, key), key).toBe(false);
          expect(Object.hasOwn(merged.custom, key) && key !== '__proto__', `custom:${key}`).toBe(false);
          expect(typeof merged.fieldTimes[key], `fieldTimes.${key}`).not.toBe('function');
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }
    }
  });

  it('[V7] equality and changed paths read own keys only', () => {
    const doc = base();
    const withTimes = hostile(doc, 300);
    expect(changedPaths(doc, withTimes)).toEqual(['custom:__proto__']);
    expect(fieldValue(doc, 'toString')).toBeUndefined();
    expect(fieldValue(doc, 'custom:constructor')).toBeUndefined();
  });
});
