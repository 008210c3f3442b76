// Contract: the commit-order race [S1] — concurrent writers committing late, concurrent pullers: zero rows skipped.
import { expect, it } from 'vitest';
import { insertDoc } from '../../sync-server/db/store.ts';
import type { Checkpoint } from './client.ts';
import { makeClient, makeOrder, created } from './fixtures.ts';
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
  },
  { poolSize: 16 },
);
