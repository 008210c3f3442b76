// The collections' conflict handler: the shared per-field merge [M1–M8] with every path writable, except the
// paths the server has just refused for that document [M6]: the device never discards a typed value on its own.
import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import type { PushCollection, RefusedRow } from '../../schemas/protocol/sync.ts';
import { createConflictHandler, refusedWriteRule, type DocLike } from '../../schemas/rules/merge.ts';

/**
 * RxDB's conflict handler plus what the push handler tells it: after every push answer, which of
 * the pushed documents the server refused, and which field paths ('' = the whole document).
 */
export interface DeviceConflictHandler<T> extends RxConflictHandler<T> {
  noteRefused(pushedIds: readonly string[], refused: readonly RefusedRow[]): void;
}

/** A refusal's named paths: each issue's field; a refusal naming no field concerns the whole document. */
function refusedPaths(row: RefusedRow): Set<string> {
  const paths = new Set((row.issues ?? []).map((issue) => issue.field));
  return paths.size === 0 ? new Set(['']) : paths;
}

/**
 * One handler per collection of an open database (so two databases in one page never share what
 * was refused). What the user may write is decided by the server, not by the device's copy of the
 * membership, which is empty after start-up until the bindings are pulled [M6]: a device value the
 * server refuses is refused there, logged (S8), kept in the device's refused-changes record with the
 * typed document, and only then does the merge keep the server's value for those paths.
 */
export function conflictHandlerFor<T extends DocLike & { id: string }>(
  _collection: PushCollection, // the callers name it; the merge is the same for every collection
): DeviceConflictHandler<T> {
  const merge = createConflictHandler<WithDeleted<T>>();
  /** Document id → the paths the latest push answer refused; cleared when a later push of it is not refused. */
  const refused = new Map<string, Set<string>>();
  return {
    isEqual: (a, b, context) => merge.isEqual(a, b, context),
    resolve: (input, context) => {
      const paths = refused.get(input.realMasterState.id);
      if (!paths) return merge.resolve(input, context);
      // The pushed state is the one RxDB resolves: it names what the server judged.
      const rule = refusedWriteRule(paths, input.newDocumentState, input.realMasterState);
      return createConflictHandler<WithDeleted<T>>(rule).resolve(input, context);
    },
    noteRefused: (pushedIds, rows) => {
      for (const id of pushedIds) refused.delete(id);
      for (const row of rows) refused.set(row.id, refusedPaths(row));
    },
  };
}
