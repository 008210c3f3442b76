// The device validates every collection's documents with the precompiled validators, comments too.
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, expect, test } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { deviceStorage } from './rxdb-database.ts';

let db: KartotekaDatabase | undefined;

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

test('[C2] a comment the schema refuses (longer than the limit) is never stored on the device', async () => {
  db = await createDatabase({ name: `validate-${Date.now()}`, storage: deviceStorage({ indexedDB, IDBKeyRange }), multiInstance: false });
  const comment = { id: 'k1', recordId: 'c1', orderId: 'o1', ownerId: 'u1', authorId: 'u1', text: 'Proszę uzupełnić NIP', createdAt: 1000, fieldTimes: {} };
  await db.comments.insert(comment);
  await expect(db.comments.insert({ ...comment, id: 'k2', text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) })).rejects.toThrow();
  expect((await db.comments.find().exec()).map((doc) => doc.id)).toEqual(['k1']);
});
