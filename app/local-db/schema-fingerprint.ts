// A short fingerprint of a storage schema (FNV-1a over its JSON), shared by the build-time compiler and the app.

/** Same schema JSON → same fingerprint; used to prove a precompiled validator matches the schema in use. */
export function schemaFingerprint(schema: unknown): string {
  const text = JSON.stringify(schema);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}:${text.length}`;
}
