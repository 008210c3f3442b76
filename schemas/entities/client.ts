// A company record (klient) entered by an operator inside an order: the RxDB/server JSON schema and its type.
import type { FieldTimes } from './field-times.ts';

export const STANDARD_KEYS = [
  'nip', 'pkd', 'regon', 'name', 'street', 'buildingNumber', 'postalCode', 'city', 'voivodeship',
  'businessActivity', 'website', 'email', 'landlinePhone', 'mobilePhone', 'fax', 'employmentLevel',
  'dataSource1', 'dataSource2', 'dataSource3', 'dataSource4', 'notes',
] as const;
// The catalogue lists 22 standard attributes; "Źródło danych 1–4" are four keys of one label family.
export type StandardKey = (typeof STANDARD_KEYS)[number];

export const VERIFICATION_STATES = ['unverified', 'approved', 'rejected', 'corrected'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/**
 * A verdict: one value, written and merged as a unit (fieldTimes path `verification`), so two
 * verifiers' simultaneous verdicts never mix one's state with the other's reason [M11].
 */
export interface Verification {
  state: VerificationState;
  reason: string;
  verifierId: string;
  /** Epoch ms of the last verification decision, 0 when never verified. */
  at: number;
  /** Per-field notes of a rejection, keyed by field path (`nip`, `custom:<attribute id>`). */
  notes: Record<string, string>;
}

/** [V8] Limits of a verdict: the reason and each note, and how many fields may carry a note. */
export const VERDICT_LIMITS = { reason: 2000, note: 300, notes: 100 } as const;

export type CustomValue = string | number | boolean | string[];

export type Client = { [K in StandardKey]: string } & {
  id: string;
  orderId: string;
  ownerId: string;
  custom: Record<string, CustomValue>;
  verification: Verification;
  /** Server-owned: the earliest other record of the order with the same NIP or REGON, '' if none (a pair names each other) [D2]. */
  duplicateOf: string;
  createdAt: number;
  updatedAt: number;
  fieldTimes: FieldTimes;
};

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

export const clientSchema = {
  title: 'clients',
  description: 'company records entered inside an order',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]{1,64}$' },
    orderId: { type: 'string', maxLength: 64 },
    ownerId: { type: 'string', maxLength: 64 },
    nip: text(10),
    pkd: text(8),
    regon: text(14),
    name: text(300),
    street: text(200),
    buildingNumber: text(30),
    postalCode: text(6),
    city: text(100),
    voivodeship: text(2),
    businessActivity: text(2000),
    website: text(300),
    email: text(254),
    landlinePhone: text(30),
    mobilePhone: text(30),
    fax: text(30),
    employmentLevel: text(100),
    dataSource1: text(300),
    dataSource2: text(300),
    dataSource3: text(300),
    dataSource4: text(300),
    notes: text(5000),
    custom: {
      type: 'object',
      maxProperties: 200,
      propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' },
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: 5000 },
          { type: 'number' },
          { type: 'boolean' },
          { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 300 } },
        ],
      },
    },
    verification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        state: { type: 'string', enum: [...VERIFICATION_STATES] },
        reason: text(VERDICT_LIMITS.reason),
        verifierId: text(64),
        at: { type: 'number', minimum: 0 },
        notes: {
          type: 'object',
          maxProperties: VERDICT_LIMITS.notes,
          propertyNames: { pattern: '^[A-Za-z0-9_:-]{1,80}$' },
          additionalProperties: { type: 'string', minLength: 1, maxLength: VERDICT_LIMITS.note },
        },
      },
      required: ['state', 'reason', 'verifierId', 'at', 'notes'],
    },
    duplicateOf: text(64),
    createdAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    fieldTimes: {
      type: 'object',
      maxProperties: 300,
      propertyNames: { pattern: '^[A-Za-z0-9_:-]{1,80}$' },
      additionalProperties: { type: 'number', minimum: 0 },
    },
  },
  required: [
    'id', 'orderId', 'ownerId', ...STANDARD_KEYS, 'custom', 'verification', 'duplicateOf',
    'createdAt', 'updatedAt', 'fieldTimes',
  ],
  indexes: ['orderId', ['orderId', 'createdAt']],
} as const;

/** Fields only the server sets, with a new record's value; a device's value is always replaced by the stored one [P1]. */
export const CLIENT_SERVER_OWNED = { duplicateOf: '' } as const;
/** Fields fixed when the record is created [P2]. */
export const CLIENT_IMMUTABLE = ['id', 'orderId', 'ownerId', 'createdAt'] as const;

/** The verdict of a record nobody has judged yet. */
export function blankVerification(): Verification {
  return { state: 'unverified', reason: '', verifierId: '', at: 0, notes: {} };
}

export function emptyClient(init: { id: string; orderId: string; ownerId: string; now: number }): Client {
  const standard = Object.fromEntries(STANDARD_KEYS.map((k) => [k, ''])) as { [K in StandardKey]: string };
  return {
    id: init.id,
    orderId: init.orderId,
    ownerId: init.ownerId,
    ...standard,
    custom: {},
    verification: blankVerification(),
    duplicateOf: '',
    createdAt: init.now,
    updatedAt: init.now,
    fieldTimes: {},
  };
}
