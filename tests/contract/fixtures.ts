// Valid documents and push rows for the contract suites: real NIP/REGON check digits, schema-valid shapes.
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { nipCheckDigit, regonCheckDigit } from '../../schemas/entities/polish-identifiers.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import { applyEdit, type Changes } from '../../schemas/rules/edit.ts';
import type { Doc } from './client.ts';

/** The suites' server time: 2026-11-27 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

/** A valid NIP derived from `seed` (the first seed whose check digit exists, counting up). */
export function validNip(seed: number): string {
  for (let n = seed; ; n++) {
    const first9 = String(100_000_000 + (n % 800_000_000)).padStart(9, '0');
    const check = nipCheckDigit(first9);
    if (check !== null) return first9 + check;
  }
}

export function validRegon(seed: number): string {
  const first8 = String(10_000_000 + (seed % 80_000_000));
  return first8 + regonCheckDigit(first8);
}

export function makeClient(init: { id: string; orderId: string; ownerId: string; now?: number }, fields: Partial<Client> = {}): Doc {
  const now = init.now ?? T0;
  const base = emptyClient({ id: init.id, orderId: init.orderId, ownerId: init.ownerId, now });
  const seed = [...init.id].reduce((sum, ch) => sum * 31 + ch.charCodeAt(0), 7) >>> 0;
  const doc: Client = {
    ...base,
    name: `Zakłady Mięsne ${init.id}`,
    nip: validNip(seed),
    regon: validRegon(seed),
    pkd: '10.11.Z',
    city: 'Radom',
    postalCode: '26-600',
    voivodeship: '14',
    ...fields,
  };
  const times: Record<string, number> = {};
  for (const key of ['name', 'nip', 'regon', 'pkd', 'city', 'postalCode', 'voivodeship', ...Object.keys(fields)]) times[key] = now;
  return { ...doc, fieldTimes: { ...times, ...(fields.fieldTimes ?? {}) } };
}

export function makeOrder(init: { id: string; createdBy: string; principalId?: string; now?: number }, fields: Partial<Order> = {}): Doc {
  const now = init.now ?? T0;
  const order: Order = {
    id: init.id,
    name: `Firmy mięsne ${init.id}`,
    instructions: 'Zbierz dane firm z branży mięsnej.',
    voivodeships: ['14'],
    area: '',
    targetCount: 100,
    deadline: '2026-12-31',
    principalId: init.principalId ?? init.createdBy,
    verificationRequired: true,
    attributeIds: [],
    status: 'open',
    createdBy: init.createdBy,
    createdAt: now,
    updatedAt: now,
    fieldTimes: {},
    ...fields,
  };
  return order as unknown as Doc;
}

/** A row creating `doc` (no assumed master state). */
export function created(doc: Doc): PushRow<Doc> {
  return { assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } } as PushRow<Doc>;
}

/** A row editing `master` (as pulled) the way the app does: changed fields stamped at `now`. */
export function edited(master: Doc, changes: Changes<Doc>, now: number): PushRow<Doc> {
  const next = applyEdit(master as Doc & { fieldTimes: Record<string, number> }, changes as never, now);
  return { assumedMasterState: master, newDocumentState: { ...next, _deleted: false } } as unknown as PushRow<Doc>;
}

/** A row deleting `master`. */
export function deleted(master: Doc): PushRow<Doc> {
  return { assumedMasterState: master, newDocumentState: { ...master, _deleted: true } } as unknown as PushRow<Doc>;
}

/** A custom attribute definition (text by default), valid against the schema. */
export function makeAttribute(init: { id: string; createdBy: string; now?: number }, fields: Partial<Attribute> = {}): Doc {
  const now = init.now ?? T0;
  const attribute: Attribute = {
    id: init.id, label: `Atrybut ${init.id}`, labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [],
    retired: false, createdBy: init.createdBy, createdAt: now, updatedAt: now, fieldTimes: {}, ...fields,
  };
  return attribute as unknown as Doc;
}

/** A comment on a record, valid against the schema: `orderId` and `ownerId` are the record's [C2]. */
export function makeComment(
  init: { id: string; record: Doc; authorId: string; now?: number },
  fields: Partial<Comment> = {},
): Doc {
  const { record } = init;
  const comment: Comment = {
    id: init.id, recordId: String(record.id), orderId: String(record.orderId), ownerId: String(record.ownerId),
    authorId: init.authorId, text: `Uwaga ${init.id}: proszę sprawdzić NIP`, createdAt: init.now ?? T0, fieldTimes: {}, ...fields,
  };
  return comment as unknown as Doc;
}
