// Bucket keys as SQL conditions on a collection's table [S3]; values always go in as parameters.
import type { SyncCollection } from '../../schemas/protocol/sync.ts';

const ID = '[A-Za-z0-9_-]{1,64}';
const BUCKET = new RegExp(`^(all|(own|order|user):${ID}|op:${ID}:${ID})$`);

export function isBucketKey(key: string): boolean {
  return BUCKET.test(key);
}

/**
 * The columns each bucket kind reads, per collection (see bucketsHolding in schemas/rules/scope.ts).
 * A kind a collection does not have matches nothing.
 */
const COLUMNS: Record<SyncCollection, Partial<Record<string, readonly string[]>>> = {
  orders: { order: ['id'] },
  clients: { order: ['order_id'], own: ['owner_id'], op: ['order_id', 'owner_id'] },
  assignments: { order: ['order_id'], user: ['user_id'] },
  users: { user: ['id'] },
  attributes: {},
  comments: { order: ['order_id'], own: ['owner_id'], op: ['order_id', 'owner_id'] },
};

/** The SQL condition "row is in this bucket"; appends its parameters to `params`. */
export function bucketCondition(collection: SyncCollection, bucket: string, params: unknown[]): string {
  if (bucket === 'all') return 'TRUE';
  const [kind = '', ...values] = bucket.split(':');
  const columns = COLUMNS[collection][kind];
  if (!columns || columns.length !== values.length) return 'FALSE';
  return columns
    .map((column, i) => {
      params.push(values[i]);
      return `${column} = $${params.length}`;
    })
    .join(' AND ');
}

/**
 * The SQL condition "row is in one of these buckets", with one array parameter per bucket kind, so a
 * user with thousands of buckets costs one query, not one per bucket [S25]. An empty set matches nothing.
 */
export function bucketSetCondition(collection: SyncCollection, buckets: readonly string[], params: unknown[]): string {
  if (buckets.includes('all')) return 'TRUE';
  const byKind = new Map<string, string[][]>();
  for (const bucket of buckets) {
    const [kind = '', ...values] = bucket.split(':');
    const columns = COLUMNS[collection][kind];
    if (!columns || columns.length !== values.length) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), values]);
  }
  const parts: string[] = [];
  for (const [kind, tuples] of byKind) {
    const columns = COLUMNS[collection][kind]!;
    const arrays = columns.map((_, i) => {
      params.push(tuples.map((t) => t[i]));
      return `$${params.length}::text[]`;
    });
    parts.push(
      columns.length === 1
        ? `${columns[0]} = ANY(${arrays[0]})`
        : `(${columns.join(', ')}) IN (SELECT * FROM unnest(${arrays.join(', ')}))`,
    );
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}
