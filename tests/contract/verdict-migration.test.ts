// Contract: migration 008 turns the records a protocol-1 server stored into the one-value verdict, as the devices' own migration does [M11, S12].
import { expect, it } from 'vitest';
import { verdictAsOneValue } from '../../schemas/entities/verdict-v1.ts';
import { MIGRATIONS, migrate } from '../../sync-server/db/migrate.ts';
import { insertDoc } from '../../sync-server/db/store.ts';
import { BACKENDS } from './backends.ts';
import type { Doc } from './client.ts';
import { T0, makeClient } from './fixtures.ts';
import { contractSuite } from './harness.ts';

/** A record as protocol 1 stored it: no notes, one edit time per verdict key. */
function protocol1Record(id: string, verdict: Record<string, unknown> | null, times: Record<string, number>): Doc {
  const doc = makeClient({ id, orderId: 'o1', ownerId: 'u1' }, { notes: 'z epoki protokołu 1' });
  const { notes: _none, ...verification } = doc.verification as Record<string, unknown>;
  return { ...doc, verification: verdict ?? verification, fieldTimes: { ...(doc.fieldTimes as Record<string, number>), ...times } };
}

contractSuite('verdict migration', (s) => {
  it('[M11] records stored under protocol 1 get empty notes and one verdict time, the latest of their keys; nothing else moves', async () => {
    const target = await BACKENDS.find((b) => b.name === s.backend)!.open();
    try {
      const { db } = target;
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await migrate(db, 7);
      const rejected = { state: 'rejected', reason: 'zły NIP', verifierId: 'v1', at: T0 + 5 };
      const old: [Doc, boolean][] = [
        // Judged: its keys were edited at different times (the reason reworded later).
        [protocol1Record('r1', rejected, { 'verification:state': T0 + 5, 'verification:reason': T0 + 7, 'verification:verifierId': T0 + 5, 'verification:at': T0 + 5 }), false],
        // Never judged: no verdict time at all.
        [protocol1Record('r2', null, {}), false],
        // Corrected by its operator (one key moved), then deleted: a tombstone converts too.
        [protocol1Record('r3', { ...rejected, state: 'corrected' }, { 'verification:state': T0 + 9, 'verification:reason': T0 + 5 }), true],
      ];
      await db.transaction(async (tx) => {
        for (const [doc, deleted] of old) await insertDoc(tx, 'clients', doc, deleted);
      });
      const rows = () => db.query<{ id: string; doc: Doc; deleted: boolean; xid: string; seq: string }>(
        'SELECT id, doc, deleted, xid::text AS xid, seq::text AS seq FROM clients ORDER BY id',
      ).then((r) => r.rows);
      const before = await rows();

      await migrate(db);
      const after = await rows();
      // Exactly the devices' conversion, row by row; positions and deletions as they were.
      expect(after).toEqual(before.map((row) => ({ ...row, doc: verdictAsOneValue(row.doc) })));
      expect(after[0]!.doc.verification).toEqual({ ...rejected, notes: {} });
      expect(after[0]!.doc.fieldTimes).toEqual({
        name: T0, nip: T0, regon: T0, pkd: T0, city: T0, postalCode: T0, voivodeship: T0, notes: T0, verification: T0 + 7,
      });
      expect(after[1]!.doc.fieldTimes).not.toHaveProperty('verification');
      expect(after[2]!.doc.fieldTimes).toMatchObject({ verification: T0 + 9 });

      // A second run finds nothing of the old shape left.
      const sql = MIGRATIONS.find((m) => m.version === 8)!.sql;
      await db.exec(sql);
      expect(await rows()).toEqual(after);
    } finally {
      await target.close();
    }
  });
}, { backends: BACKENDS });
