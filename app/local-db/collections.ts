// The device's collections in one registry: each one's schema, its storage version and the migration
// strategies that bring a document stored by any older app version up to the current schema [S16].
import type { MigrationStrategies, RxJsonSchema } from 'rxdb/plugins/core';
import { assignmentSchema } from '../../schemas/entities/assignment.ts';
import { attributeSchema } from '../../schemas/entities/attribute.ts';
import { clientSchema } from '../../schemas/entities/client.ts';
import { commentSchema } from '../../schemas/entities/comment.ts';
import { verdictAsOneValue } from '../../schemas/entities/verdict-v1.ts';
import { directoryUserSchema } from '../../schemas/entities/directory-user.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';

export interface DeviceCollection {
  /** The shared entity schema with the device's storage version (the entity files' `version` is not used). */
  schema: RxJsonSchema<unknown>;
  /** Key N turns a version N-1 document into a version N one; null drops it. One key per version above 0. */
  migrationStrategies: MigrationStrategies;
}

/*
 * To change a collection's schema (even one optional field or a description: RxDB refuses to open a
 * database whose stored schema differs, DB6): change the entity schema, raise `version` below by one,
 * and add the strategy for the new version. Never edit or remove a released strategy: a tablet may
 * hold unsent records of any older version, and they are migrated step by step.
 */
const atVersion = (schema: object, version: number) => ({ ...schema, version }) as unknown as RxJsonSchema<unknown>;

/**
 * Version 1 (2026-12) changed nothing but the number: it gives every collection a migration path
 * before the first real schema change needs one, and proves it on real version-0 data.
 */
const unchanged = <T>(doc: T): T => doc;

export const DEVICE_COLLECTIONS: Record<SyncCollection, DeviceCollection> = {
  orders: { schema: atVersion(orderSchema, 1), migrationStrategies: { 1: unchanged } },
  // Version 2 (2026-12, protocol 2): the verdict is one value with per-field notes [M11].
  clients: { schema: atVersion(clientSchema, 2), migrationStrategies: { 1: unchanged, 2: verdictAsOneValue } },
  assignments: { schema: atVersion(assignmentSchema, 1), migrationStrategies: { 1: unchanged } },
  users: { schema: atVersion(directoryUserSchema, 1), migrationStrategies: { 1: unchanged } },
  attributes: { schema: atVersion(attributeSchema, 1), migrationStrategies: { 1: unchanged } },
  // New in 2026-12 (protocol 2): starts at version 0.
  comments: { schema: atVersion(commentSchema, 0), migrationStrategies: {} },
};
