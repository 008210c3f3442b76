// Contract: backup and restore — every table round-trips, pulls after a restore return everything and order new writes, refusals [S24].
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SYNC_COLLECTIONS } from '../../schemas/protocol/sync.ts';
import { createApp } from '../../sync-server/app.ts';
import type { Database } from '../../sync-server/db/database.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { RestoreRefused, countRows, restoreBackup, writeBackup } from '../../sync-server/ops/backup.ts';
import { askRunningServer, claimDataDir } from '../../sync-server/ops/data-dir-lock.ts';
import { localAdmin } from '../../sync-server/ops/local-admin.ts';
import { BACKENDS } from './backends.ts';
import { TestClient, type Checkpoint, type Doc } from './client.ts';
import { T0, created, deleted, edited, makeAttribute, makeClient, makeComment, makeOrder } from './fixtures.ts';
import { TEST_SCRYPT, contractSuite } from './harness.ts';

async function backupLines(db: Database): Promise<string[]> {
  let text = '';
  await writeBackup(db, (line) => void (text += line));
  return text.trimEnd().split('\n');
}

async function* from(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

/** Every table's rows, minus positions (a restore renumbers them), in a stable order. */
async function contents(db: Database): Promise<Record<string, string[]>> {
  const tables = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('server_secrets') ORDER BY 1",
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await db.query<{ r: string }>(`SELECT (to_jsonb(t) - 'xid' - 'seq' - 'first_xid' - 'applied_at')::text AS r FROM ${name} t`);
    out[name] = rows.rows.map((row) => row.r).sort();
  }
  return out;
}

const byId = (docs: Doc[]) => [...docs].sort((a, b) => String(a.id).localeCompare(String(b.id)));

contractSuite('backup and restore', (s) => {
  /** An organisation with every collection, audit entries, a deletion and a refused change. */
  async function fill() {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    await s.setManager(op.user.id, (await s.signIn('supervisor')).user.id);
    await admin.client.push('attributes', [created(makeAttribute({ id: 'a1', createdBy: admin.user.id }))]);
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', op.user.id);
    const made = await op.client.push('clients', [1, 2, 3].map((i) => created(makeClient({ id: `c${i}`, orderId: 'o1', ownerId: op.user.id }))));
    expect(made.refused).toEqual([]);
    const [c1, c2] = byId((await op.client.pullAll('clients')).documents) as [Doc, Doc];
    await op.client.push('clients', [edited(c1, { city: 'Płock' }, T0 + 10), deleted(c2)]);
    // A comment thread [C1]: its table is backed up and restored like the others.
    expect(await op.client.push('comments', [created(makeComment({ id: 'k1', record: c1, authorId: op.user.id }))])).toEqual({ conflicts: [], refused: [] });
    // Refused: an order the operator is not bound to [S8].
    const refused = await op.client.push('clients', [created(makeClient({ id: 'x1', orderId: 'nowhere', ownerId: op.user.id }))]);
    expect(refused.refused).toHaveLength(1);
    return { admin, op };
  }

  async function restoredCopy(lines: string[]): Promise<{ db: Database; close(): Promise<void> }> {
    const backend = BACKENDS.find((b) => b.name === s.backend)!;
    const target = await backend.open();
    await restoreBackup(target.db, from(lines));
    return { db: target.db, close: () => target.close() };
  }

  it('[S24] every table round-trips; pulls afterwards return everything, refuse old checkpoints and order new writes', async () => {
    const { admin, op } = await fill();
    expect(await s.count('audit')).toBeGreaterThan(0);
    expect(await s.count('comments')).toBe(1);
    expect(await s.count('refused_changes')).toBe(1);
    const pulledBefore: Record<string, { documents: Doc[]; checkpoint: Checkpoint }> = {};
    for (const collection of SYNC_COLLECTIONS) pulledBefore[collection] = await admin.client.pullAll(collection);
    const before = await contents(s.db); // after the pulls: they store bucket sets too

    const lines = await backupLines(s.db);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'kartoteka-backup', version: 1 });
    const restored = await restoredCopy(lines);
    try {
      expect(await contents(restored.db)).toEqual(before);

      const app = createApp({ db: restored.db, notifier: createLocalNotifier(), now: () => s.clock.now, logger: silentLogger, passwordParams: TEST_SCRYPT });
      // Sessions are restored: the same devices carry on, signed in.
      const adminAfter = Object.assign(new TestClient(app, 'device-admin'), { cookie: admin.client.cookie });
      const opAfter = Object.assign(new TestClient(app, 'device-op'), { cookie: op.client.cookie });
      for (const collection of SYNC_COLLECTIONS) {
        // A checkpoint of the old database is not honoured: the device starts again from nothing.
        const old = await adminAfter.pull(collection, pulledBefore[collection]!.checkpoint);
        expect(old.reset, collection).toBe(true);
        const all = await adminAfter.pullAll(collection);
        expect(byId(all.documents), collection).toEqual(byId(pulledBefore[collection]!.documents));
      }
      // A write after the restore reaches a device whose checkpoint was taken after the restore [S1].
      const { documents, checkpoint } = await opAfter.pullAll('clients');
      const c1 = documents.find((d) => d.id === 'c1')!;
      expect((await opAfter.push('clients', [edited(c1, { city: 'Gdańsk' }, T0 + 20)])).refused).toEqual([]);
      const next = await opAfter.pullAll('clients', checkpoint);
      expect(next.documents.map((d) => [d.id, d.city])).toEqual([['c1', 'Gdańsk']]);
    } finally {
      await restored.close();
    }
  });

  it('[S24] a restore refuses a database that holds rows unless forced, and refuses a damaged file', async () => {
    await fill();
    const lines = await backupLines(s.db);
    const restored = await restoredCopy(lines);
    try {
      const rows = await countRows(restored.db);
      await expect(restoreBackup(restored.db, from(lines))).rejects.toThrow(/not empty.*--force/);
      await expect(restoreBackup(restored.db, from(lines.slice(0, -1)), { force: true })).rejects.toThrow(RestoreRefused);
      await restoreBackup(restored.db, from(lines), { force: true });
      expect(await countRows(restored.db)).toBe(rows);
      expect(await contents(restored.db)).toEqual(await contents(s.db));
    } finally {
      await restored.close();
    }
  });

  it('[S24] the running server answers a backup on its data-directory socket, and holds the directory against a second process', async () => {
    await fill();
    const dir = mkdtempSync(join(tmpdir(), 'kartoteka-lock-'));
    const lock = await claimDataDir(dir, localAdmin(() => s.db, silentLogger));
    try {
      await expect(claimDataDir(dir)).rejects.toThrow(/DATA_DIR .* is in use .*set DATA_DIR/);
      let text = '';
      for await (const chunk of await askRunningServer(dir, '/backup')) text += chunk.toString();
      const lines = text.trimEnd().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toEqual({ end: true, rows: lines.length - 2 });
      expect(lines.slice(1)).toEqual((await backupLines(s.db)).slice(1)); // the header differs by its time only
    } finally {
      await lock.release();
    }
    // Released: the directory may be claimed again.
    const again = await claimDataDir(dir);
    await again.release();
    rmSync(dir, { recursive: true, force: true });
  });
}, { backends: BACKENDS });
