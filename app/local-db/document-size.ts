// [S10] The largest record the device saves: the limit the server and the push hold every document to.
import { MAX_DOCUMENT_BYTES } from '../../schemas/protocol/sync.ts';
import { jsonOver } from '../../schemas/protocol/utf8.ts';

/** A record too large to be sent (over MAX_DOCUMENT_BYTES of JSON): nothing of it was stored. */
export class DocumentTooLargeError extends Error {
  constructor() {
    super('document.tooLarge');
    this.name = 'DocumentTooLargeError';
  }
}

/**
 * The document, if a push could carry it; else throws DocumentTooLargeError before anything is written.
 * Measured as pushed (with `_deleted`); RxDB's own fields, when present, only make the check stricter.
 */
export function withinDocumentLimit<T extends object>(doc: T): T {
  if (jsonOver(JSON.stringify({ ...doc, _deleted: false }), MAX_DOCUMENT_BYTES)) throw new DocumentTooLargeError();
  return doc;
}
