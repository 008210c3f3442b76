// A verifier's verdict written on the device: the whole `verification` value at once [M11], through the
// same marked write path as every edit, so it is pending until the server acknowledges it and works offline.
import type { Client } from '../../schemas/entities/client.ts';
import { applyVerdict, type VerdictInput } from '../../schemas/rules/edit.ts';
import type { KartotekaDatabase } from './database.ts';
import { markedWrite } from './writes.ts';

/**
 * Approves or rejects a record as `verifier` at device time `now`, applied to the newest stored state
 * (an operator's edit that arrived meanwhile is kept). A rejection needs a reason [V8]: refused here
 * before anything is marked. Null when the record is gone.
 */
export async function giveVerdict(
  db: KartotekaDatabase, clientId: string, verdict: VerdictInput, verifier: { id: string }, now = Date.now(),
): Promise<Client | null> {
  if (verdict.state === 'rejected' && verdict.reason.trim() === '') throw new Error('a rejection needs a reason');
  const doc = await db.clients.findOne(clientId).exec();
  if (!doc) return null;
  const saved = await markedWrite(db, 'clients', clientId, () =>
    doc.incrementalModify((current) => applyVerdict(current, verdict, verifier.id, now)),
  );
  return saved.toMutableJSON();
}
