// The authorization matrix's fixture organisation: ten people, four orders, six records, built per test in one transaction.
import type { PublicUser, Role } from '../../schemas/entities/user.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { bind, closeOrder, findAssignment, setClosed, unbind } from '../../sync-server/db/assignments.ts';
import { insertDoc, type Doc } from '../../sync-server/db/store.ts';
import { TestClient } from './client.ts';
import { makeClient, makeOrder } from './fixtures.ts';
import { TEST_PASSWORD, TEST_SCRYPT, type Suite } from './harness.ts';
import { openStream as readStream, type Stream } from './stream-reader.ts';

/**
 * The people. C manages S and S3; S manages A; S2 (outside C's structure, no coordinator) manages B.
 * P is the principal of o1 and o2, P2 of x1 and x2. S3 manages nobody: the destination of moves.
 */
export const MEMBERS = {
  admin: 'admin',
  C: 'coordinator',
  S: 'supervisor',
  S2: 'supervisor',
  S3: 'supervisor',
  P: 'principal',
  P2: 'principal',
  V: 'verifier',
  A: 'operator',
  B: 'operator',
} as const satisfies Record<string, Role>;
export type MemberKey = keyof typeof MEMBERS;

const MANAGERS: Partial<Record<MemberKey, MemberKey>> = { S: 'C', S3: 'C', A: 'S', B: 'S2' };

/** o1 open and o2 closed definitively are P's; x1 open and x2 closed definitively are P2's. */
export const ORDERS = { o1: 'P', o2: 'P', x1: 'P2', x2: 'P2' } as const satisfies Record<string, MemberKey>;
export type OrderId = keyof typeof ORDERS;
export const CLOSED_ORDERS: readonly OrderId[] = ['o2', 'x2'];

/** Who is bound to which order (each in their own role). */
export const BINDINGS: Record<OrderId, readonly MemberKey[]> = {
  o1: ['S', 'V', 'A', 'B'],
  o2: ['S', 'V', 'A', 'B'],
  x1: ['B'],
  x2: ['B'],
};

/** Record id → [owner, order]. Created while every order is open; o2 and x2 are closed afterwards. */
export const RECORDS = {
  'a-o1': ['A', 'o1'],
  'b-o1': ['B', 'o1'],
  'a-o2': ['A', 'o2'],
  'b-o2': ['B', 'o2'],
  'b-x1': ['B', 'x1'],
  'b-x2': ['B', 'x2'],
} as const satisfies Record<string, readonly [MemberKey, OrderId]>;
export type RecordId = keyof typeof RECORDS;

export interface Member {
  key: MemberKey;
  user: PublicUser;
  /** With its own device id; signed in (a session cookie) when the member was asked for in `buildOrg`. */
  client: TestClient;
}

export interface Org {
  members: Record<MemberKey, Member>;
  id(key: MemberKey): string;
  /** The stored document with `_deleted`, read from the database (null when there is none). */
  stored(collection: 'clients' | 'orders' | 'comments', id: string): Promise<Doc | null>;
  /** The stored binding of a user to an order (null when never bound). */
  binding(orderId: string, key: MemberKey): Promise<{ closed: boolean; deleted: boolean } | null>;
  /** Closes the order for every operator bound to it, the way a supervisor's per-operator close does. */
  closeForOperators(orderIds: readonly OrderId[]): Promise<void>;
  /** Removes a binding (before a bind cell, so the bind has something to do). */
  unbind(orderId: OrderId, key: MemberKey): Promise<void>;
  /** Closes one binding (before a reopen cell). */
  closeFor(orderId: OrderId, key: MemberKey): Promise<void>;
  /**
   * Waits until every row written so far lies below the pull horizon [S1]: on PostgreSQL a pull
   * reads only below the oldest transaction still running anywhere in the cluster, so another
   * process's transaction that began before ours committed briefly hides our rows.
   */
  settled(): Promise<void>;
}

let passwordHash: Promise<string> | undefined;

/**
 * Builds the organisation on the suite's (freshly reset) database in one transaction, with the
 * server's own storage functions; `signedIn` members get a session. o2 and x2 are closed
 * definitively (the cascade included) after their records exist. Nothing is published: a stream
 * opened afterwards hears only what the test does.
 */
export async function buildOrg(s: Suite, signedIn: readonly MemberKey[]): Promise<Org> {
  passwordHash ??= hashPassword(TEST_PASSWORD, TEST_SCRYPT);
  const hash = await passwordHash;
  const now = s.clock.now;
  const members = {} as Record<MemberKey, Member>;
  await s.db.transaction(async (tx) => {
    const keys = Object.keys(MEMBERS) as MemberKey[];
    // Managers first: a user's manager exists before them.
    const ordered = [...keys].sort((a, b) => depth(a) - depth(b));
    for (const key of ordered) {
      const manager = MANAGERS[key];
      const user = await insertUser(tx, {
        login: `m-${key.toLowerCase()}`,
        name: `Member ${key}`,
        role: MEMBERS[key],
        passwordHash: hash,
        managerId: manager ? members[manager]!.user.id : '',
      }, now);
      const client = new TestClient(s.app, `device-${key}`);
      if (signedIn.includes(key)) client.cookie = `kartoteka_session=${await createSession(tx, user.id, now)}`;
      members[key] = { key, user, client };
    }
    const id = (key: MemberKey) => members[key].user.id;
    // One custom attribute, defined by principal P2: definitions are visible to everyone [S3].
    await insertDoc(tx, 'attributes', {
      id: 'att1', label: 'Kontakt do działu zakupów', labelEn: '', kind: 'text', required: false, hint: '', hintEn: '',
      choices: [], retired: false, createdBy: id('P2'), createdAt: now, updatedAt: now, fieldTimes: {},
    }, false);
    for (const [orderId, principal] of Object.entries(ORDERS) as [OrderId, MemberKey][]) {
      await insertDoc(tx, 'orders', makeOrder({ id: orderId, createdBy: id('admin'), principalId: id(principal), now }), false);
      for (const key of BINDINGS[orderId]) {
        const role = MEMBERS[key] as 'operator' | 'supervisor' | 'verifier';
        await bind(tx, { orderId, user: { id: id(key), name: members[key].user.name }, role, by: id('admin'), now });
      }
    }
    for (const [recordId, [owner, orderId]] of Object.entries(RECORDS)) {
      await insertDoc(tx, 'clients', makeClient({ id: recordId, orderId, ownerId: id(owner), now }), false);
    }
    for (const orderId of CLOSED_ORDERS) {
      const order = makeOrder({ id: orderId, createdBy: id('admin'), principalId: id(ORDERS[orderId]), now }) as unknown as Order;
      await closeOrder(tx, order, { collection: 'orders', docId: orderId, userId: id('admin'), deviceId: '', at: now });
    }
  });
  const id = (key: MemberKey) => members[key].user.id;
  return {
    members,
    id,
    async stored(collection, docId) {
      const result = await s.db.query<{ doc: Doc; deleted: boolean }>(`SELECT doc, deleted FROM ${collection} WHERE id = $1`, [docId]);
      const row = result.rows[0];
      return row ? { ...row.doc, _deleted: row.deleted } : null;
    },
    async binding(orderId, key) {
      const result = await s.db.query<{ closed: boolean; deleted: boolean }>(
        'SELECT closed, deleted FROM assignments WHERE order_id = $1 AND user_id = $2',
        [orderId, id(key)],
      );
      return result.rows[0] ?? null;
    },
    async closeForOperators(orderIds) {
      await s.db.transaction(async (tx) => {
        for (const orderId of orderIds) {
          for (const key of BINDINGS[orderId].filter((k) => MEMBERS[k] === 'operator')) {
            const stored = await findAssignment(tx, orderId, id(key));
            const supervisor = key === 'A' ? 'S' : 'S2';
            if (stored && !stored.deleted) await setClosed(tx, stored.doc, true, id(supervisor), now);
          }
        }
      });
    },
    async unbind(orderId, key) {
      await s.db.transaction((tx) => unbind(tx, orderId, id(key), now).then(() => undefined));
    },
    async settled() {
      for (const deadline = Date.now() + 10_000; ; ) {
        const result = await s.db.query<{ below: boolean | null }>(
          `SELECT bool_and(xid < pg_snapshot_xmin(pg_current_snapshot())) AS below FROM (
             SELECT xid FROM users UNION ALL SELECT xid FROM orders UNION ALL SELECT xid FROM clients UNION ALL SELECT xid FROM assignments
             UNION ALL SELECT xid FROM comments
           ) AS written`,
        );
        if (result.rows[0]?.below !== false) return;
        if (Date.now() > deadline) throw new Error('the rows stayed above the pull horizon for 10 s: a transaction is running elsewhere');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async closeFor(orderId, key) {
      await s.db.transaction(async (tx) => {
        const stored = await findAssignment(tx, orderId, id(key));
        if (!stored || stored.deleted) throw new Error(`${key} is not bound to ${orderId}`);
        await setClosed(tx, stored.doc, true, id('admin'), now);
      });
    },
  };
}

function depth(key: MemberKey): number {
  let n = 0;
  for (let k: MemberKey | undefined = key; k && MANAGERS[k]; k = MANAGERS[k]) n++;
  return n;
}


/** The matrix's stream of one member's device. */
export const openStream = (client: TestClient): Promise<Stream> => readStream(client, client.app, 'matrix');
