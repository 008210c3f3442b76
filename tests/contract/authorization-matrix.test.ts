// Contract: the authorization matrix — every role × action × own/foreign × order state is one server-side test [P1–P6, S3, S5, S6, S11, S13].
//
// The expected outcome of every cell is written out below from DESIGN.md ("Roles and what the server
// enforces", "Replication protocol") and schemas/SPEC.md; nothing is computed with the rule functions
// the server uses. Each cell builds the same organisation (tests/contract/org.ts) on a fresh database:
//
//   admin · coordinator C (manages S and S3) · supervisor S (manages operator A) · supervisor S2
//   (manages operator B, outside C's structure) · spare supervisor S3 · principal P (o1, o2) ·
//   principal P2 (x1, x2) · verifier V · operators A and B.
//   o1 open, o2 closed definitively (after its records were entered); bound: S, V, A, B.
//   x1 open, x2 closed definitively, P2's; bound: B only.
//   Records: a-o1, a-o2 (A's), b-o1, b-o2 (B's), b-x1, b-x2 (B's in P2's orders).
//
// A row is played by: admin → admin, coordinator → C, supervisor → S, principal → P, operator → A,
// verifier → V. Ownership, from the row's point of view:
//   own record            A's record (the operator's own; the supervisor's operator's; in the
//                         principal's order; in the order bound to the verifier)
//   foreign record        B's record in the same order
//   record in a foreign order   B's record in P2's order, where none of S, A, V is bound
// Order state: open (o1/x1) · closed for operators (o1/x1 with every operator binding closed, the
// order itself open) · closed (o2/x2, closed definitively).
import { afterAll, expect, it } from 'vitest';
import { attributeSchema } from '../../schemas/entities/attribute.ts';
import { assignmentSchema } from '../../schemas/entities/assignment.ts';
import { clientSchema } from '../../schemas/entities/client.ts';
import { commentSchema } from '../../schemas/entities/comment.ts';
import { directoryUserSchema } from '../../schemas/entities/directory-user.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import type { PushResponse, PushRow, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, deleted, edited, makeClient, makeComment } from './fixtures.ts';
import { contractSuite, type Suite } from './harness.ts';
import { insertDoc } from '../../sync-server/db/store.ts';
import { MEMBERS, RECORDS, buildOrg, openStream, type MemberKey, type Org, type OrderId, type RecordId } from './org.ts';

type RoleName = 'admin' | 'coordinator' | 'supervisor' | 'principal' | 'operator' | 'verifier';
const ROLES: readonly RoleName[] = ['admin', 'coordinator', 'supervisor', 'principal', 'operator', 'verifier'];
/** The member of the organisation who plays each row. */
const PLAYER: Record<RoleName, MemberKey> = { admin: 'admin', coordinator: 'C', supervisor: 'S', principal: 'P', operator: 'A', verifier: 'V' };

type RecordOwnership = 'own' | 'foreign' | 'foreignOrder';
const RECORD_OWNERSHIPS: readonly RecordOwnership[] = ['own', 'foreign', 'foreignOrder'];
const RECORD_OWNERSHIP_LABEL: Record<RecordOwnership, string> = {
  own: 'own record',
  foreign: 'foreign record',
  foreignOrder: 'record in a foreign order',
};

type State = 'open' | 'closedForOperators' | 'closed';
const STATE_LABEL: Record<State, string> = {
  open: 'open order',
  closedForOperators: 'order closed for operators',
  closed: 'closed order',
};

/** The record a cell works on. */
const RECORD: Record<RecordOwnership, Record<State, RecordId>> = {
  own: { open: 'a-o1', closedForOperators: 'a-o1', closed: 'a-o2' },
  foreign: { open: 'b-o1', closedForOperators: 'b-o1', closed: 'b-o2' },
  foreignOrder: { open: 'b-x1', closedForOperators: 'b-x1', closed: 'b-x2' },
};
/** The orders of each ownership, open and closed. */
const OWN_ORDER: Record<'open' | 'closed', OrderId> = { open: 'o1', closed: 'o2' };
const FOREIGN_ORDER: Record<'open' | 'closed', OrderId> = { open: 'x1', closed: 'x2' };

/** Before a `closedForOperators` cell: every operator binding of o1 and x1 is closed. */
const prepareState = (org: Org, state: State) => (state === 'closedForOperators' ? org.closeForOperators(['o1', 'x1']) : Promise.resolve());

// ---- expected outcomes ---------------------------------------------------------------------

/**
 * What a pushed row gets:
 * - allowed: acknowledged (no conflict, nothing refused) and stored;
 * - stored copy: a conflict answered with the stored document, which the user may read [S5];
 * - FORBIDDEN …: refused and logged; the stored copy comes back when there is one [S6, S8];
 * - ORDER_CLOSED: refused, nothing changes in a definitively closed order [P4];
 * - OUT_OF_SCOPE: answered as for a free id [S18]: refused as a create of that document would be, with
 *   no conflict document at all (push-edges.test.ts compares it with a missing id's whole answer).
 */
type PushOutcome =
  | 'allowed'
  | 'stored copy'
  | 'FORBIDDEN'
  | 'FORBIDDEN permission.role'
  | 'FORBIDDEN permission.owner'
  | 'FORBIDDEN permission.notBound'
  | 'FORBIDDEN verdict.state'
  | 'FORBIDDEN verdict.reasonRequired'
  | 'FORBIDDEN comment.appendOnly'
  | 'ORDER_CLOSED'
  | 'OUT_OF_SCOPE';
const OK = 'allowed';
const COPY = 'stored copy';
const F = 'FORBIDDEN';
const F_ROLE = 'FORBIDDEN permission.role';
const F_OWNER = 'FORBIDDEN permission.owner';
const F_UNBOUND = 'FORBIDDEN permission.notBound';
/** A verifier's (or administrator's) verdict that breaks the verdict rules [P3, V8]. */
const F_STATE = 'FORBIDDEN verdict.state';
const F_REASON = 'FORBIDDEN verdict.reasonRequired';
/** [C1] A stored comment never changes. */
const F_APPEND = 'FORBIDDEN comment.appendOnly';
const OC = 'ORDER_CLOSED';
const OOS = 'OUT_OF_SCOPE';

/** [open, closed for operators, closed] */
type ByState = readonly [PushOutcome, PushOutcome, PushOutcome];
type RecordTable = Readonly<Record<RoleName, Readonly<Record<RecordOwnership, ByState>>>>;
const STATES: readonly State[] = ['open', 'closedForOperators', 'closed'];

/**
 * Entering a record with ownerId = the pushing user (own: in o1/o2; foreign order: in x1/x2), or
 * with ownerId = B (foreign). "enters and edits records": operators own, in orders open for them;
 * supervisors own (in orders they supervise) and their operators'; administrators yes (imports); the
 * others –. Nothing is entered into a closed order.
 */
const CREATE: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [F_ROLE, F_ROLE, OC], foreign: [F_ROLE, F_ROLE, OC], foreignOrder: [F_ROLE, F_ROLE, OC] },
  // [P8][S18] a closed order one does not see answers as any order one does not work on
  supervisor: /*   */ { own: [OK, OK, OC], foreign: [F_OWNER, F_OWNER, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
  principal: /*    */ { own: [F_ROLE, F_ROLE, OC], foreign: [F_ROLE, F_ROLE, OC], foreignOrder: [F_ROLE, F_ROLE, F_ROLE] },
  operator: /*     */ { own: [OK, F_UNBOUND, OC], foreign: [F_OWNER, F_OWNER, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
  verifier: /*     */ { own: [F_ROLE, F_ROLE, OC], foreign: [F_ROLE, F_ROLE, OC], foreignOrder: [F_ROLE, F_ROLE, F_ROLE] },
};

/**
 * Editing a data field, and deleting: "enters and edits records" as above. A record the user cannot
 * read is out of scope whatever the order's state; one they read but may not write is FORBIDDEN, or
 * ORDER_CLOSED in a closed order.
 */
const EDIT: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [OK, OK, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [OK, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
};
const DELETE: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [OK, OK, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [OK, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
};

/**
 * "sets verification": verifiers in bound orders, administrators [P3]; a verdict (approve, or reject
 * with a reason and notes) is one value [M11]. An unbound verifier cannot read the record (foreign order).
 */
const VERIFY: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OOS, OOS, OOS] },
};
/** A rejection needs a reason, from whoever may judge [V8]; the others are refused the verdict itself. */
const REJECT_WITHOUT_REASON: RecordTable = {
  ...VERIFY,
  admin: /*        */ { own: [F_REASON, F_REASON, OC], foreign: [F_REASON, F_REASON, OC], foreignOrder: [F_REASON, F_REASON, OC] },
  verifier: /*     */ { own: [F_REASON, F_REASON, OC], foreign: [F_REASON, F_REASON, OC], foreignOrder: [OOS, OOS, OOS] },
};
/** A verdict is given in one's own name: in another verifier's name it is refused, to the administrator too [P3]. */
const VERIFY_AS_ANOTHER: RecordTable = {
  ...VERIFY,
  admin: /*        */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  verifier: /*     */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
};
/**
 * The correction of a rejected record: a data edit (city) with the stored verdict, whole, moved to
 * `corrected` — by whoever edits the record's data [P3]. A verifier cannot write the data (the
 * refusal names the city), nor the correction.
 */
const CORRECT: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [OK, OK, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [OK, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
};
/**
 * A "correction" that changes the verdict too (a reworded reason): no correction at all. Refused to the
 * owner as a verdict they may not give; to those who judge, `corrected` is no verdict [P3, M11].
 */
const CORRECT_REWORDED: RecordTable = {
  admin: /*        */ { own: [F_STATE, F_STATE, OC], foreign: [F_STATE, F_STATE, OC], foreignOrder: [F_STATE, F_STATE, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F_STATE, F_STATE, OC], foreign: [F_STATE, F_STATE, OC], foreignOrder: [OOS, OOS, OOS] },
};

/**
 * Writing a comment on the record, in one's own name ("comments on a record": operators on their own
 * records, in orders open for them; everyone else on the records they read) [C2]. A record one cannot
 * read is answered like an order one does not work on; a closed order takes no comment [P4], except
 * that one who does not see the order learns nothing of it [S18].
 */
const COMMENT: RecordTable = {
  admin: /*        */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  coordinator: /*  */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [OK, OK, OC] },
  supervisor: /*   */ { own: [OK, OK, OC], foreign: [F_UNBOUND, F_UNBOUND, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
  principal: /*    */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
  operator: /*     */ { own: [OK, F_UNBOUND, OC], foreign: [F_UNBOUND, F_UNBOUND, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
  verifier: /*     */ { own: [OK, OK, OC], foreign: [OK, OK, OC], foreignOrder: [F_UNBOUND, F_UNBOUND, F_UNBOUND] },
};
/**
 * Editing or deleting a stored comment (the record owner's): never, by anyone who reads it — refused
 * with the stored copy [C1, S8]; nothing changes in a closed order [P4]; out of scope as for a free id [S18].
 */
const COMMENT_CHANGE: RecordTable = {
  admin: /*        */ { own: [F_APPEND, F_APPEND, OC], foreign: [F_APPEND, F_APPEND, OC], foreignOrder: [F_APPEND, F_APPEND, OC] },
  coordinator: /*  */ { own: [F_APPEND, F_APPEND, OC], foreign: [F_APPEND, F_APPEND, OC], foreignOrder: [F_APPEND, F_APPEND, OC] },
  supervisor: /*   */ { own: [F_APPEND, F_APPEND, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F_APPEND, F_APPEND, OC], foreign: [F_APPEND, F_APPEND, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [F_APPEND, F_APPEND, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F_APPEND, F_APPEND, OC], foreign: [F_APPEND, F_APPEND, OC], foreignOrder: [OOS, OOS, OOS] },
};

/**
 * `duplicateOf` is server-owned [P1]: a row changing only it is refused like a forbidden field and
 * the stored copy comes back, so the device takes the server's value again [S6]; out of scope stays out of scope.
 */
const SERVER_OWNED: RecordTable = {
  admin: /*        */ { own: [F, F, F], foreign: [F, F, F], foreignOrder: [F, F, F] },
  coordinator: /*  */ { own: [F, F, F], foreign: [F, F, F], foreignOrder: [F, F, F] },
  supervisor: /*   */ { own: [F, F, F], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, F], foreign: [F, F, F], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [F, F, F], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F, F, F], foreign: [F, F, F], foreignOrder: [OOS, OOS, OOS] },
};

/** `ownerId` and `orderId` are fixed at creation, for the administrator too [P2]. */
const FIXED: RecordTable = {
  admin: /*        */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  coordinator: /*  */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [F, F, OC] },
  supervisor: /*   */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [F, F, OC], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [F, F, OC], foreign: [F, F, OC], foreignOrder: [OOS, OOS, OOS] },
};

/**
 * A push whose assumed state is stale: the stored copy comes back to whoever may read it (the
 * device merges) [S5]; to anyone else a tombstone without data ("conflict responses go through
 * the same read check") [S6].
 */
const STALE: RecordTable = {
  admin: /*        */ { own: [COPY, COPY, COPY], foreign: [COPY, COPY, COPY], foreignOrder: [COPY, COPY, COPY] },
  coordinator: /*  */ { own: [COPY, COPY, COPY], foreign: [COPY, COPY, COPY], foreignOrder: [COPY, COPY, COPY] },
  supervisor: /*   */ { own: [COPY, COPY, COPY], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  principal: /*    */ { own: [COPY, COPY, COPY], foreign: [COPY, COPY, COPY], foreignOrder: [OOS, OOS, OOS] },
  operator: /*     */ { own: [COPY, COPY, COPY], foreign: [OOS, OOS, OOS], foreignOrder: [OOS, OOS, OOS] },
  verifier: /*     */ { own: [COPY, COPY, COPY], foreign: [COPY, COPY, COPY], foreignOrder: [OOS, OOS, OOS] },
};

type OrderOwnership = 'ownOrder' | 'foreignOrder';
const ORDER_OWNERSHIPS: readonly OrderOwnership[] = ['ownOrder', 'foreignOrder'];
const ORDER_OWNERSHIP_LABEL: Record<OrderOwnership, string> = { ownOrder: 'own order (o1/o2)', foreignOrder: 'foreign order (x1/x2)' };
const ORDER_OF: Record<OrderOwnership, Record<'open' | 'closed', OrderId>> = { ownOrder: OWN_ORDER, foreignOrder: FOREIGN_ORDER };
/** [open, closed] */
type OrderTable<O> = Readonly<Record<RoleName, Readonly<Record<OrderOwnership, readonly [O, O]>>>>;

/** An order's fields: coordinators and administrators every order, principals their own (P is o1/o2's) [P4 when closed]. */
const ORDER_FIELD: OrderTable<PushOutcome> = {
  admin: /*        */ { ownOrder: [OK, OC], foreignOrder: [OK, OC] },
  coordinator: /*  */ { ownOrder: [OK, OC], foreignOrder: [OK, OC] },
  supervisor: /*   */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
  principal: /*    */ { ownOrder: [OK, OC], foreignOrder: [OOS, OOS] },
  operator: /*     */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
  verifier: /*     */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
};
/** Giving an order to another principal (reassigning it): coordinators and administrators; a principal keeps their own [P6]. */
const ORDER_PRINCIPAL: OrderTable<PushOutcome> = {
  admin: /*        */ { ownOrder: [OK, OC], foreignOrder: [OK, OC] },
  coordinator: /*  */ { ownOrder: [OK, OC], foreignOrder: [OK, OC] },
  supervisor: /*   */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
  principal: /*    */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
  operator: /*     */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
  verifier: /*     */ { ownOrder: [F, OC], foreignOrder: [OOS, OOS] },
};
/** An order's `status` is server-owned: it changes only through the close endpoint; a push of it alone is refused [P1, P4, S6]. */
const ORDER_STATUS: OrderTable<PushOutcome> = {
  admin: /*        */ { ownOrder: [F, F], foreignOrder: [F, F] },
  coordinator: /*  */ { ownOrder: [F, F], foreignOrder: [F, F] },
  supervisor: /*   */ { ownOrder: [F, F], foreignOrder: [OOS, OOS] },
  principal: /*    */ { ownOrder: [F, F], foreignOrder: [OOS, OOS] },
  operator: /*     */ { ownOrder: [F, F], foreignOrder: [OOS, OOS] },
  verifier: /*     */ { ownOrder: [F, F], foreignOrder: [OOS, OOS] },
};

/** `assignments` and `users` replicate pull-only: only the server's own endpoints write them [S13]. */
const PULL_ONLY_PUSH: Readonly<Record<RoleName, Readonly<Record<'assignments' | 'users', 'FORBIDDEN'>>>> = {
  admin: /*        */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
  coordinator: /*  */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
  supervisor: /*   */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
  principal: /*    */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
  operator: /*     */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
  verifier: /*     */ { assignments: 'FORBIDDEN', users: 'FORBIDDEN' },
};

/** Online administration calls: allowed (2xx) or refused with the API's error code. */
type ApiOutcome = 'allowed' | 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION' | 'NOT_FOUND order' | 'NOT_FOUND user';
const YES = 'allowed';
const NO = 'FORBIDDEN';
const CLOSED = 'CONFLICT';
const INVALID = 'VALIDATION';
/** [S31] An order the caller cannot read, or a user they could not name, is answered like a missing one. */
const NO_ORDER = 'NOT_FOUND order';
const NO_USER = 'NOT_FOUND user';
const API_STATUS: Record<Exclude<ApiOutcome, 'allowed'>, number> = {
  FORBIDDEN: 403, CONFLICT: 409, VALIDATION: 422, [NO_ORDER]: 404, [NO_USER]: 404,
};

/** Team targets: own = A in o1/o2; foreign = B in o1/o2; in a foreign order = B in x1/x2. */
const TEAM_OWNERSHIP_LABEL: Record<RecordOwnership, string> = {
  own: 'own operator A',
  foreign: 'foreign operator B',
  foreignOrder: 'operator B in a foreign order',
};
const TEAM_TARGET: Record<RecordOwnership, { member: MemberKey; orders: Record<'open' | 'closed', OrderId> }> = {
  own: { member: 'A', orders: OWN_ORDER },
  foreign: { member: 'B', orders: OWN_ORDER },
  foreignOrder: { member: 'B', orders: FOREIGN_ORDER },
};
type TeamTable = Readonly<Record<RoleName, Readonly<Record<RecordOwnership, readonly [ApiOutcome, ApiOutcome]>>>>;

/**
 * Binding and unbinding: administrators and coordinators anyone; principals anyone to their own
 * orders; supervisors their own operators to orders they supervise. Never in a closed order [P4, P6].
 * An order the caller cannot read (x1/x2 for everyone bound to o1/o2) and a user they may not name
 * (anyone but themselves, or a supervisor's own operators) are answered like missing ones [S31].
 */
const BIND: TeamTable = {
  admin: /*        */ { own: [YES, CLOSED], foreign: [YES, CLOSED], foreignOrder: [YES, CLOSED] },
  coordinator: /*  */ { own: [YES, CLOSED], foreign: [YES, CLOSED], foreignOrder: [YES, CLOSED] },
  supervisor: /*   */ { own: [YES, CLOSED], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
  principal: /*    */ { own: [YES, CLOSED], foreign: [YES, CLOSED], foreignOrder: [NO_ORDER, NO_ORDER] },
  operator: /*     */ { own: [NO_ORDER, CLOSED], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
  verifier: /*     */ { own: [NO_USER, NO_USER], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
};
const UNBIND: TeamTable = {
  ...BIND,
  // Unbinding finds A still bound to o1 (binding first unbinds them, and A then no longer sees o1).
  operator: /*     */ { own: [NO, CLOSED], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
};
/** "closes an order for operators": their supervisor (in orders they supervise), coordinators, administrators [P6]. */
const CLOSE_FOR_OPERATOR: TeamTable = {
  admin: /*        */ { own: [YES, CLOSED], foreign: [YES, CLOSED], foreignOrder: [YES, CLOSED] },
  coordinator: /*  */ { own: [YES, CLOSED], foreign: [YES, CLOSED], foreignOrder: [YES, CLOSED] },
  supervisor: /*   */ { own: [YES, CLOSED], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
  principal: /*    */ { own: [NO, CLOSED], foreign: [NO, CLOSED], foreignOrder: [NO_ORDER, NO_ORDER] },
  operator: /*     */ { own: [NO, CLOSED], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
  verifier: /*     */ { own: [NO_USER, NO_USER], foreign: [NO_USER, NO_USER], foreignOrder: [NO_ORDER, NO_ORDER] },
};
const REOPEN_FOR_OPERATOR: TeamTable = CLOSE_FOR_OPERATOR;
/**
 * "closes an order definitively": coordinators, administrators, the order's principal [P6]; closing a
 * closed order again answers the same and writes nothing [S32]; others hear it is closed [P4].
 */
const CLOSE_ORDER: OrderTable<ApiOutcome> = {
  admin: /*        */ { ownOrder: [YES, YES], foreignOrder: [YES, YES] },
  coordinator: /*  */ { ownOrder: [YES, YES], foreignOrder: [YES, YES] },
  supervisor: /*   */ { ownOrder: [NO, CLOSED], foreignOrder: [NO_ORDER, NO_ORDER] },
  principal: /*    */ { ownOrder: [YES, YES], foreignOrder: [NO_ORDER, NO_ORDER] },
  operator: /*     */ { ownOrder: [NO, CLOSED], foreignOrder: [NO_ORDER, NO_ORDER] },
  verifier: /*     */ { ownOrder: [NO, CLOSED], foreignOrder: [NO_ORDER, NO_ORDER] },
};

/** User administration targets: in C's structure (A, under S) or outside it (B, under S2). */
type UserOwnership = 'inStructure' | 'outsideStructure';
const USER_OWNERSHIPS: readonly UserOwnership[] = ['inStructure', 'outsideStructure'];
type UserTable = Readonly<Record<RoleName, Readonly<Record<UserOwnership, ApiOutcome>>>>;
/**
 * "manages users and the structure": administrators everyone; coordinators their supervisors and
 * those supervisors' operators; nobody else [P6]. A coordinator placing a new user under someone
 * else's supervisor is a value to fix (manager.notYours), not a missing right.
 */
const CREATE_USER: UserTable = {
  admin: /*        */ { inStructure: YES, outsideStructure: YES },
  coordinator: /*  */ { inStructure: YES, outsideStructure: INVALID },
  supervisor: /*   */ { inStructure: NO, outsideStructure: NO },
  principal: /*    */ { inStructure: NO, outsideStructure: NO },
  operator: /*     */ { inStructure: NO, outsideStructure: NO },
  verifier: /*     */ { inStructure: NO, outsideStructure: NO },
};
/** Editing, moving to another supervisor, deactivating and resetting the password of A or B. */
const MANAGE_USER: UserTable = {
  admin: /*        */ { inStructure: YES, outsideStructure: YES },
  coordinator: /*  */ { inStructure: YES, outsideStructure: NO },
  supervisor: /*   */ { inStructure: NO, outsideStructure: NO },
  principal: /*    */ { inStructure: NO, outsideStructure: NO },
  operator: /*     */ { inStructure: NO, outsideStructure: NO },
  verifier: /*     */ { inStructure: NO, outsideStructure: NO },
};
/** The administration list (GET /api/users): administrators and coordinators. */
const LIST_USERS: Readonly<Record<RoleName, ApiOutcome>> = {
  admin: YES, coordinator: YES, supervisor: NO, principal: NO, operator: NO, verifier: NO,
};
/** Whom the list marks `manageable` for the caller: the administrator everyone, the coordinator their supervisors and their operators. */
const MANAGEABLE: Readonly<Partial<Record<RoleName, readonly MemberKey[]>>> = {
  admin: ['admin', 'C', 'S', 'S2', 'S3', 'P', 'P2', 'V', 'A', 'B'],
  coordinator: ['S', 'S3', 'A'],
};

/** Exactly what each row pulls from the organisation, per collection ("sees orders / client records"; S3, S13). */
interface PullExpectation {
  users: readonly MemberKey[];
  orders: readonly OrderId[];
  clients: readonly RecordId[];
  /** Bindings as [order, member]. */
  assignments: readonly (readonly [OrderId, MemberKey])[];
  /** Custom attribute definitions: labels and rules, seen by everyone (P2's att1). */
  attributes: readonly string[];
}
const EVERY_BINDING: readonly (readonly [OrderId, MemberKey])[] = [
  ['o1', 'S'], ['o1', 'V'], ['o1', 'A'], ['o1', 'B'], ['o2', 'S'], ['o2', 'V'], ['o2', 'A'], ['o2', 'B'], ['x1', 'B'], ['x2', 'B'],
];
const O_BINDINGS: readonly (readonly [OrderId, MemberKey])[] = [
  ['o1', 'S'], ['o1', 'V'], ['o1', 'A'], ['o1', 'B'], ['o2', 'S'], ['o2', 'V'], ['o2', 'A'], ['o2', 'B'],
];
const PULL: Record<RoleName, PullExpectation> = {
  admin: {
    users: ['admin', 'C', 'S', 'S2', 'S3', 'P', 'P2', 'V', 'A', 'B'],
    orders: ['o1', 'o2', 'x1', 'x2'],
    clients: ['a-o1', 'b-o1', 'a-o2', 'b-o2', 'b-x1', 'b-x2'],
    assignments: EVERY_BINDING,
    attributes: ['att1'],
  },
  coordinator: {
    users: ['admin', 'C', 'S', 'S2', 'S3', 'P', 'P2', 'V', 'A', 'B'],
    orders: ['o1', 'o2', 'x1', 'x2'],
    clients: ['a-o1', 'b-o1', 'a-o2', 'b-o2', 'b-x1', 'b-x2'],
    assignments: EVERY_BINDING,
    attributes: ['att1'],
  },
  // Themselves, their coordinator and their operator; the orders bound to them and their whole team
  // there; their own and their operators' records.
  supervisor: { users: ['S', 'C', 'A'], orders: ['o1', 'o2'], clients: ['a-o1', 'a-o2'], assignments: O_BINDINGS, attributes: ['att1'] },
  // Everything in their own orders.
  principal: { users: ['P'], orders: ['o1', 'o2'], clients: ['a-o1', 'b-o1', 'a-o2', 'b-o2'], assignments: O_BINDINGS, attributes: ['att1'] },
  // Their own records in orders bound to them, also when closed; themselves and their supervisor.
  operator: { users: ['A', 'S'], orders: ['o1', 'o2'], clients: ['a-o1', 'a-o2'], assignments: [['o1', 'A'], ['o2', 'A']], attributes: ['att1'] },
  // Records of the orders bound to them for verification.
  // The bindings of the orders they verify: the names of the people whose records they judge.
  verifier: { users: ['V'], orders: ['o1', 'o2'], clients: ['a-o1', 'b-o1', 'a-o2', 'b-o2'], assignments: O_BINDINGS, attributes: ['att1'] },
};
type PullState = 'asBuilt' | 'closedForOperators';
const PULL_STATE_LABEL: Record<PullState, string> = {
  asBuilt: 'o1/x1 open, o2/x2 closed',
  closedForOperators: 'o1/x1 closed for operators, o2/x2 closed',
};
const SCHEMA_FIELDS: Record<SyncCollection, readonly string[]> = {
  comments: Object.keys(commentSchema.properties),
  users: Object.keys(directoryUserSchema.properties),
  orders: Object.keys(orderSchema.properties),
  clients: Object.keys(clientSchema.properties),
  assignments: Object.keys(assignmentSchema.properties),
  attributes: Object.keys(attributeSchema.properties),
};

/** Does an edit of the record (by the administrator) reach the row's stream? [open, closed for operators] */
const STREAM: Readonly<Record<RoleName, Readonly<Record<RecordOwnership, readonly [boolean, boolean]>>>> = {
  admin: /*        */ { own: [true, true], foreign: [true, true], foreignOrder: [true, true] },
  coordinator: /*  */ { own: [true, true], foreign: [true, true], foreignOrder: [true, true] },
  supervisor: /*   */ { own: [true, true], foreign: [false, false], foreignOrder: [false, false] },
  principal: /*    */ { own: [true, true], foreign: [true, true], foreignOrder: [false, false] },
  operator: /*     */ { own: [true, true], foreign: [false, false], foreignOrder: [false, false] },
  verifier: /*     */ { own: [true, true], foreign: [true, true], foreignOrder: [false, false] },
};

// ---- checks --------------------------------------------------------------------------------

const EMPTY: PushResponse<Doc> = { conflicts: [], refused: [] };

async function refusals(s: Suite, docId: string, userId: string): Promise<number> {
  return s.count('refused_changes', 'doc_id = $1 AND user_id = $2', [docId, userId]);
}

/**
 * The response to one pushed row of an existing document, and the stored document afterwards,
 * against the expected outcome. `applied` checks an allowed change in the stored document.
 */
async function expectPushOutcome(
  s: Suite, org: Org, input: {
    collection: 'clients' | 'orders' | 'comments'; actor: MemberKey; before: Doc; response: PushResponse<Doc>; outcome: PushOutcome;
    field: string; applied: (after: Doc) => void;
  },
): Promise<void> {
  const { collection, before, response, outcome } = input;
  const id = String(before.id);
  const after = await org.stored(collection, id);
  switch (outcome) {
    case 'allowed':
      expect(response).toEqual(EMPTY);
      input.applied(after!);
      return;
    case 'stored copy':
      expect(response).toEqual({ conflicts: [before], refused: [] });
      expect(after).toEqual(before);
      return;
    case 'ORDER_CLOSED':
      expect(response).toEqual({ conflicts: [before], refused: [{ id, code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] }] });
      expect(after).toEqual(before);
      expect(await refusals(s, id, org.id(input.actor))).toBe(1);
      return;
    case 'OUT_OF_SCOPE':
      expect(response.refused).toMatchObject([{ id, code: expect.stringMatching(/^(FORBIDDEN|VALIDATION|ORDER_CLOSED)$/) }]);
      expect(response.conflicts).toEqual([]);
      expect(after).toEqual(before);
      expect(await refusals(s, id, org.id(input.actor))).toBe(1);
      return;
    default: {
      // `FORBIDDEN <code>` names the refusal's code; plain FORBIDDEN is a field the user may not write.
      const code = outcome.split(' ')[1] ?? 'permission.field';
      expect(response.conflicts).toEqual([before]);
      expect(response.refused).toEqual([{ id, code: 'FORBIDDEN', issues: expect.arrayContaining([{ field: input.field, code }]) }]);
      expect(after).toEqual(before);
      expect(await refusals(s, id, org.id(input.actor))).toBe(1);
    }
  }
}

async function errorOf(response: Response): Promise<{ code: string; issue: string | undefined }> {
  const body = (await response.json()) as { error?: { code: string; issues?: { code: string }[] } };
  return { code: body.error?.code ?? '', issue: body.error?.issues?.[0]?.code };
}

/** An administration call's status and error against the expected outcome; `issues` names the issue code of each kind of refusal. */
async function expectApiOutcome(response: Response, outcome: ApiOutcome, issues: { FORBIDDEN: string; VALIDATION?: string }): Promise<void> {
  if (outcome === 'allowed') {
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return;
  }
  const error = await errorOf(response);
  const hidden = outcome === NO_ORDER ? 'order.notFound' : outcome === NO_USER ? 'user.notFound' : null;
  expect({ status: response.status, ...error }).toEqual({
    status: API_STATUS[outcome],
    code: hidden ? 'NOT_FOUND' : outcome,
    issue: hidden ?? (outcome === 'CONFLICT' ? 'order.closed' : outcome === 'FORBIDDEN' ? issues.FORBIDDEN : issues.VALIDATION),
  });
}

// ---- cells ---------------------------------------------------------------------------------

interface Cell {
  name: string;
  /** Members who need a session. */
  signedIn: MemberKey[];
  run(s: Suite, org: Org): Promise<void>;
}
const cells: Cell[] = [];

/** The SPEC rule a refusal comes from, for the cell's name. */
function ruleOf(outcome: string, rule: string): string {
  if (outcome === OC || outcome === CLOSED) return 'P4';
  if (outcome === OOS) return 'S6';
  if (outcome === NO_ORDER || outcome === NO_USER) return 'S31';
  return rule;
}
const describeOutcome = (outcome: string) => (outcome === 'allowed' ? outcome : outcome === 'stored copy' ? 'conflict with the stored copy' : `refused ${outcome}`);
const name = (rule: string, parts: string[], outcome: string) => `[${rule}] ${parts.join(' · ')} → ${outcome}`;

/** The expected ids, readable: member keys for users, `order:member` for bindings. */
const listed = (collection: keyof PullExpectation, expected: PullExpectation[keyof PullExpectation]) =>
  collection === 'assignments' ? (expected as [OrderId, MemberKey][]).map(([o, m]) => `${o}:${m}`).join(', ') : (expected as string[]).join(', ');

// Pull: exact id sets, nothing outside the collection's schema [S3, S13].
for (const state of ['asBuilt', 'closedForOperators'] as PullState[]) {
  for (const role of ROLES) {
    for (const collection of ['users', 'orders', 'clients', 'assignments'] as const) {
      const expected = PULL[role][collection];
      cells.push({
        name: name(collection === 'users' || collection === 'assignments' ? 'S13' : 'S3', [role, `pull ${collection}`, PULL_STATE_LABEL[state]], `receives exactly ${listed(collection, expected)}`),
        signedIn: [PLAYER[role]],
        async run(_s, org) {
          if (state === 'closedForOperators') await org.closeForOperators(['o1', 'x1']);
          await org.settled();
          const { documents } = await org.members[PLAYER[role]].client.pullAll(collection);
          const want = collection === 'users'
            ? (expected as MemberKey[]).map((key) => org.id(key))
            : collection === 'assignments'
              ? (expected as [OrderId, MemberKey][]).map(([orderId, key]) => `${orderId}:${org.id(key)}`)
              : (expected as string[]);
          expect(documents.map((d) => String(d.id)).sort()).toEqual([...want].sort());
          for (const doc of documents) {
            expect(doc._deleted).toBe(false);
            const outside = Object.keys(doc).filter((key) => key !== '_deleted' && !SCHEMA_FIELDS[collection].includes(key));
            expect(outside, `fields outside the ${collection} schema`).toEqual([]);
          }
          if (collection === 'users') {
            const text = JSON.stringify(documents);
            for (const secret of ['login', 'password', 'm-']) expect(text).not.toContain(secret);
          }
        },
      });
    }
  }
}

// Stream: does the administrator's edit of the record reach the row's stream as `changed clients` [S11]?
const CHANGED = (collection: SyncCollection) => `data: {"type":"changed","collection":"${collection}"}`;
for (const state of ['open', 'closedForOperators'] as const) {
  for (const role of ROLES) {
    for (const ownership of RECORD_OWNERSHIPS) {
      const reaches = STREAM[role][ownership][state === 'open' ? 0 : 1];
      const recordId = RECORD[ownership][state];
      cells.push({
        name: name('S11', [role, 'stream', RECORD_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], reaches ? 'changed clients' : 'no event'),
        signedIn: [PLAYER[role], 'admin'],
        async run(_s, org) {
          await prepareState(org, state);
          const admin = org.members.admin.client;
          const stream = await openStream(org.members[PLAYER[role]].client);
          try {
            expect(await stream.next()).toBe('data: {"type":"resync"}');
            const record = (await org.stored('clients', recordId))!;
            expect(await admin.push('clients', [edited(record, { city: 'Płock' }, T0)])).toEqual(EMPTY);
            // A marker every row hears: an edit of o1, bound to (or owned by) each of them.
            const order = (await org.stored('orders', 'o1'))!;
            expect(await admin.push('orders', [edited(order, { area: 'powiat radomski' }, T0)])).toEqual(EMPTY);
            // The event names the collection only, never a record.
            expect(await stream.next()).toBe(reaches ? CHANGED('clients') : CHANGED('orders'));
            if (reaches) expect(await stream.next()).toBe(CHANGED('orders'));
          } finally {
            await stream.close();
          }
        },
      });
    }
  }
}

// Pushes of records [P1–P5, S5, S6].
interface RecordAction {
  label: string;
  rule: string;
  table: RecordTable;
  /** The changed field path a refusal names. */
  field: string;
  /** Puts the record in the state the action starts from. */
  prepare?(s: Suite, recordId: RecordId, org: Org): Promise<void>;
  row(stored: Doc, org: Org, actor: MemberKey): PushRow<Doc>;
  applied(after: Doc, org: Org, actor: MemberKey): void;
}
/** The verdicts of the cells, given in `verifierId`'s name at T0. */
const approval = (verifierId: string) => ({ state: 'approved', reason: '', verifierId, at: T0, notes: {} });
const rejection = (verifierId: string) => ({
  state: 'rejected', reason: 'Brak numeru budynku', verifierId, at: T0, notes: { buildingNumber: 'Uzupełnij numer budynku' },
});
/** V's rejection of the record, stored as the server would have accepted it (also in a closed order, before it closed). */
async function rejectFirst(s: Suite, recordId: RecordId, org: Org): Promise<void> {
  await s.db.query(
    `UPDATE clients SET doc = jsonb_set(jsonb_set(doc, '{verification}', $2::jsonb), '{fieldTimes,verification}', to_jsonb($3::bigint)) WHERE id = $1`,
    [recordId, JSON.stringify(rejection(org.id('V'))), T0],
  );
}
const RECORD_ACTIONS: RecordAction[] = [
  {
    label: 'push update (city)', rule: 'P5', table: EDIT, field: 'city',
    row: (stored) => edited(stored, { city: 'Płock' }, T0),
    applied: (after) => expect(after).toMatchObject({ city: 'Płock', _deleted: false }),
  },
  {
    label: 'push delete', rule: 'P5', table: DELETE, field: '_deleted',
    row: (stored) => deleted(stored),
    applied: (after) => expect(after._deleted).toBe(true),
  },
  {
    label: 'push verdict (approve)', rule: 'P3', table: VERIFY, field: 'verification',
    row: (stored, org, actor) => edited(stored, { verification: approval(org.id(actor)) } as never, T0),
    applied: (after, org, actor) => expect(after.verification).toEqual(approval(org.id(actor))),
  },
  {
    label: 'push verdict (reject with a reason and a note)', rule: 'P3', table: VERIFY, field: 'verification',
    row: (stored, org, actor) => edited(stored, { verification: rejection(org.id(actor)) } as never, T0),
    applied: (after, org, actor) => expect(after.verification).toEqual(rejection(org.id(actor))),
  },
  {
    label: 'push verdict (reject without a reason)', rule: 'V8', table: REJECT_WITHOUT_REASON, field: 'verification',
    row: (stored, org, actor) => edited(stored, { verification: { ...rejection(org.id(actor)), reason: ' ' } } as never, T0),
    applied: () => {},
  },
  {
    label: 'push verdict in another verifier\'s name', rule: 'P3', table: VERIFY_AS_ANOTHER, field: 'verification',
    row: (stored, org, actor) => edited(stored, { verification: approval(org.id(actor === 'V' ? 'admin' : 'V')) } as never, T0),
    applied: () => {},
  },
  {
    label: 'push correction of a rejected record (rejected → corrected, same verdict)', rule: 'P3', table: CORRECT, field: 'city',
    prepare: rejectFirst,
    row: (stored) => edited(stored, { city: 'Płock', verification: { ...(stored.verification as object), state: 'corrected' } } as never, T0),
    applied: (after, org) => expect(after).toMatchObject({ city: 'Płock', verification: { ...rejection(org.id('V')), state: 'corrected' } }),
  },
  {
    label: 'push correction of a rejected record with the reason reworded', rule: 'P3', table: CORRECT_REWORDED, field: 'verification',
    prepare: rejectFirst,
    row: (stored) => edited(stored, { verification: { ...(stored.verification as object), state: 'corrected', reason: 'Poprawione' } } as never, T0),
    applied: () => {},
  },
  {
    label: 'push duplicateOf', rule: 'P1', table: SERVER_OWNED, field: 'duplicateOf',
    row: (stored) => edited(stored, { duplicateOf: 'b-o1' }, T0),
    applied: () => {},
  },
  {
    label: 'push ownerId', rule: 'P2', table: FIXED, field: 'ownerId',
    // Taking the record over; A's own record is given to B instead.
    row: (stored, org, actor) => edited(stored, { ownerId: stored.ownerId === org.id(actor) ? org.id('B') : org.id(actor) }, T0),
    applied: () => {},
  },
  {
    label: 'push orderId', rule: 'P2', table: FIXED, field: 'orderId',
    row: (stored) => edited(stored, { orderId: String(stored.orderId).startsWith('o') ? 'x1' : 'o1' }, T0),
    applied: () => {},
  },
  {
    label: 'push with a stale assumed state', rule: 'S5', table: STALE, field: 'city',
    row: (stored) => edited({ ...stored, city: 'Nieaktualne' }, { city: 'Płock' }, T0),
    applied: () => {},
  },
];

for (const action of RECORD_ACTIONS) {
  for (const role of ROLES) {
    for (const ownership of RECORD_OWNERSHIPS) {
      STATES.forEach((state, i) => {
        const outcome = action.table[role][ownership][i]!;
        const actor = PLAYER[role];
        const recordId = RECORD[ownership][state];
        cells.push({
          name: name(ruleOf(outcome, action.rule), [role, action.label, RECORD_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], describeOutcome(outcome)),
          signedIn: [actor],
          async run(s, org) {
            await prepareState(org, state);
            await action.prepare?.(s, recordId, org);
            const before = (await org.stored('clients', recordId))!;
            const response = await org.members[actor].client.push('clients', [action.row(before, org, actor)]);
            await expectPushOutcome(s, org, {
              collection: 'clients', actor, before, response, outcome, field: action.field,
              applied: (after) => action.applied(after, org, actor),
            });
          },
        });
      });
    }
  }
}

const CREATE_OWNERSHIP_LABEL: Record<RecordOwnership, string> = {
  own: 'own new record (o1/o2)',
  foreign: 'new record owned by B (o1/o2)',
  foreignOrder: 'own new record in a foreign order (x1/x2)',
};
// Entering a new record: own (ownerId = the user, in o1/o2), foreign (ownerId = B), in a foreign order (x1/x2) [P2, P5].
for (const role of ROLES) {
  for (const ownership of RECORD_OWNERSHIPS) {
    STATES.forEach((state, i) => {
      const outcome = CREATE[role][ownership][i]!;
      const actor = PLAYER[role];
      const orderId = (ownership === 'foreignOrder' ? FOREIGN_ORDER : OWN_ORDER)[state === 'closed' ? 'closed' : 'open'];
      cells.push({
        name: name(ruleOf(outcome, 'P5'), [role, 'push create', CREATE_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], describeOutcome(outcome)),
        signedIn: [actor],
        async run(s, org) {
          await prepareState(org, state);
          const id = `new-${ownership}`;
          const ownerId = org.id(ownership === 'foreign' ? 'B' : actor);
          const response = await org.members[actor].client.push('clients', [created(makeClient({ id, orderId, ownerId }))]);
          const after = await org.stored('clients', id);
          if (outcome === 'allowed') {
            expect(response).toEqual(EMPTY);
            expect(after).toMatchObject({ id, orderId, ownerId, _deleted: false });
            return;
          }
          const [code, issue] = outcome.split(' ');
          expect(response.conflicts).toEqual([]);
          expect(response.refused).toEqual([
            { id, code, issues: [code === 'ORDER_CLOSED' ? { field: 'orderId', code: 'order.closed' } : { field: expect.any(String), code: issue }] },
          ]);
          expect(after).toBeNull();
          expect(await refusals(s, id, org.id(actor))).toBe(1);
        },
      });
    });
  }
}

// Pushes of orders: a field (area) and the server-owned status [P4, P6].
interface OrderAction {
  label: string;
  rule: string;
  table: OrderTable<PushOutcome>;
  field: string;
  row(stored: Doc, org: Org): PushRow<Doc>;
  applied(after: Doc, org: Org, stored: Doc): void;
}
/** The other principal: o1/o2 go to P2, x1/x2 to P. */
const otherPrincipal = (stored: Doc, org: Org) => (stored.principalId === org.id('P') ? org.id('P2') : org.id('P'));
const ORDER_ACTIONS: OrderAction[] = [
  {
    label: 'push order field (area)', rule: 'P6', table: ORDER_FIELD, field: 'area',
    row: (stored) => edited(stored, { area: 'powiat radomski' }, T0),
    applied: (after) => expect(after).toMatchObject({ area: 'powiat radomski' }),
  },
  {
    label: 'push order principalId (reassign)', rule: 'P6', table: ORDER_PRINCIPAL, field: 'principalId',
    row: (stored, org) => edited(stored, { principalId: otherPrincipal(stored, org) }, T0),
    applied: (after, org, stored) => expect(after.principalId).toBe(otherPrincipal(stored, org)),
  },
  {
    label: 'push order status', rule: 'P4', table: ORDER_STATUS, field: 'status',
    row: (stored) => edited(stored, { status: stored.status === 'open' ? 'closed' : 'open' }, T0),
    applied: () => {},
  },
];
for (const action of ORDER_ACTIONS) {
  for (const role of ROLES) {
    for (const ownership of ORDER_OWNERSHIPS) {
      (['open', 'closed'] as const).forEach((state, i) => {
        const outcome = action.table[role][ownership][i]!;
        const actor = PLAYER[role];
        const orderId = ORDER_OF[ownership][state];
        cells.push({
          name: name(ruleOf(outcome, action.rule), [role, action.label, ORDER_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], describeOutcome(outcome)),
          signedIn: [actor],
          async run(s, org) {
            const before = (await org.stored('orders', orderId))!;
            const response = await org.members[actor].client.push('orders', [action.row(before, org)]);
            await expectPushOutcome(s, org, {
              collection: 'orders', actor, before, response, outcome, field: action.field,
              applied: (after) => action.applied(after, org, before),
            });
          },
        });
      });
    }
  }
}

// Pushes to the pull-only collections: a binding of oneself to x1, one's own directory entry made admin [S13].
for (const role of ROLES) {
  for (const collection of ['assignments', 'users'] as const) {
    const outcome = PULL_ONLY_PUSH[role][collection];
    const actor = PLAYER[role];
    cells.push({
      name: name('S13', [role, `push ${collection}`, collection === 'assignments' ? 'binding themselves to x1' : 'making themselves admin'], describeOutcome(outcome)),
      signedIn: [actor],
      async run(s, org) {
        const userId = org.id(actor);
        const doc = collection === 'assignments'
          ? { id: `x1:${userId}`, orderId: 'x1', userId, userName: 'Ktoś', role: 'operator', closed: false, closedAt: 0, closedBy: '', boundBy: userId, updatedAt: T0 }
          : { id: userId, name: 'Ktoś', role: 'admin', managerId: '', active: true, updatedAt: T0 };
        const before = await s.db.query(`SELECT doc FROM ${collection} ORDER BY id`).then((r) => r.rows);
        const response = await org.members[actor].client.request('POST', `/api/sync/${collection}/push`, { rows: [created(doc)] });
        expect({ status: response.status, code: (await errorOf(response)).code }).toEqual({ status: API_STATUS[outcome], code: outcome });
        expect(await s.db.query(`SELECT doc FROM ${collection} ORDER BY id`).then((r) => r.rows)).toEqual(before);
      },
    });
  }
}

// The team of an order: bind, unbind, close and reopen for an operator [P4, P6].
interface TeamAction {
  label: string;
  table: TeamTable;
  forbidden: string;
  /** Puts the binding in the state the action changes (in an open order only). */
  prepare(org: Org, orderId: OrderId, member: MemberKey): Promise<void>;
  call(client: TestClient, orderId: OrderId, userId: string): Promise<Response>;
  applied(binding: { closed: boolean; deleted: boolean } | null): void;
}
const TEAM_ACTIONS: TeamAction[] = [
  {
    label: 'bind', table: BIND, forbidden: 'permission.binding',
    prepare: (org, orderId, member) => org.unbind(orderId, member),
    call: (client, orderId, userId) => client.request('POST', `/api/orders/${orderId}/team`, { userId }),
    applied: (binding) => expect(binding).toEqual({ closed: false, deleted: false }),
  },
  {
    label: 'unbind', table: UNBIND, forbidden: 'permission.binding',
    prepare: async () => {},
    call: (client, orderId, userId) => client.request('POST', `/api/orders/${orderId}/team/${userId}/unbind`, {}),
    applied: (binding) => expect(binding?.deleted).toBe(true),
  },
  {
    label: 'close for operator', table: CLOSE_FOR_OPERATOR, forbidden: 'permission.close',
    prepare: async () => {},
    call: (client, orderId, userId) => client.request('POST', `/api/orders/${orderId}/team/${userId}/close`, { closed: true }),
    applied: (binding) => expect(binding).toEqual({ closed: true, deleted: false }),
  },
  {
    label: 'reopen for operator', table: REOPEN_FOR_OPERATOR, forbidden: 'permission.close',
    prepare: (org, orderId, member) => org.closeFor(orderId, member),
    call: (client, orderId, userId) => client.request('POST', `/api/orders/${orderId}/team/${userId}/close`, { closed: false }),
    applied: (binding) => expect(binding).toEqual({ closed: false, deleted: false }),
  },
];
for (const action of TEAM_ACTIONS) {
  for (const role of ROLES) {
    for (const ownership of RECORD_OWNERSHIPS) {
      (['open', 'closed'] as const).forEach((state, i) => {
        const outcome = action.table[role][ownership][i]!;
        const actor = PLAYER[role];
        const { member, orders } = TEAM_TARGET[ownership];
        const orderId = orders[state];
        cells.push({
          name: name(ruleOf(outcome, 'P6'), [role, action.label, TEAM_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], describeOutcome(outcome)),
          signedIn: [actor],
          async run(_s, org) {
            if (state === 'open') await action.prepare(org, orderId, member);
            const before = await org.binding(orderId, member);
            const response = await action.call(org.members[actor].client, orderId, org.id(member));
            await expectApiOutcome(response, outcome, { FORBIDDEN: action.forbidden });
            const after = await org.binding(orderId, member);
            if (outcome === 'allowed') action.applied(after);
            else expect(after).toEqual(before);
          },
        });
      });
    }
  }
}

// The definitive close: the order and every binding in it [P4, P6].
for (const role of ROLES) {
  for (const ownership of ORDER_OWNERSHIPS) {
    (['open', 'closed'] as const).forEach((state, i) => {
      const outcome = CLOSE_ORDER[role][ownership][i]!;
      const actor = PLAYER[role];
      const orderId = ORDER_OF[ownership][state];
      cells.push({
        name: name(ruleOf(outcome, 'P6'), [role, 'close definitively', ORDER_OWNERSHIP_LABEL[ownership], STATE_LABEL[state]], describeOutcome(outcome)),
        signedIn: [actor],
        async run(s, org) {
          const before = await org.stored('orders', orderId);
          const bindings = () => s.db.query('SELECT id, closed FROM assignments WHERE order_id = $1 ORDER BY id', [orderId]).then((r) => r.rows);
          const bindingsBefore = await bindings();
          const response = await org.members[actor].client.request('POST', `/api/orders/${orderId}/close`, { confirm: true });
          await expectApiOutcome(response, outcome, { FORBIDDEN: 'permission.close' });
          if (outcome === 'allowed') {
            expect(await org.stored('orders', orderId)).toMatchObject({ status: 'closed' });
            expect((await bindings()).every((b) => b.closed === true)).toBe(true);
            if (state === 'closed') expect(await org.stored('orders', orderId)).toEqual(before); // [S32] no second effect
          } else {
            expect(await org.stored('orders', orderId)).toEqual(before);
            expect(await bindings()).toEqual(bindingsBefore);
          }
        },
      });
    });
  }
}

// User administration [P6].
const NEW_PASSWORD = 'nowe hasło 2026';
interface UserAction {
  label: string;
  table: UserTable;
  call(client: TestClient, org: Org, target: MemberKey): Promise<Response>;
  /** The stored fact the action changes, read from the users table. */
  read(s: Suite, org: Org, target: MemberKey): Promise<unknown>;
  changed: unknown;
}
const userRow = (s: Suite, id: string) =>
  s.db.query<Record<string, unknown>>('SELECT name, manager_id, active, password_hash FROM users WHERE id = $1', [id]).then((r) => r.rows[0]);
const USER_ACTIONS: UserAction[] = [
  {
    label: 'edit user (name)', table: MANAGE_USER,
    call: (client, org, target) => client.request('POST', `/api/users/${org.id(target)}`, { name: 'Zmienione Nazwisko' }),
    read: (s, org, target) => userRow(s, org.id(target)).then((row) => row?.name),
    changed: 'Zmienione Nazwisko',
  },
  {
    label: 'move operator to S3', table: MANAGE_USER,
    call: (client, org, target) => client.request('POST', `/api/users/${org.id(target)}`, { managerId: org.id('S3') }),
    read: async (s, org, target) => ((await userRow(s, org.id(target)))?.manager_id === org.id('S3') ? 'moved' : 'not moved'),
    changed: 'moved',
  },
  {
    label: 'deactivate user', table: MANAGE_USER,
    call: (client, org, target) => client.request('POST', `/api/users/${org.id(target)}`, { active: false }),
    read: (s, org, target) => userRow(s, org.id(target)).then((row) => row?.active),
    changed: false,
  },
  {
    label: 'reset password', table: MANAGE_USER,
    call: (client, org, target) => client.request('POST', `/api/users/${org.id(target)}/password`, { password: NEW_PASSWORD }),
    read: (s, org, target) => userRow(s, org.id(target)).then((row) => row?.password_hash),
    changed: expect.not.stringMatching(/^$/),
  },
];
const USER_TARGET: Record<UserOwnership, MemberKey> = { inStructure: 'A', outsideStructure: 'B' };
const USER_OWNERSHIP_LABEL: Record<UserOwnership, string> = {
  inStructure: "operator A (in the coordinator's structure)",
  outsideStructure: "operator B (outside the coordinator's structure)",
};
for (const action of USER_ACTIONS) {
  for (const role of ROLES) {
    for (const ownership of USER_OWNERSHIPS) {
      const outcome = action.table[role][ownership];
      const actor = PLAYER[role];
      const target = USER_TARGET[ownership];
      cells.push({
        name: name('P6', [role, action.label, USER_OWNERSHIP_LABEL[ownership]], describeOutcome(outcome)),
        signedIn: [actor],
        async run(s, org) {
          const before = await action.read(s, org, target);
          const response = await action.call(org.members[actor].client, org, target);
          await expectApiOutcome(response, outcome, { FORBIDDEN: 'permission.user' });
          const after = await action.read(s, org, target);
          if (outcome === 'allowed') {
            expect(after).toEqual(action.changed);
            expect(after).not.toEqual(before);
          } else {
            expect(after).toEqual(before);
          }
        },
      });
    }
  }
}
for (const role of ROLES) {
  for (const ownership of USER_OWNERSHIPS) {
    const outcome = CREATE_USER[role][ownership];
    const actor = PLAYER[role];
    const manager: MemberKey = ownership === 'inStructure' ? 'S' : 'S2';
    cells.push({
      name: name('P6', [role, 'create user', `operator under ${manager} (${ownership === 'inStructure' ? 'in' : 'outside'} the coordinator's structure)`], describeOutcome(outcome)),
      signedIn: [actor],
      async run(s, org) {
        const body = { login: 'nowy.operator', name: 'Nowy Operator', role: 'operator', password: NEW_PASSWORD, managerId: org.id(manager) };
        const response = await org.members[actor].client.request('POST', '/api/users', body);
        await expectApiOutcome(response, outcome, { FORBIDDEN: 'permission.user', VALIDATION: 'manager.notYours' });
        expect(await s.count('users', "login = 'nowy.operator' AND manager_id = $1", [org.id(manager)])).toBe(outcome === 'allowed' ? 1 : 0);
      },
    });
  }
}
for (const role of ROLES) {
  const outcome = LIST_USERS[role];
  const actor = PLAYER[role];
  cells.push({
    name: name('P6', [role, 'list users'], describeOutcome(outcome)),
    signedIn: [actor],
    async run(_s, org) {
      const response = await org.members[actor].client.request('GET', '/api/users');
      if (outcome !== 'allowed') return expectApiOutcome(response, outcome, { FORBIDDEN: 'permission.user' });
      expect(response.status).toBe(200);
      const { users } = (await response.json()) as { users: Doc[] };
      expect(users.map((u) => u.id).sort()).toEqual((Object.keys(MEMBERS) as MemberKey[]).map((key) => org.id(key)).sort());
      // Logins are for administrators; password hashes for nobody.
      for (const user of users) expect(Object.keys(user).sort()).toEqual(['active', 'createdAt', 'id', 'login', 'manageable', 'managerId', 'name', 'role']);
      const manageable = users.filter((u) => u.manageable === true).map((u) => String(u.id)).sort();
      expect(manageable).toEqual(MANAGEABLE[role]!.map((key) => org.id(key)).sort());
    },
  });
}

// Comments [C1–C3]: writing one on a record, changing a stored one, and who pulls which.
/** The comment its owner wrote on each record (inserted straight, as the records were; closed orders included). */
const commentOn = (recordId: RecordId) => `k-${recordId}`;
async function seedComments(s: Suite, org: Org): Promise<void> {
  await s.db.transaction(async (tx) => {
    for (const [recordId, [owner, orderId]] of Object.entries(RECORDS) as [RecordId, readonly [MemberKey, OrderId]][]) {
      const record = { id: recordId, orderId, ownerId: org.id(owner) };
      await insertDoc(tx, 'comments', makeComment({ id: commentOn(recordId), record, authorId: org.id(owner) }), false);
    }
  });
}
for (const role of ROLES) {
  for (const ownership of RECORD_OWNERSHIPS) {
    STATES.forEach((state, i) => {
      const outcome = COMMENT[role][ownership][i]!;
      const actor = PLAYER[role];
      const recordId = RECORD[ownership][state];
      cells.push({
        name: name(ruleOf(outcome, 'C2'), [role, 'push comment (create)', `on the ${RECORD_OWNERSHIP_LABEL[ownership]}`, STATE_LABEL[state]], describeOutcome(outcome)),
        signedIn: [actor],
        async run(s, org) {
          await prepareState(org, state);
          const record = (await org.stored('clients', recordId))!;
          const doc = makeComment({ id: 'k-new', record, authorId: org.id(actor) });
          const response = await org.members[actor].client.push('comments', [created(doc)]);
          const after = await org.stored('comments', 'k-new');
          if (outcome === 'allowed') {
            expect(response).toEqual(EMPTY);
            expect(after).toEqual({ ...doc, _deleted: false });
            return;
          }
          const [code, issue] = outcome.split(' ');
          expect(response.conflicts).toEqual([]);
          expect(response.refused).toEqual([
            { id: 'k-new', code, issues: [code === 'ORDER_CLOSED' ? { field: 'orderId', code: 'order.closed' } : { field: expect.any(String), code: issue }] },
          ]);
          expect(after).toBeNull();
          expect(await refusals(s, 'k-new', org.id(actor))).toBe(1);
        },
      });
    });
  }
}
for (const change of ['edit', 'delete'] as const) {
  for (const role of ROLES) {
    for (const ownership of RECORD_OWNERSHIPS) {
      STATES.forEach((state, i) => {
        const outcome = COMMENT_CHANGE[role][ownership][i]!;
        const actor = PLAYER[role];
        const commentId = commentOn(RECORD[ownership][state]);
        cells.push({
          name: name(ruleOf(outcome, 'C1'), [role, `push comment (${change})`, `the owner's comment on the ${RECORD_OWNERSHIP_LABEL[ownership]}`, STATE_LABEL[state]], describeOutcome(outcome)),
          signedIn: [actor],
          async run(s, org) {
            await prepareState(org, state);
            await seedComments(s, org);
            const before = (await org.stored('comments', commentId))!;
            const row = change === 'edit'
              ? { assumedMasterState: before, newDocumentState: { ...before, text: 'Poprawiona treść' } }
              : deleted(before);
            const response = await org.members[actor].client.push('comments', [row as PushRow<Doc>]);
            await expectPushOutcome(s, org, { collection: 'comments', actor, before, response, outcome, field: '', applied: () => {} });
          },
        });
      });
    }
  }
}
for (const state of ['asBuilt', 'closedForOperators'] as PullState[]) {
  for (const role of ROLES) {
    const records = PULL[role].clients;
    cells.push({
      name: name('C3', [role, 'pull comments', PULL_STATE_LABEL[state]], `receives exactly the comments on ${records.join(', ')}`),
      signedIn: [PLAYER[role]],
      async run(s, org) {
        await seedComments(s, org);
        if (state === 'closedForOperators') await org.closeForOperators(['o1', 'x1']);
        await org.settled();
        const { documents } = await org.members[PLAYER[role]].client.pullAll('comments');
        expect(documents.map((d) => String(d.id)).sort()).toEqual(records.map(commentOn).sort());
        for (const doc of documents) {
          expect(Object.keys(doc).filter((key) => key !== '_deleted' && !SCHEMA_FIELDS.comments.includes(key))).toEqual([]);
        }
      },
    });
  }
}

// ---- registration --------------------------------------------------------------------------

contractSuite('authorization matrix', (s) => {
  for (const cell of cells) {
    it(cell.name, async () => {
      const org = await buildOrg(s, cell.signedIn);
      await cell.run(s, org);
    });
  }
});

afterAll(() => {
  process.stdout.write(`authorization matrix: ${cells.length} cells (roles × actions × ownership × order state)\n`);
});
