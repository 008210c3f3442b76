// Bucket keys as SQL conditions on a collection's table [S3]; values always go in as parameters.
import type { SyncCollection } from '../../schemas/protocol/sync.ts';

const BUCKET = /^(all|own:[^\s]{1,64}|order:[^\s]{1,64})$/;

export function isBucketKey(key: string): boolean {
  return BUCKET.test(key);
}

/** The SQL condition "row is in this bucket"; appends its parameter to `params`. */
export function bucketCondition(collection: SyncCollection, bucket: string, params: unknown[]): string {
  if (bucket === 'all') return 'TRUE';
  const colon = bucket.indexOf(':');
  const kind = bucket.slice(0, colon);
  // Orders have no owner bucket (see bucketsHolding in schemas/rules/permissions.ts).
  if (collection === 'orders' && kind === 'own') return 'FALSE';
  params.push(bucket.slice(colon + 1));
  const p = `$${params.length}`;
  if (collection === 'orders') return `id = ${p}`;
  return kind === 'own' ? `owner_id = ${p}` : `order_id = ${p}`;
}
