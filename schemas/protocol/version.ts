// Sync protocol version, sent by the app in every API request header.
// History: 1 — pull/push/stream per collection with bucket checkpoints (2026-11).
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-kartoteka-protocol';
