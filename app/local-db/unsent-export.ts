// The device's unsent writes as a JSON file: what a deactivated user's tablet hands over before it is wiped.
import { SYNC_COLLECTIONS, isPushCollection } from '../../schemas/protocol/sync.ts';
import { allDrafts } from '../sync/draft-store.ts';
import { getDatabase } from './database.ts';
import { pendingIds } from './pending.ts';
import { refusedOnDevice } from './refused.ts';

/** The unsent documents of every collection, as stored on the device. */
export async function unsentDocuments(): Promise<Record<string, unknown[]>> {
  const db = await getDatabase();
  const out: Record<string, unknown[]> = {};
  for (const name of SYNC_COLLECTIONS.filter(isPushCollection)) {
    const ids = await pendingIds(db, name);
    const docs = await db[name].findByIds([...ids]).exec();
    out[name] = [...docs.values()].map((doc) => doc.toJSON());
  }
  return out;
}

/** Starts a download of the unsent documents and kept form drafts (user gesture required by the browser). */
export async function downloadUnsent(userLogin: string): Promise<void> {
  // What this device refused to send (too large, S29) exists nowhere else: it goes into the file too.
  const refused = (await refusedOnDevice(await getDatabase())).map(({ collection, id, label, at, issues, doc }) => ({ collection, id, label, at, issues, doc }));
  const body = JSON.stringify({
    exportedAt: new Date().toISOString(), user: userLogin, documents: await unsentDocuments(), refusedOnDevice: refused, drafts: allDrafts(),
  }, null, 2);
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `kartoteka-niewyslane-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
