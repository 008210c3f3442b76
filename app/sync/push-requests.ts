// A push batch as requests within the server's limits [S29]: RxDB hands the push handler up to MAX_PUSH_ROWS
// rows, and a batch of records with long texts can exceed the body limit long before that (each row carries
// two copies of its document). Splitting here keeps such a batch from being answered 413 again and again.
import { MAX_PUSH_BYTES, MAX_PUSH_ROWS } from '../../schemas/protocol/sync.ts';

/** Bytes of a string as UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1; // 2 bytes
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair, 2 units: 4 bytes
      i++;
    } else bytes += 2; // the rest of the BMP, and a lone surrogate (written as U+FFFD): 3 bytes
  }
  return bytes;
}

const ENVELOPE = utf8Length('{"rows":[]}');

/**
 * The rows, in order, in as few requests as a greedy split gives, each of at most `maxRows` rows whose body
 * `{"rows":[…]}` is at most `maxBytes`. A row too large for any request goes alone: the server answers it 413,
 * the handler fails as any failed push does and RxDB sends the batch again later, so that row and the rows after
 * it in its batch stay unsent on the device (never dropped). Only a document of over 4 MiB of JSON can do that.
 */
export function pushRequests<R>(rows: readonly R[], maxRows = MAX_PUSH_ROWS, maxBytes = MAX_PUSH_BYTES): R[][] {
  const requests: R[][] = [];
  let current: R[] = [];
  let bytes = ENVELOPE;
  for (const row of rows) {
    // The row's JSON, and the comma before it unless it opens a request.
    const size = utf8Length(JSON.stringify(row)) + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      requests.push(current);
      current = [];
      bytes = ENVELOPE + size - 1;
    } else bytes += size;
    current.push(row);
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
