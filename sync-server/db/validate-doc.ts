// Validates a pushed document with the collection's shared JSON schema (ajv) and the field checks of clients, attributes and comments [S10].
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { attributeSchema, checkAttributeDocument, type Attribute } from '../../schemas/entities/attribute.ts';
import { clientSchema } from '../../schemas/entities/client.ts';
import { commentSchema } from '../../schemas/entities/comment.ts';
import { INHERITED_NAMES, namesInheritedMember } from '../../schemas/entities/field-times.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import { checkClientDocument } from '../../schemas/entities/validate-client.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import type { PushCollection } from '../../schemas/protocol/sync.ts';
import { isPlainObject, safeFieldName } from './json-safety.ts';

// The schemas are RxDB schemas: these keywords describe storage, not values.
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addVocabulary(['version', 'primaryKey', 'indexes']);

const VALIDATORS: Record<PushCollection, ValidateFunction> = {
  clients: ajv.compile(clientSchema),
  orders: ajv.compile(orderSchema),
  attributes: ajv.compile(attributeSchema),
  comments: ajv.compile(commentSchema),
};

/** At most this many issues per document: enough to fix it, bounded for a hostile one. */
const MAX_ISSUES = 20;

const KEYWORD_CODES: Record<string, string> = {
  type: 'value.type',
  required: 'required',
  maxLength: 'tooLong',
  maxItems: 'tooLong',
  maxProperties: 'tooLong',
};

/** `/custom/abc` → `custom:abc` (the fieldTimes path form); array indexes are dropped. */
function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).filter((s) => !/^\d+$/.test(s));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty;
  if (extra !== undefined) segments.push(extra);
  return safeFieldName(segments.slice(0, 2).join(':'));
}

/**
 * [V7] Keys a user names never name a member every object inherits: fieldTimes paths (at either
 * level), attribute ids, which become `custom:<id>` keys, and the field paths of a verdict's notes.
 * Checked here rather than by a `propertyNames` pattern so the RxDB schemas (and their hashes on the
 * devices) stay as they are.
 */
function inheritedKeyIssues(collection: PushCollection, doc: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const times = doc.fieldTimes;
  if (typeof times === 'object' && times !== null && Object.keys(times).some(namesInheritedMember)) {
    issues.push({ field: 'fieldTimes', code: 'json.forbiddenKey' });
  }
  if (collection === 'attributes' && typeof doc.id === 'string' && INHERITED_NAMES.has(doc.id)) issues.push({ field: 'id', code: 'json.forbiddenKey' });
  // [V8] A verdict's notes are keyed by field paths, which the user names too.
  const notes = collection === 'clients' && isPlainObject(doc.verification) ? doc.verification.notes : undefined;
  if (isPlainObject(notes) && Object.keys(notes).some(namesInheritedMember)) issues.push({ field: 'verification', code: 'json.forbiddenKey' });
  return issues;
}

/** The issues of a document without `_deleted`; empty when it may be stored. */
export function validateDocument(collection: PushCollection, doc: Record<string, unknown>): FieldIssue[] {
  const issues = checkDocument(collection, doc);
  return issues.length ? issues : inheritedKeyIssues(collection, doc);
}

function checkDocument(collection: PushCollection, doc: Record<string, unknown>): FieldIssue[] {
  const validate = VALIDATORS[collection];
  if (!validate(doc)) {
    return (validate.errors ?? []).slice(0, MAX_ISSUES).map((error) => ({
      field: fieldOf(error),
      code: KEYWORD_CODES[error.keyword] ?? 'document.invalid',
    }));
  }
  // The field checks assume the shape the schema guarantees, so they run only on a valid shape.
  if (collection === 'clients') return checkClientDocument(doc).slice(0, MAX_ISSUES);
  if (collection === 'attributes') return checkAttributeDocument(doc as unknown as Attribute).slice(0, MAX_ISSUES);
  // [C4] A comment says something: blanks alone are no comment.
  if (collection === 'comments' && String(doc.text).trim() === '') return [{ field: 'text', code: 'required' }];
  return [];
}
