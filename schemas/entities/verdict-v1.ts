// The verdict's two shapes: protocol 1 kept `verification` as a nested map merged key by key
// (fieldTimes `verification:state`, `…:reason`, …, no notes); protocol 2 holds it as one value with
// per-field notes, under the one fieldTimes path `verification` [M11]. Used by the device's storage
// migration (clients v2), the server's data migration and its protocol-1 wire adapter [S12].

type Fields = Record<string, unknown>;
const isMap = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A protocol-1 record in the protocol-2 shape: one verdict time (the latest of its keys), empty notes. */
export function verdictAsOneValue<T>(doc: T): T {
  const fields = doc as unknown as Fields;
  const out: Fields = { ...fields };
  const verification = isMap(fields.verification) ? fields.verification : undefined;
  if (verification && !isMap(verification.notes)) out.verification = { ...verification, notes: {} };
  if (isMap(fields.fieldTimes)) {
    const times: Fields = {};
    let verdictTime: number | undefined;
    for (const [path, time] of Object.entries(fields.fieldTimes)) {
      if (path.startsWith('verification:')) {
        if (typeof time === 'number') verdictTime = Math.max(verdictTime ?? 0, time);
      } else Object.defineProperty(times, path, { value: time, enumerable: true, writable: true, configurable: true });
    }
    if (verdictTime !== undefined) times.verification = Math.max(verdictTime, typeof times.verification === 'number' ? times.verification : 0);
    out.fieldTimes = times;
  }
  return out as T;
}

/** A protocol-2 record in the protocol-1 shape: no notes, the verdict's time on each of its four keys. */
export function verdictAsKeys<T>(doc: T): T {
  const fields = doc as unknown as Fields;
  const out: Fields = { ...fields };
  if (isMap(fields.verification)) {
    const { notes: _notes, ...rest } = fields.verification;
    out.verification = rest;
  }
  if (isMap(fields.fieldTimes)) {
    const { verification: time, ...times } = fields.fieldTimes;
    if (typeof time === 'number') for (const key of ['state', 'reason', 'verifierId', 'at']) times[`verification:${key}`] = time;
    out.fieldTimes = times;
  }
  return out as T;
}
