// RxDB's ajv validation wrapper fed with validators compiled at build time: the same ajv checks as
// rxdb/plugins/validate-ajv, without the run-time code generation the CSP forbids (no 'unsafe-eval').
import { wrappedValidateStorageFactory, type RxJsonSchema, type RxValidationError } from 'rxdb/plugins/core';
import { assignments, attributes, clients, comments, fingerprints, orders, users } from 'virtual:kartoteka-validators';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { schemaFingerprint } from './schema-fingerprint.ts';

const compiled: Record<string, typeof orders> = { orders, clients, attributes, assignments, users, comments };

const noErrors: never[] = [];

function getValidator(schema: RxJsonSchema<unknown>): (doc: unknown) => RxValidationError[] {
  const name = schema.title ?? '';
  const validate = Object.hasOwn(compiled, name) ? compiled[name] : undefined;
  // RxDB's own bookkeeping stores (internal store, local documents, replication meta) are written by
  // RxDB only; the app's documents are validated by the collections' compiled validators below.
  if (!validate) return () => noErrors;
  // An older version's storage is opened only by the migration, to read it and remove it; each
  // document it holds is validated when written, migrated, into the current version [S16].
  if (schema.version < DEVICE_COLLECTIONS[name as keyof typeof DEVICE_COLLECTIONS].schema.version) return () => noErrors;
  if (fingerprints[name] !== schemaFingerprint(schema)) {
    // A build from other schema sources than the running code: refuse rather than validate wrongly.
    throw new Error(`Precompiled validator for "${name}" does not match its schema; rebuild the app`);
  }
  return (doc) => (validate(doc) ? noErrors : ((validate.errors ?? []) as RxValidationError[]));
}

/** Wraps a storage so every write to a collection is checked against its JSON schema, also in production. */
export const wrappedValidateAjvStorage = wrappedValidateStorageFactory(getValidator, 'ajv');
