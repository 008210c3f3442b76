// One of the database's local documents (the pending marks, the refused changes) as an observable, read
// again only when that document changes. RxDB's `db.getLocal$(id)` starts an async step for every change
// event of every collection, and rxjs files each of those steps in one list that it searches to remove it:
// during an initial sync that is a page of 1,000 promises per subscriber, and the removals grow with the
// square of the page (issue 12: a third of a second per 10,000 records). Here a page costs one check.
import { concatMap, filter, startWith, type Observable } from 'rxjs';
import type { RxLocalDocument } from 'rxdb/plugins/core';
import { stepOn } from './bench-steps.ts';
import type { KartotekaDatabase } from './database.ts';

export function localDocument$<T>(db: KartotekaDatabase, id: string): Observable<RxLocalDocument<KartotekaDatabase, T> | null> {
  if (!stepOn('localDocs')) return db.getLocal$<T>(id);
  return db.eventBulks$.pipe(
    // The database's own local documents: their bulks are local and name no collection.
    filter((bulk) => bulk.isLocal && !bulk.collectionName && bulk.events.some((event) => event.documentId === id)),
    startWith(null),
    concatMap(() => db.getLocal<T>(id)),
  );
}
