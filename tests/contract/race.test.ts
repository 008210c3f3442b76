// Contract: the commit-order race [S1] — concurrent writers committing late, concurrent pullers: zero rows skipped;
// and a change held behind an older transaction is announced as `behind`, never lost to the device.
import { expect, it } from 'vitest';
import pg from 'pg';
import { insertDoc } from '../../sync-server/db/store.ts';
import type { Checkpoint } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

contractSuite(
  'commit-order race',
  (s) => {
    // PGlite runs one transaction at a time, so its run is smaller; PostgreSQL gets the full storm.
    const writers = s.backend === 'postgres' ? 8 : 4;
    const commits = s.backend === 'postgres' ? 40 : 20;
    const maxHoldMs = s.backend === 'postgres' ? 30 : 10;

    it(`[S1] ${writers} writers × ${commits} late commits, 3 pullers: every puller receives every committed row`, async () => {
      const admin = await s.signIn('admin');
      await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
      // Seeded so a failing interleaving can be named; the delays still race on real time.
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const committed: string[] = [];
      let writing = true;

      const writer = async (w: number) => {
        for (let i = 0; i < commits; i++) {
          const id = `w${w}-${i}`;
          const hold = (random() * maxHoldMs) / 1000;
          await s.db.transaction(async (tx) => {
            // The production write takes the xid and seq ...
            await insertDoc(tx, 'clients', makeClient({ id, orderId: 'o1', ownerId: admin.user.id }), false);
            // ... and the transaction stays open a random while before it commits. PGlite's pg_sleep
            // would block the whole (single-threaded) process, so there the wait is on the JS side.
            if (s.backend === 'postgres') await tx.query('SELECT pg_sleep($1)', [hold]);
            else await new Promise((r) => setTimeout(r, hold * 1000));
          });
          committed.push(id);
        }
      };

      const puller = async () => {
        const seen = new Set<string>();
        let checkpoint: Checkpoint = null;
        let pullsWhileWriting = 0;
        const pull = async () => {
          const response = await admin.client.pull('clients', checkpoint, 50);
          for (const doc of response.documents) seen.add(doc.id as string);
          checkpoint = response.checkpoint;
          return response.documents.length;
        };
        while (writing) {
          await pull();
          pullsWhileWriting++;
          await new Promise((r) => setTimeout(r, random() * 5));
        }
        while ((await pull()) === 50);
        return { seen, pullsWhileWriting };
      };

      const pulling = [puller(), puller(), puller()];
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      writing = false;
      const results = await Promise.all(pulling);

      expect(committed).toHaveLength(writers * commits);
      for (const { seen, pullsWhileWriting } of results) {
        expect(pullsWhileWriting).toBeGreaterThan(3); // the pullers really raced the writers
        const skipped = committed.filter((id) => !seen.has(id));
        expect(skipped, `${skipped.length} committed rows never pulled`).toEqual([]);
        expect(seen.size).toBe(committed.length);
      }
    });

    // PGlite is one connection: no transaction can run beside the pull, so there is no horizon to wait on.
    if (s.backend === 'postgres') it('[S1] a change committed while an older transaction runs elsewhere: the pull answers behind, a pull after it ends brings the change', async () => {
      const admin = await s.signIn('admin');
      await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
      await admin.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: admin.user.id }))]);
      const first = await admin.client.pullAll('clients');
      expect(first.documents.map((d) => d.id)).toEqual(['c1']);

      // An unrelated writing transaction, in another database of the same cluster, begun before the push.
      const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_current_xact_id()');
        const record = first.documents[0]!;
        expect(await admin.client.push('clients', [edited(record, { city: 'Płock' }, T0 + 10)])).toEqual({ conflicts: [], refused: [] });

        // The commit's stream event leads to this pull: nothing readable yet, but the device is told to ask again.
        const onEvent = await admin.client.pull('clients', first.checkpoint);
        expect(onEvent.documents).toEqual([]);
        expect(onEvent.behind).toBe(true);
        await other.query('COMMIT');
        const later = await admin.client.pull('clients', onEvent.checkpoint);
        expect(later.documents.map((d) => [d.id, d.city])).toEqual([['c1', 'Płock']]);
        expect(later.behind).toBeUndefined();
      } finally {
        await other.end();
      }
    });
  },
  { poolSize: 16 },
);
