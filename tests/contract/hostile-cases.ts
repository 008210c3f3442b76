// The hostile fuzz's cases (fast-check arbitraries): symbolic requests — pushes, pulls, team calls, raw bodies — resolved against the live org by hostile-run.ts.
import fc from 'fast-check';
import { STANDARD_KEYS } from '../../schemas/entities/client.ts';
import { MEMBERS, RECORDS, type MemberKey } from './org.ts';

/** A reference to an id, resolved at run time (user ids are random per org). */
export type IdRef =
  | { member: MemberKey }
  /** The calling member's own id. */
  | { self: true }
  /** One of the orders the caller is bound to or principal of (by index), o1 when none. */
  | { mine: number }
  | { record: string }
  | { order: string }
  | { attribute: string }
  /** A pool of free ids, shared by every member: later cases hit documents earlier ones created. */
  | { fresh: number }
  | { literal: unknown };

/**
 * A value of a hostile document. Plain JSON, or one of these tokens (objects with a single `$` key):
 * `$id` an id reference, `$raw` JSON text put into the body as is (1e400, 10,000 nested brackets),
 * `$own` an object with exactly these own keys (`__proto__` included, as on the wire), `$now` the
 * server time plus an offset, `$delete` removes the key.
 */
export type V = unknown;

export interface Edit {
  path: readonly string[];
  value: V;
}

export type Assumed = 'null' | 'missing' | 'stored' | 'stale' | 'self' | 'storedDeleted' | { garbage: V };

export interface RowSpec {
  /** template: a valid new document; stored: the stored copy the caller can read (else the template); junk: not a row. */
  base: 'template' | 'stored' | 'junk';
  junk?: { where: 'row' | 'state'; value: V };
  id: IdRef;
  orderId: IdRef;
  owner: IdRef;
  principal: IdRef;
  edits: Edit[];
  assumed: Assumed;
  deleted: V | 'absent';
}

export type PushCollectionName = 'clients' | 'orders' | 'attributes';

export type CheckpointSpec =
  | 'null'
  | 'absent'
  | 'last'
  | 'first'
  | 'otherCollection'
  | { other: MemberKey }
  | { mutate: Edit[] }
  | { garbage: V };

export type TeamAction = 'bind' | 'unbind' | 'close' | 'reopen' | 'closeOrder';

export type Case =
  | { kind: 'push'; as: MemberKey; collection: PushCollectionName; rows: RowSpec[] }
  | { kind: 'pull'; as: MemberKey; collection: string; checkpoint: CheckpointSpec; limit: V }
  /** `around`: the target member's device syncs before and after the call, so a shrinking scope is answered with removals. */
  | { kind: 'team'; as: MemberKey; action: TeamAction; order: IdRef; user: IdRef; body: 'valid' | { garbage: V }; around: boolean }
  | { kind: 'raw'; as: MemberKey; path: string; body: string; contentType: string | null }
  /** An honest device catching up: a pull of every collection from its last checkpoints (removals follow scope changes) [S4]. */
  | { kind: 'sync'; as: MemberKey };

export const MEMBER_KEYS = Object.keys(MEMBERS) as MemberKey[];
/** The org's records plus the suite's extras: a deleted record (d-o1) and one in a deleted order (a-od). */
export const RECORD_IDS = [...Object.keys(RECORDS), 'd-o1', 'a-od'];
/** The org's orders plus od, deleted (by its principal, as issue 9 found possible). */
export const ORDER_IDS = ['o1', 'o2', 'x1', 'x2', 'od'];
export const ATTRIBUTE_IDS = ['att1', 'att2'];
export const FRESH_IDS = 12;
export const freshId = (n: number) => `hf${n}`;

/** Names every object inherits: as keys they must never reach a merge or a validator unchecked [V7]. */
const INHERITED = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

const raw = (text: string) => ({ $raw: text });
const own = (entries: [string, V][]) => ({ $own: entries });

const member = fc.constantFrom(...MEMBER_KEYS);

const controlString = fc.constantFrom(
  '\u0000', 'a\u0000b', 'a\u0001b', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028\u2029', '\u202Eevil', '\u2066x\u2069',
  '\uD800', 'x\uDFFF', '\uFEFF', '\r\n\t', ' \u00A0 ', 'Zakłady\u0000Mięsne', '=HYPERLINK("http://x")', '<script>alert(1)</script>',
  "'; DROP TABLE clients; --", '%00', '${7*7}', '{{7*7}}', '../../etc/passwd',
);

const longString = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 6000 }).map((n) => 'A'.repeat(n)) },
  { weight: 2, arbitrary: fc.integer({ min: 60, max: 400 }).map((n) => 'ż'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 200_000 }).map((n) => 'B'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('😀'.repeat(3000)) },
);

/** Nesting deeper than any document (the server's limit is 12) up to far beyond a recursive parser's stack. */
const deepJson = fc.oneof(
  fc.integer({ min: 8, max: 40 }),
  fc.integer({ min: 40, max: 3000 }),
  fc.constant(60_000),
).chain((depth) => fc.constantFrom(
  raw('['.repeat(depth) + ']'.repeat(depth)),
  raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  raw('{"__proto__":'.repeat(Math.min(depth, 50)) + '{}' + '}'.repeat(Math.min(depth, 50))),
));

const hugeJson = fc.oneof(
  fc.integer({ min: 100, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)),
  fc.integer({ min: 100, max: 3000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.integer({ min: 10, max: 400 }).map((n) => Array.from({ length: n }, () => ({ a: [1, { b: 'x' }] }))),
);

const protoObject = fc.tuple(fc.constantFrom(...INHERITED), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) =>
  own([[key, value], ['x', 1]]),
);

const weirdNumber = fc.constantFrom<V>(
  -1, -0, 0.5, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 64, 1e15 + 1, 1e16, raw('1e400'), raw('-1e400'), raw('1E+999'),
  raw('123456789012345678901234567890'), raw('0.0000000000000000000000000001'), Number.MAX_SAFE_INTEGER,
);

/** Any hostile value: wrong types, control characters, oversized, deep, huge, prototype keys, non-finite numbers. */
export const hostileValue: fc.Arbitrary<V> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<V>(null, true, false, 0, 1, '', ' ', 'x', [], {}, '0', 'true', 'null') },
  { weight: 3, arbitrary: weirdNumber },
  { weight: 3, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 3, arbitrary: controlString },
  { weight: 3, arbitrary: longString },
  { weight: 2, arbitrary: deepJson },
  { weight: 1, arbitrary: hugeJson },
  { weight: 3, arbitrary: protoObject },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...INHERITED) },
);

const idRef: fc.Arbitrary<IdRef> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...RECORD_IDS).map((record) => ({ record })) },
  { weight: 3, arbitrary: fc.constantFrom(...ORDER_IDS).map((order) => ({ order })) },
  { weight: 1, arbitrary: fc.constantFrom(...ATTRIBUTE_IDS).map((attribute) => ({ attribute })) },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: FRESH_IDS - 1 }).map((fresh) => ({ fresh })) },
  { weight: 1, arbitrary: member.map((m) => ({ member: m })) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom<V>(...INHERITED, '', 'a'.repeat(65), '../x', 'x y', 'ąę', '0', '-', '_', 'x%00'),
      hostileValue,
    ).map((literal) => ({ literal })),
  },
);

const orderRef: fc.Arbitrary<IdRef> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(7).map((mine) => ({ mine })) },
  { weight: 6, arbitrary: fc.constantFrom(...ORDER_IDS).map((order) => ({ order })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: FRESH_IDS - 1 }).map((fresh) => ({ fresh })) },
  { weight: 1, arbitrary: idRef },
);
const memberRef: fc.Arbitrary<IdRef> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<IdRef>({ self: true }) },
  { weight: 6, arbitrary: member.map((m) => ({ member: m })) },
  { weight: 1, arbitrary: idRef },
);

const ref = (r: fc.Arbitrary<IdRef>) => r.map(($id) => ({ $id }));
const time = fc.oneof(
  fc.integer({ min: -86_400_000, max: 86_400_000 }).map(($now) => ({ $now })),
  fc.constantFrom<V>(0, 1, 1e15, 1e15 + 1, -1, 2 ** 53, raw('1e400'), 0.5),
  fc.constant({ $now: 10 * 365 * 86_400_000 }),
);

/** Field-time keys: real paths, nested paths naming inherited members, too long, malformed. */
const fieldTimeKey = fc.constantFrom(
  'name', 'nip', 'city', 'notes', 'custom:att1', 'custom:att2', 'verification', 'verification:state', 'duplicateOf',
  'status', 'principalId', 'orderId', 'ownerId', 'label', 'choices', 'retired', '_deleted',
  'custom:toString', 'custom:constructor', 'custom:__proto__', 'toString', 'constructor', '__proto__', 'valueOf',
  'verification:constructor', 'constructor:x', 'hasOwnProperty', 'x'.repeat(81), 'a b', 'custom:', ':', '',
);

const customKey = fc.constantFrom('att1', 'att2', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'x', 'a-b', 'nip', '');
const verificationKey = fc.constantFrom('state', 'reason', 'verifierId', 'at', 'notes', '__proto__', 'toString', 'constructor', 'extra');
const verificationValue = (key: string): fc.Arbitrary<V> => {
  if (key === 'state') return fc.constantFrom('unverified', 'approved', 'rejected', 'corrected', 'APPROVED', '');
  if (key === 'verifierId') return ref(memberRef);
  if (key === 'at') return time;
  // [V8] notes on data fields, on fields that are none, over their limits, keyed by inherited names.
  if (key === 'notes') {
    return fc.constantFrom<V>(
      {}, { nip: 'NIP innej firmy' }, { 'custom:att1': 'Zły dział' }, { verification: 'x' }, { id: 'x' }, { nip: '' }, { nip: 'x'.repeat(301) },
      own([['__proto__', 'x']]), own([['toString', 'x']]),
    );
  }
  return fc.constantFrom('', 'Błędny NIP', 'x');
};

const customValue = fc.oneof(
  fc.constantFrom<V>('Jan Kowalski', '', 'k1', 'k2', 'k3', ['k1'], ['k1', 'k2'], ['nope'], 12, true, 'tak'),
  hostileValue,
);

/** Valid-looking values by field: these probe the permission rules rather than the validators. */
function semanticValue(collection: PushCollectionName, path: readonly string[]): fc.Arbitrary<V> {
  const [top, sub] = path;
  if (top === 'fieldTimes') return sub === undefined ? fc.constantFrom<V>({}, { name: 1e15 }) : time;
  if (top === 'custom') return sub === undefined ? fc.constantFrom<V>({}, { att2: 'k1' }, { att1: 'x' }) : customValue;
  if (top === 'verification') {
    if (sub !== undefined) return verificationValue(sub);
    return fc.record({
      state: verificationValue('state'), reason: verificationValue('reason'), verifierId: verificationValue('verifierId'), at: time,
      notes: verificationValue('notes'),
    });
  }
  switch (top) {
    case 'id': case 'duplicateOf': return ref(idRef);
    case 'orderId': return ref(orderRef);
    case 'ownerId': case 'createdBy': case 'principalId': return ref(memberRef);
    case 'createdAt': case 'updatedAt': return time;
    case 'status': return fc.constantFrom('open', 'closed', 'deleted', '');
    case 'attributeIds': return fc.constantFrom<V>([], ['att1'], ['att2'], ['att1', 'att2'], ['nope'], ['toString'], ['constructor'], ['hf1']);
    case 'voivodeships': return fc.constantFrom<V>([], ['14'], ['14', '14'], ['99'], ['02', '04']);
    case 'targetCount': return fc.constantFrom<V>(0, 1, 10_000_000, 10_000_001, -1, 1.5);
    case 'deadline': return fc.constantFrom('', '2026-12-31', '2026-13-45', '31.12.2026');
    case 'kind': return fc.constantFrom('text', 'choice', 'multiChoice', 'integer', 'boolean', 'script');
    case 'choices':
      return fc.constantFrom<V>(
        [], [{ key: 'k1', label: 'A', labelEn: '', retired: false }],
        [{ key: 'k1', label: 'A', labelEn: '', retired: true }, { key: 'k2', label: 'B', labelEn: '', retired: false }],
        [{ key: 'toString', label: 'A', labelEn: '', retired: false }], [{ key: 'K1', label: '', labelEn: '', retired: false }],
      );
    case 'retired': case 'required': case 'verificationRequired': return fc.boolean();
    case 'nip': return fc.constantFrom('5260250995', '1234567890', '', '526-025-09-95');
    case 'postalCode': return fc.constantFrom('26-600', '00950', '', '123');
    case 'voivodeship': return fc.constantFrom('14', '99', '');
    default:
      return collection === 'clients' && !(STANDARD_KEYS as readonly string[]).includes(top!)
        ? hostileValue
        : fc.constantFrom('Płock', 'Zakład Nowy', '', 'x');
  }
}

const CLIENT_FIELDS = [...STANDARD_KEYS, 'id', 'orderId', 'ownerId', 'custom', 'verification', 'duplicateOf', 'createdAt', 'updatedAt', 'fieldTimes'];
const ORDER_FIELDS = [
  'id', 'name', 'instructions', 'voivodeships', 'area', 'targetCount', 'deadline', 'principalId', 'verificationRequired',
  'attributeIds', 'status', 'createdBy', 'createdAt', 'updatedAt', 'fieldTimes',
];
const ATTRIBUTE_FIELDS = ['id', 'label', 'labelEn', 'kind', 'required', 'hint', 'hintEn', 'choices', 'retired', 'createdBy', 'createdAt', 'updatedAt', 'fieldTimes'];
const FIELDS: Record<PushCollectionName, string[]> = { clients: CLIENT_FIELDS, orders: ORDER_FIELDS, attributes: ATTRIBUTE_FIELDS };
const UNKNOWN_FIELDS = ['extra', '_rev', '_meta', '_attachments', 'xid', 'seq', 'deleted', 'status', 'duplicateOf', ...INHERITED];

function pathArb(collection: PushCollectionName): fc.Arbitrary<readonly string[]> {
  const top = fc.constantFrom(...FIELDS[collection]).map((f) => [f]);
  const nested = [
    { weight: 3, arbitrary: fieldTimeKey.map((k) => ['fieldTimes', k]) },
    ...(collection === 'clients'
      ? [
          { weight: 3, arbitrary: customKey.map((k) => ['custom', k]) },
          { weight: 3, arbitrary: verificationKey.map((k) => ['verification', k]) },
        ]
      : []),
    ...(collection === 'attributes' ? [{ weight: 1, arbitrary: fc.constantFrom(['choices', '0', 'key'], ['choices', '0', '__proto__']) }] : []),
  ];
  return fc.oneof(
    { weight: 6, arbitrary: top },
    { weight: 2, arbitrary: fc.constantFrom(...UNKNOWN_FIELDS).map((f) => [f]) },
    ...nested,
  );
}

function editArb(collection: PushCollectionName): fc.Arbitrary<Edit> {
  return pathArb(collection).chain((path) =>
    fc.oneof(
      { weight: 5, arbitrary: semanticValue(collection, path) },
      { weight: 4, arbitrary: hostileValue },
      { weight: 1, arbitrary: fc.constant({ $delete: true }) },
    ).map((value) => ({ path, value })),
  );
}

const assumedArb: fc.Arbitrary<Assumed> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Assumed>('stored') },
  { weight: 3, arbitrary: fc.constant<Assumed>('null') },
  { weight: 1, arbitrary: fc.constantFrom<Assumed>('missing', 'stale', 'self', 'storedDeleted') },
  { weight: 1, arbitrary: hostileValue.map((garbage): Assumed => ({ garbage })) },
);

const deletedArb: fc.Arbitrary<V | 'absent'> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(false) },
  { weight: 3, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constantFrom<V>('absent', 'true', 1, 0, null, [], {}, 'false') },
);

/** Plausible edits only: valid-looking values that probe the permission rules rather than the validators. */
function cleanEditArb(collection: PushCollectionName): fc.Arbitrary<Edit> {
  const paths = collection === 'clients'
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(['city'], ['name'], ['notes'], ['nip'], ['postalCode'], ['orderId'], ['ownerId'], ['duplicateOf'], ['createdAt']) },
        { weight: 3, arbitrary: fc.constantFrom(['verification'], ['verification', 'state'], ['verification', 'verifierId'], ['verification', 'reason'], ['verification', 'notes']) },
        { weight: 2, arbitrary: fc.constantFrom(['custom'], ['custom', 'att1'], ['custom', 'att2'], ['fieldTimes', 'city']) },
      )
    : collection === 'orders'
      ? fc.constantFrom(['name'], ['status'], ['principalId'], ['createdBy'], ['attributeIds'], ['targetCount'], ['voivodeships'], ['createdAt'], ['deadline'])
      : fc.constantFrom(['label'], ['choices'], ['retired'], ['kind'], ['createdBy'], ['required'], ['createdAt']);
  return (paths as fc.Arbitrary<readonly string[]>).chain((path) => semanticValue(collection, path).map((value): Edit => ({ path, value })));
}

function rowArb(collection: PushCollectionName): fc.Arbitrary<RowSpec> {
  return fc.oneof({ weight: 5, arbitrary: cleanRowArb(collection) }, { weight: 5, arbitrary: hostileRowArb(collection) });
}

function cleanRowArb(collection: PushCollectionName): fc.Arbitrary<RowSpec> {
  return hostileRowArb(collection).chain((row) =>
    fc.record({
      base: fc.constantFrom<'stored' | 'template'>('stored', 'stored', 'template'),
      edits: fc.array(cleanEditArb(collection), { maxLength: 3 }),
      assumed: fc.constantFrom<Assumed>('stored', 'stored', 'stored', 'null'),
      deleted: fc.constantFrom<V>(false, false, false, false, true),
      owner: fc.constantFrom<IdRef>({ self: true }),
      principal: fc.constantFrom<IdRef>({ self: true }, { member: 'P' }, { member: 'P2' }),
    }).map((clean): RowSpec => ({ ...row, ...clean })),
  );
}

function hostileRowArb(collection: PushCollectionName): fc.Arbitrary<RowSpec> {
  return fc.record({
    base: fc.oneof(
      { weight: 5, arbitrary: fc.constant<'stored'>('stored') },
      { weight: 4, arbitrary: fc.constant<'template'>('template') },
      { weight: 1, arbitrary: fc.constant<'junk'>('junk') },
    ),
    junk: fc.record({ where: fc.constantFrom<'row' | 'state'>('row', 'state'), value: hostileValue }),
    id: collection === 'orders' ? orderRef : collection === 'attributes'
      ? fc.oneof(fc.constantFrom(...ATTRIBUTE_IDS).map((attribute): IdRef => ({ attribute })), idRef)
      : idRef,
    orderId: orderRef,
    owner: memberRef,
    principal: memberRef,
    edits: fc.oneof(
      { weight: 2, arbitrary: fc.constant<Edit[]>([]) },
      { weight: 6, arbitrary: fc.array(editArb(collection), { minLength: 1, maxLength: 4 }) },
    ),
    assumed: assumedArb,
    deleted: deletedArb,
  });
}

/** Mostly the caller's own kind of id: free ids and the caller as owner make creations that pass, so edits follow. */
const pushArb: fc.Arbitrary<Case> = fc
  .record({
    as: member,
    collection: fc.oneof(
      { weight: 6, arbitrary: fc.constant<PushCollectionName>('clients') },
      { weight: 3, arbitrary: fc.constant<PushCollectionName>('orders') },
      { weight: 2, arbitrary: fc.constant<PushCollectionName>('attributes') },
    ),
    size: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 2, arbitrary: fc.integer({ min: 9, max: 40 }) }),
  })
  .chain(({ as, collection, size }) =>
    fc.array(rowArb(collection), { minLength: size, maxLength: size }).map((rows): Case => ({ kind: 'push', as, collection, rows })),
  );

const checkpointArb: fc.Arbitrary<CheckpointSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<CheckpointSpec>('last') },
  { weight: 2, arbitrary: fc.constantFrom<CheckpointSpec>('null', 'first', 'otherCollection', 'absent') },
  { weight: 1, arbitrary: member.map((other): CheckpointSpec => ({ other })) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.record<Edit>({
          path: fc.constantFrom<readonly string[]>(
            ['at', 'xid'], ['at', 'seq'], ['at'], ['set'], ['sig'], ['iat'], ['v'], ['fill'], ['fill', 'at', 'xid'], ['rm'],
            ['rm', '0', 'bound', 'xid'], ['rm', '0', 'at', 'seq'], ['rm', '0', 'set'], ['__proto__'], ['extra'],
          ),
          value: fc.oneof(
            fc.constantFrom<V>(
              '0', '1', '18446744073709551615', '18446744073709551616', '-1', '1e3', 'abc', 0, -1, 2 ** 53, 1, 2, 3, '2',
              { $now: 0 }, { $now: -15 * 86_400_000 }, { $now: 86_400_000 }, { $otherSet: true }, { $otherSig: true },
              [{ set: { $otherSet: true }, bound: { xid: '999999', seq: 0 }, at: { xid: '0', seq: 0 } }],
              { set: { $otherSet: true }, at: { xid: '0', seq: 0 } },
              Array.from({ length: 40 }, () => ({ set: 'x', bound: { xid: '0', seq: 0 }, at: { xid: '0', seq: 0 } })),
            ),
            hostileValue,
          ),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .map((mutate): CheckpointSpec => ({ mutate })),
  },
  { weight: 1, arbitrary: hostileValue.map((garbage): CheckpointSpec => ({ garbage })) },
);

const pullArb: fc.Arbitrary<Case> = fc.record({
  kind: fc.constant<'pull'>('pull'),
  as: member,
  collection: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('clients', 'orders', 'attributes', 'assignments', 'users') },
    { weight: 1, arbitrary: fc.constantFrom('bogus', '__proto__', 'constructor', 'toString', '..%2Fclients', 'CLIENTS', 'clients%00') },
  ),
  checkpoint: checkpointArb,
  limit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<V>(1, 2, 3, 5, 50, 100, 1000) },
    { weight: 2, arbitrary: fc.constantFrom<V>(0, -1, 1.5, '10', 1001, 1e9, 2 ** 53, null, raw('1e400'), { $delete: true }) },
    { weight: 1, arbitrary: hostileValue },
  ),
});

const teamArb: fc.Arbitrary<Case> = fc.record({
  kind: fc.constant<'team'>('team'),
  as: fc.oneof(member, fc.constantFrom<MemberKey>('admin', 'C', 'P', 'P2', 'S', 'S2')),
  action: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom<TeamAction>('bind', 'unbind', 'unbind', 'close', 'reopen') },
    { weight: 1, arbitrary: fc.constant<TeamAction>('closeOrder') },
  ),
  order: orderRef,
  user: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<MemberKey>('A', 'B', 'S', 'S2', 'S3', 'V', 'C').map((m): IdRef => ({ member: m })) },
    { weight: 1, arbitrary: memberRef },
  ),
  body: fc.oneof({ weight: 6, arbitrary: fc.constant<'valid'>('valid') }, { weight: 1, arbitrary: hostileValue.map((garbage) => ({ garbage })) }),
  around: fc.boolean(),
});

const rawArb: fc.Arbitrary<Case> = fc.record({
  kind: fc.constant<'raw'>('raw'),
  as: member,
  path: fc.constantFrom(
    '/api/sync/clients/push', '/api/sync/orders/push', '/api/sync/attributes/push', '/api/sync/assignments/push', '/api/sync/users/push',
    '/api/sync/clients/pull', '/api/sync/users/pull', '/api/orders/o1/team', '/api/orders/x1/close', '/api/orders/o1/team/x/close',
  ),
  body: fc.oneof(
    fc.constantFrom(
      '', '{', 'null', '[]', '"rows"', '{"rows":5}', '{"rows":{}}', '{"rows":null}', '{"rows":[1,"a",null,[],{}]}',
      '{"__proto__":{"rows":[]},"rows":[]}', '{"rows":[{"newDocumentState":{"__proto__":{"id":"hf1"}}}]}',
      `{"rows":[${Array.from({ length: 501 }, () => 'null').join(',')}]}`, '{"checkpoint":null}', '{"limit":1e400}',
      '{"rows":[],"rows":[{"newDocumentState":null}]}', '\uFEFF{"rows":[]}', '{"rows":[]}\u0000', '{"userId":["x"]}', '{"confirm":"true"}',
    ),
    deepJson.map((d) => `{"rows":[${(d as { $raw: string }).$raw}]}`),
  ),
  contentType: fc.constantFrom<string | null>('application/json', 'text/plain', null, 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data'),
});

/** One hostile request (a sync: one pull per collection). */
export const caseArb: fc.Arbitrary<Case> = fc.oneof(
  { weight: 12, arbitrary: pushArb },
  { weight: 5, arbitrary: pullArb },
  { weight: 3, arbitrary: teamArb },
  { weight: 1, arbitrary: rawArb },
  { weight: 2, arbitrary: member.map((as): Case => ({ kind: 'sync', as })) },
);

/** The cases of one seeded run (the same seed gives the same cases on every machine). */
export function casesOf(seed: number, count: number): Case[] {
  return fc.sample(caseArb, { seed, numRuns: count });
}
