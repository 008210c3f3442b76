// Sync protocol version, sent by the app in every API request header.
// History: 1 — pull/push/stream per collection with bucket checkpoints (2026-11).
//          2 — a verdict is one value with per-field notes (`verification.notes`, fieldTimes path
//              `verification`); the `comments` collection (2026-12). Apps of protocol 1 are served
//              through `sync-server/db/wire-v1.ts` [S12].
export const PROTOCOL_VERSION = 2;
/**
 * The oldest app protocol the server still serves: the previous one, so apps not yet reloaded keep
 * syncing during a rolling update [S12]. Raising PROTOCOL_VERSION means the server keeps serving N-1.
 */
export const OLDEST_PROTOCOL_VERSION = PROTOCOL_VERSION - 1;
export const PROTOCOL_HEADER = 'x-kartoteka-protocol';
