// The comment write path in Node (fake-indexeddb): a comment lands in the record's buckets, pending, append-only.
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import { addComment } from './comments.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { pendingIds } from './pending.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';

let db: KartotekaDatabase | undefined;
let counter = 0;

async function open(): Promise<KartotekaDatabase> {
  db = await createDatabase({ name: `comments-${Date.now()}-${counter++}`, storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }), multiInstance: false });
  return db;
}

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const record = { id: 'rec-1', orderId: 'order-1', ownerId: 'op-1' };

test('[C2] a comment is written in its author\'s name with the record\'s order and owner, and marked pending', async () => {
  const database = await open();
  const comment = await addComment(database, { id: 'ver-1', role: 'verifier' }, record, '  NIP należy do innej firmy \n', 7000);
  expect(comment).toMatchObject({ recordId: 'rec-1', orderId: 'order-1', ownerId: 'op-1', authorId: 'ver-1', text: 'NIP należy do innej firmy', createdAt: 7000, fieldTimes: {} });
  expect((await database.comments.findOne(comment.id).exec())?.toJSON()).toMatchObject({ text: 'NIP należy do innej firmy' });
  expect(await pendingIds(database, 'comments')).toEqual([comment.id]);
});

test('[C2] an empty or too long comment is refused before anything is written', async () => {
  const database = await open();
  await expect(addComment(database, { id: 'op-1', role: 'operator' }, record, ' \n ', 1)).rejects.toThrow(/empty/);
  await expect(addComment(database, { id: 'op-1', role: 'operator' }, record, 'x'.repeat(COMMENT_MAX_LENGTH + 1), 1)).rejects.toThrow(/long/);
  expect(await database.comments.count().exec()).toBe(0);
  expect(await pendingIds(database, 'comments')).toEqual([]);
});
