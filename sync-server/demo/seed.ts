// Fills a fresh database with an example organisation: one user per role in one structure, two orders
// with their team bound, ~300 companies [README "Demo"].
import type { Client } from '../../schemas/entities/client.ts';
import { ROLES, type PublicUser, type Role } from '../../schemas/entities/user.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import { hashPassword, type ScryptParams } from '../auth/password.ts';
import { assignmentRoleOf } from '../../schemas/rules/administration.ts';
import { applyVerdict, type VerdictInput } from '../../schemas/rules/edit.ts';
import { countUsers, insertUser } from '../auth/users.ts';
import { bind } from '../db/assignments.ts';
import type { Database } from '../db/database.ts';
import { createLocalNotifier, type Notifier } from '../db/notifier.ts';
import { pushChanges, type PushDeps } from '../db/push.ts';
import type { Doc } from '../db/store.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { company, generator } from './companies.ts';
import { MAZOWIECKIE, POMORSKIE } from './places.ts';

/** The one demo password, documented in the README; every demo account uses it. */
export const DEMO_PASSWORD = 'kartoteka-demo';

/** In structure order: a user's manager (by role) comes before them. */
export const DEMO_USERS: readonly { login: string; name: string; role: Role }[] = [
  { login: 'admin', name: 'Aleksandra Administratorska', role: 'admin' },
  { login: 'koordynator', name: 'Konrad Koordynator', role: 'coordinator' },
  { login: 'opiekun', name: 'Olga Opiekuńska', role: 'supervisor' },
  { login: 'zleceniodawca', name: 'Zenon Zleceniodawca', role: 'principal' },
  { login: 'operator', name: 'Oskar Operator', role: 'operator' },
  { login: 'weryfikator', name: 'Weronika Weryfikator', role: 'verifier' },
];

export interface SeedOptions {
  now?: () => number;
  passwordParams?: ScryptParams;
  /** How many companies (default 300), split between the two orders. */
  companies?: number;
  seed?: number;
  /** Where push notifications go (a running server's fan-out on PostgreSQL). */
  notifier?: Notifier;
  logger?: Logger;
  /** Empty every table first instead of refusing a database that has users. */
  force?: boolean;
}

export interface SeedResult {
  users: PublicUser[];
  orders: number;
  clients: number;
}

export class DemoRefused extends Error {}

const TABLES = 'users, sessions, orders, clients, assignments, attributes, audit, refused_changes';
/** The structure: the operator belongs to the supervisor, the supervisor to the coordinator. */
const MANAGER: Partial<Record<Role, Role>> = { operator: 'supervisor', supervisor: 'coordinator' };
/** Who works on both demo orders. */
const TEAM: readonly Role[] = ['supervisor', 'operator', 'verifier'];

/** Pushes rows as `user` through the server's own push, and insists that every one was accepted. */
async function pushAs(deps: PushDeps, user: PublicUser, collection: 'orders' | 'clients', rows: PushRow<Doc>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const result = await pushChanges(deps, { user, collection, deviceId: 'demo-loader', rows: rows.slice(i, i + 100) });
    if (result.refused.length || result.conflicts.length) {
      throw new Error(`demo ${collection} refused by the server's own checks: ${JSON.stringify(result.refused.slice(0, 3))}`);
    }
  }
}

export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  if ((await countUsers(db)) > 0) {
    if (!options.force) throw new DemoRefused('the database already has users');
    logger.warn('demo: emptying every table (--force)');
    await db.exec(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
  }
  const users = new Map<Role, PublicUser>();
  for (const demo of DEMO_USERS) {
    const passwordHash = await hashPassword(DEMO_PASSWORD, options.passwordParams);
    const manager = MANAGER[demo.role];
    users.set(demo.role, await insertUser(db, { ...demo, passwordHash, managerId: manager ? users.get(manager)!.id : '' }, now()));
  }
  const who = (role: Role) => users.get(role)!;
  const deps: PushDeps = { db, now, logger, notifier: options.notifier ?? createLocalNotifier() };

  const t = now();
  const order = (id: string, name: string, voivodeship: string, area: string) => ({
    id, name, area, voivodeships: [voivodeship], targetCount: 200, deadline: '2027-03-31',
    instructions: 'Zbierz dane zakładów mięsnych: ubojni, masarni i przetwórni. Sprawdź NIP i REGON w rejestrze.',
    principalId: who('principal').id, verificationRequired: true, attributeIds: [], status: 'open',
    createdBy: who('coordinator').id, createdAt: t, updatedAt: t, fieldTimes: {}, _deleted: false,
  });
  const orders = [
    order('demo-mazowieckie', 'Firmy mięsne mazowieckie', '14', 'Cała Mazowsze, szczególnie powiaty wschodnie'),
    order('demo-pomorskie', 'Firmy mięsne pomorskie', '22', 'Trójmiasto, Kaszuby i Powiśle'),
  ];
  await pushAs(deps, who('coordinator'), 'orders', orders.map((o) => ({ assumedMasterState: null, newDocumentState: o })));
  await db.transaction(async (tx) => {
    for (const o of orders) {
      for (const role of TEAM) {
        const user = who(role);
        await bind(tx, { orderId: o.id, user, role: assignmentRoleOf(role)!, by: who('coordinator').id, now: now() });
      }
    }
  });

  const g = generator(options.seed ?? 2026);
  const total = options.companies ?? 300;
  const clients = Array.from({ length: total }, (_, i) => {
    const east = i % 2 === 0;
    return company(g, {
      id: `demo-${String(i + 1).padStart(4, '0')}`,
      orderId: east ? 'demo-mazowieckie' : 'demo-pomorskie',
      ownerId: who('operator').id,
      voivodeship: east ? '14' : '22',
      towns: east ? MAZOWIECKIE : POMORSKIE,
      now: now(),
    });
  });
  await pushAs(deps, who('operator'), 'clients', clients.map((c) => ({ assumedMasterState: null, newDocumentState: { ...c, _deleted: false } })));

  // A few verified records, so the verification views have something to show: the verifier's
  // decisions (one value each [M11]; a rejection with a note on the phone), pushed as the verifier bound to both orders.
  const at = now();
  const verified = clients.slice(0, 12).map((c, i) => {
    const master = { ...c, _deleted: false };
    const verdict: VerdictInput = i % 4 === 3
      ? { state: 'rejected', reason: 'Dane kontaktowe się nie zgadzają', notes: { landlinePhone: 'Numer telefonu nie odpowiada – sprawdź w CEIDG' } }
      : { state: 'approved', reason: '', notes: {} };
    const next = { ...applyVerdict(c as Client, verdict, who('verifier').id, at), _deleted: false };
    return { assumedMasterState: master, newDocumentState: next };
  });
  await pushAs(deps, who('verifier'), 'clients', verified);

  return { users: ROLES.map((role) => who(role)), orders: orders.length, clients: clients.length };
}
