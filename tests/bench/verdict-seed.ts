// Seeds the verdict benchmark's server before it starts: an admin, an order with verification, its operator
// and verifiers bound, one record of the operator, and a session for each user.
import { join } from 'node:path';
import type { Order } from '../../schemas/entities/order.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import { bind } from '../../sync-server/db/assignments.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { openPglite } from '../../sync-server/db/pglite.ts';
import { pushChanges, type PushDeps } from '../../sync-server/db/push.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { generateClients } from './client-docs.ts';

const ORDER_ID = 'bench-verdicts';
// Nobody signs in with it (sessions are made in the database), so a cheap hash is enough.
const PASSWORD = 'bench-verdict-password';
const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface Seeded {
  orderId: string;
  recordId: string;
  operator: { user: PublicUser; token: string };
  verifier: { user: PublicUser; token: string };
  /** Session tokens of the verifiers whose streams make up the crowd. */
  crowd: string[];
}

/**
 * Seeds the server's own PGlite directory before it starts (PGlite is one process's): an admin, the order
 * with verification, its operator and verifiers bound, one record of the operator. Users, bindings and
 * sessions go straight into the database; the order and the record through the server's own push.
 */
export async function seedVerdictBench(dataDir: string, crowdSize: number): Promise<Seeded> {
  const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
  try {
    await migrate(db);
    const now = Date.now();
    const passwordHash = await hashPassword(PASSWORD, CHEAP_SCRYPT);
    const deps: PushDeps = { db, now: Date.now, notifier: createLocalNotifier(), logger: silentLogger };
    const admin = await insertUser(db, { login: 'bench-admin', name: 'Administrator Benchmarku', role: 'admin', passwordHash }, now);
    const operator = await insertUser(db, { login: 'bench-operator', name: 'Olga Operatorka', role: 'operator', passwordHash }, now);
    const verifier = await insertUser(db, { login: 'bench-verifier', name: 'Wiktor Weryfikator', role: 'verifier', passwordHash }, now);

    const order: Order & { _deleted: false } = {
      id: ORDER_ID, name: 'Benchmark: weryfikacja firm mięsnych', instructions: '', voivodeships: ['14'], area: '',
      targetCount: 10, deadline: '', principalId: admin.id, verificationRequired: true, attributeIds: [], status: 'open',
      createdBy: admin.id, createdAt: now, updatedAt: now, fieldTimes: {}, _deleted: false,
    };
    const orderPush = await pushChanges(deps, { user: admin, collection: 'orders', deviceId: 'bench-seeder', rows: [{ assumedMasterState: null, newDocumentState: order }] });
    if (orderPush.refused.length || orderPush.conflicts.length) throw new Error(`seeding the order: ${JSON.stringify(orderPush).slice(0, 500)}`);

    const crowd: string[] = [];
    const tokens = await db.transaction(async (tx) => {
      await bind(tx, { orderId: ORDER_ID, user: operator, role: 'operator', by: admin.id, now });
      await bind(tx, { orderId: ORDER_ID, user: verifier, role: 'verifier', by: admin.id, now });
      for (let i = 1; i <= crowdSize; i++) {
        const user = await insertUser(tx, { login: `bench-verifier-${i}`, name: `Weryfikator ${i}`, role: 'verifier', passwordHash }, now);
        await bind(tx, { orderId: ORDER_ID, user, role: 'verifier', by: admin.id, now });
        crowd.push(await createSession(tx, user.id, now));
      }
      return { operator: await createSession(tx, operator.id, now), verifier: await createSession(tx, verifier.id, now) };
    });

    const [record] = generateClients({ n: 1, orderId: ORDER_ID, ownerId: operator.id, now, idPrefix: 'verdict-' });
    const recordPush = await pushChanges(deps, {
      user: operator, collection: 'clients', deviceId: 'bench-seeder', rows: [{ assumedMasterState: null, newDocumentState: { ...record!, _deleted: false } }],
    });
    if (recordPush.refused.length || recordPush.conflicts.length) throw new Error(`seeding the record: ${JSON.stringify(recordPush).slice(0, 500)}`);
    return {
      orderId: ORDER_ID, recordId: record!.id, crowd,
      operator: { user: operator, token: tokens.operator },
      verifier: { user: verifier, token: tokens.verifier },
    };
  } finally {
    await db.close();
  }
}
