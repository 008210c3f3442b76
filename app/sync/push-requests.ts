// A push batch as requests within the server's limits [S29]: RxDB hands the push handler up to MAX_PUSH_ROWS
// rows, and a batch of records with long texts can exceed the body limit long before that (each row carries
// two copies of its document). Splitting here keeps such a batch from being answered 413 again and again.
import { MAX_PUSH_BYTES, MAX_PUSH_ROWS } from '../../schemas/protocol/sync.ts';
import { utf8Length } from '../../schemas/protocol/utf8.ts';

const ENVELOPE = utf8Length('{"rows":[]}');

/** A push batch as requests, and the rows no request can carry. */
export interface PushPlan<R> {
  requests: R[][];
  tooLarge: R[];
}

/**
 * The rows, in order, in as few requests as a greedy split gives, each of at most `maxRows` rows whose body
 * `{"rows":[…]}` is at most `maxBytes`. A row that would not fit in a request even alone is left out, in
 * `tooLarge`: sent, it would be answered 413 on every attempt and hold back every row after it [S29].
 */
export function pushRequests<R>(rows: readonly R[], maxRows = MAX_PUSH_ROWS, maxBytes = MAX_PUSH_BYTES): PushPlan<R> {
  const requests: R[][] = [];
  const tooLarge: R[] = [];
  let current: R[] = [];
  let bytes = ENVELOPE;
  for (const row of rows) {
    const alone = utf8Length(JSON.stringify(row));
    if (ENVELOPE + alone > maxBytes) {
      tooLarge.push(row);
      continue;
    }
    // The row's JSON, and the comma before it unless it opens a request.
    const size = alone + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      requests.push(current);
      current = [];
      bytes = ENVELOPE + alone;
    } else bytes += size;
    current.push(row);
  }
  if (current.length > 0) requests.push(current);
  return { requests, tooLarge };
}
