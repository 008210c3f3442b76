// Fuzz of the real parts together (STYLE habit 20, issues 8 and 10): real RxDB device databases with the
// app's replication, conflict handler, pending marks, verdicts and comments against the real server on
// PGlite. FUZZ_RUNS=10000 (or `npm run fuzz -- --runs 10000`) runs more; FUZZ_SEED picks the first seed.
// Every seed that ever failed stays below as a named regression test.
import { expect, test } from 'vitest';
import type { TestDatabase } from './backends.ts';
import type { History } from '../fuzz/invariants.ts';
import { runScenario, useFuzzEnv, type Scenario } from '../fuzz/scenario.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);
/** Beyond this many failing seeds the run stops: the first ones already say what is wrong. */
const MAX_FAILURES = Number(process.env.FUZZ_MAX_FAILURES ?? 5);

const env = useFuzzEnv({});

/**
 * Replays a failed seed. The scenario is kept as it was generated, so a later change of the
 * generator does not change what the regression test does (FUZZ_DEBUG=1 prints the run's trace).
 */
async function expectSeedPasses(seed: number, recorded: string): Promise<void> {
  const scenario = JSON.parse(recorded) as Scenario;
  const problems = await runScenario(env, seed, scenario);
  expect(problems, `fuzz seed ${seed}`).toEqual([]);
}

test(`[S1][S4][S7][S8][M7][M11][P3][C1][C3][H4] real devices and server converge with nothing lost: ${RUNS} seeded runs`, async () => {
  const started = Date.now();
  const failed: { seed: number; problems: string[] }[] = [];
  let runs = 0;
  for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS && failed.length < MAX_FAILURES; seed++) {
    const problems = await runScenario(env, seed);
    runs++;
    if (problems.length > 0) failed.push({ seed, problems });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // The run count goes into the CI log (QUALITY.md "Reliability").
  process.stdout.write(`real-fuzz: ${runs} runs from seed ${FIRST_SEED} in ${seconds} s, ${failed.length} failed${
    failed.length ? `: seeds ${failed.map((f) => f.seed).join(', ')}` : ''}\n`);
  for (const f of failed) process.stdout.write(`real-fuzz seed ${f.seed}:\n  ${f.problems.slice(0, 8).join('\n  ')}\n`);
  expect(failed.map((f) => ({ seed: f.seed, problems: f.problems.slice(0, 3) }))).toEqual([]);
}, 120_000 + RUNS * 10_000);

// ---------------------------------------------------------------- the invariants can fail

/**
 * A written scenario of the verification loop: V1 rejects ra2 while V2 approves it, A1 comments on
 * ra1 and edits it (rejected before the run: a correction), V1 comments on rb1, and the administrator
 * restores rb2's earlier city (rb2 rejected before the run: corrected by the restore).
 */
const LOOP: Scenario = {
  devices: [0, 5, 6], page: 1000, loop: true, ops: [
    { k: 'verdict', v: 0, r: 1, reject: true, notes: 3 },
    { k: 'verdict', v: 1, r: 1, reject: false, notes: 0 },
    { k: 'comment', d: 0, r: 0 },
    { k: 'edit', d: 0, r: 0, f: 1, fix: true },
    { k: 'comment', d: 1, r: 2 },
    { k: 'restore', by: 'admin', r: 3, e: 0, which: 'old' },
  ],
};

/** Runs LOOP, changes the server's data after everyone settled, and returns what the checks found. */
async function tampered(change: (db: TestDatabase['db'], history: History) => Promise<void>): Promise<string[]> {
  env.tamper = async (db, history) => {
    expect([history.verdicts.length, history.corrections.length, history.comments.length, history.restores.length]).toEqual([2, 1, 2, 1]);
    await change(db, history);
  };
  try {
    return await runScenario(env, 1, LOOP);
  } finally {
    env.tamper = undefined;
  }
}

test('[M11][P3][C1][H4] the written loop scenario passes: two verdicts at once, a correction, comments, a restore', async () => {
  expect(await tampered(async () => undefined)).toEqual([]);
}, 120_000);

test('[M11][S19][P3][C1][H4] the checks find mixed, lost and undone verdicts, lost, altered and doubled comments, an unaudited restore', async () => {
  const setVerdict = (db: TestDatabase['db'], id: string, value: unknown) =>
    db.query("UPDATE clients SET doc = jsonb_set(doc, '{verification}', $1::jsonb) WHERE id = $2", [JSON.stringify(value), id]);
  // Faults on different records and comments in one run, so each check answers for its own.
  const first = await tampered(async (db, h) => {
    const given = h.verdicts.find((g) => g.verdict.state === 'rejected')!;
    await setVerdict(db, given.recordId, { ...given.verdict, reason: 'another reason' });
    await setVerdict(db, 'ra1', h.corrections[0]!.from);
    await db.query("DELETE FROM comments WHERE doc->>'recordId' = 'rb1'");
    await db.query(`INSERT INTO comments (id, record_id, order_id, owner_id, doc, xid, seq)
      SELECT 'copy', record_id, order_id, owner_id, jsonb_set(doc, '{id}', '"copy"'), pg_current_xact_id(), nextval('change_seq')
      FROM comments WHERE doc->>'recordId' = 'ra1'`);
    await db.query("DELETE FROM audit WHERE kind = 'restore'");
  });
  for (const found of [
    /^mixed verdict stored on ra2/,
    /^A1 edited ra1 at step 3 while it was rejected/,
    /^comment lost: V1 wrote/,
    /^comment "comment .* by A1" by A1 stored 2 times/,
    /^comment copy on the server was written by no device/,
    /^restore of city="Płock" into rb2 at step 5 by admin has no 'restore' audit entry/,
  ]) expect(first).toContainEqual(expect.stringMatching(found));

  const second = await tampered(async (db, h) => {
    await db.query("DELETE FROM audit WHERE path = 'verification'");
    await setVerdict(db, 'ra2', h.initialVerdicts.find((v) => v.state === 'unverified'));
    await db.query(`UPDATE comments SET doc = jsonb_set(doc, '{text}', '"changed"') WHERE doc->>'recordId' = 'ra1'`);
  });
  expect(second).toContainEqual(expect.stringMatching(/^verdict lost without a trace: V\d gave .* on ra2/));
  expect(second).toContainEqual(expect.stringMatching(/^comment .* by A1 altered/));
}, 120_000);

// ---------------------------------------------------------------- seeds that failed

// Found 2026-12-02 in e0d38ba (passes on 4dd588b): with a page of 2, the supervisor's pull of `assignments`
// (A's binding to o1 is in two of S's buckets, user:A and order:o1) returns the same full page for
// ever; the checkpoint never moves past it, so RxDB asks again without end and S never gets the
// bindings after it (issue 8 item 5: a page that is short, or here stuck, while more remain).
test('[fuzz seed 36] [S1] a pull page of documents held by two buckets moves the checkpoint on', () => expectSeedPasses(36,
  '{"devices":[0,3],"page":2,"ops":[{"k":"deliver","i":441,"lose":true},{"k":"edit","d":6,"r":321,"f":0},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"notify","d":3},{"k":"notify","d":367},{"k":"deliver","i":7,"lose":false},{"k":"bucket","what":"bind","who":"S","o":1},{"k":"bucket","what":"bind","who":"A","o":1},{"k":"edit","d":1000,"r":5,"f":1},{"k":"deliver","i":595,"lose":false},{"k":"edit","d":6,"r":642,"f":0},{"k":"deliver","i":3,"lose":false},{"k":"edit","d":8,"r":2,"f":2},{"k":"deliver","i":3,"lose":false},{"k":"online","d":5},{"k":"delete","d":852,"r":173},{"k":"deliver","i":124,"lose":false},{"k":"create","d":1,"o":0},{"k":"delete","d":6,"r":508},{"k":"delete","d":803,"r":159},{"k":"create","d":992,"o":1},{"k":"create","d":448,"o":1},{"k":"edit","d":123,"r":104,"f":1},{"k":"edit","d":1,"r":4,"f":2},{"k":"deliver","i":406,"lose":false},{"k":"edit","d":266,"r":448,"f":2},{"k":"edit","d":699,"r":15,"f":1},{"k":"edit","d":590,"r":705,"f":1}]}',
), 120_000);

// Found 2026-12-02 in e0d38ba (seeds 10, 38, 51, 68, 120, 166, 188 of 200; they pass on 4dd588b): an operator is
// unbound from an order while their device holds an unsent edit of a record in it. The pull's removal
// (a tombstone) arrives while the edit is pending, so RxDB keeps the local copy; the push is then
// refused (FORBIDDEN, logged, so nothing typed is lost) but answered without a conflict document, and
// the removal is already behind the checkpoint: the record stays on the device, out of scope, for good [S4].
test('[fuzz seed 10] [S4] a record whose refused edit was pending when it left the scope leaves A2 (the second tab)', () => expectSeedPasses(10,
  '{"devices":[0,1,2],"page":3,"ops":[{"k":"create","d":925,"o":0},{"k":"edit","d":235,"r":318,"f":0},{"k":"delete","d":1,"r":342},{"k":"deliver","i":278,"lose":false},{"k":"deliver","i":848,"lose":false},{"k":"deliver","i":366,"lose":true},{"k":"edit","d":454,"r":691,"f":2},{"k":"online","d":349},{"k":"create","d":277,"o":1},{"k":"online","d":2},{"k":"bucket","what":"close","who":"S","o":1},{"k":"deliver","i":220,"lose":true},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"deliver","i":302,"lose":false},{"k":"edit","d":976,"r":649,"f":2},{"k":"edit","d":693,"r":110,"f":0},{"k":"edit","d":743,"r":415,"f":2},{"k":"online","d":373},{"k":"create","d":3,"o":1},{"k":"edit","d":664,"r":834,"f":1}]}',
), 120_000);
test('[fuzz seed 38] [S4] a record whose refused edit was pending when it left the scope leaves A2', () => expectSeedPasses(38,
  '{"devices":[0,1,4],"page":3,"ops":[{"k":"online","d":1000},{"k":"online","d":1},{"k":"bucket","what":"bind","who":"B","o":0},{"k":"deliver","i":2,"lose":false},{"k":"deliver","i":993,"lose":false},{"k":"notify","d":5},{"k":"notify","d":775},{"k":"edit","d":1,"r":4,"f":1},{"k":"edit","d":1,"r":991,"f":1},{"k":"deliver","i":993,"lose":false},{"k":"deliver","i":8,"lose":false},{"k":"notify","d":992},{"k":"online","d":186},{"k":"bucket","what":"unbind","who":"A","o":1},{"k":"edit","d":5,"r":636,"f":0},{"k":"online","d":0},{"k":"deliver","i":9,"lose":false},{"k":"deliver","i":25,"lose":true},{"k":"deliver","i":180,"lose":false},{"k":"edit","d":428,"r":994,"f":1}]}',
), 120_000);
test('[fuzz seed 51] [S4] a record whose refused edit was pending when it left the scope leaves B', () => expectSeedPasses(51,
  '{"devices":[0,2,3],"page":1000,"ops":[{"k":"delete","d":0,"r":796},{"k":"notify","d":995},{"k":"edit","d":3,"r":727,"f":0},{"k":"notify","d":72},{"k":"deliver","i":58,"lose":false},{"k":"deliver","i":1,"lose":true},{"k":"deliver","i":521,"lose":false},{"k":"deliver","i":453,"lose":false},{"k":"edit","d":997,"r":385,"f":2},{"k":"deliver","i":590,"lose":false},{"k":"deliver","i":5,"lose":false},{"k":"notify","d":697},{"k":"edit","d":5,"r":0,"f":1},{"k":"online","d":410},{"k":"edit","d":681,"r":6,"f":1},{"k":"edit","d":329,"r":8,"f":0},{"k":"bucket","what":"unbind","who":"B","o":0},{"k":"deliver","i":541,"lose":false},{"k":"edit","d":992,"r":1,"f":2},{"k":"edit","d":5,"r":5,"f":1},{"k":"edit","d":514,"r":2,"f":1},{"k":"deliver","i":0,"lose":false},{"k":"online","d":720},{"k":"deliver","i":170,"lose":false},{"k":"deliver","i":6,"lose":false},{"k":"edit","d":9,"r":619,"f":0}]}',
), 120_000);
test('[fuzz seed 68] [S4] a record whose refused edit was pending when it left the scope leaves A1', () => expectSeedPasses(68,
  '{"devices":[0,3,4],"page":1000,"ops":[{"k":"deliver","i":810,"lose":false},{"k":"edit","d":347,"r":992,"f":1},{"k":"create","d":998,"o":1},{"k":"edit","d":636,"r":575,"f":1},{"k":"edit","d":9,"r":321,"f":1},{"k":"edit","d":997,"r":993,"f":1},{"k":"notify","d":980},{"k":"edit","d":984,"r":174,"f":1},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"bucket","what":"unbind","who":"B","o":0},{"k":"online","d":9},{"k":"edit","d":791,"r":5,"f":0},{"k":"deliver","i":3,"lose":true},{"k":"edit","d":235,"r":898,"f":2},{"k":"online","d":338},{"k":"deliver","i":6,"lose":false},{"k":"edit","d":2,"r":0,"f":1},{"k":"bucket","what":"close","who":"S","o":0},{"k":"edit","d":6,"r":992,"f":2},{"k":"online","d":96},{"k":"online","d":7},{"k":"deliver","i":464,"lose":false},{"k":"edit","d":5,"r":1,"f":0},{"k":"deliver","i":764,"lose":false},{"k":"delete","d":983,"r":4},{"k":"edit","d":246,"r":304,"f":0},{"k":"online","d":923}]}',
), 120_000);
test('[fuzz seed 120] [S4] a record whose refused edit was pending when it left the scope leaves A2', () => expectSeedPasses(120,
  '{"devices":[0,1],"page":1000,"ops":[{"k":"notify","d":174},{"k":"deliver","i":971,"lose":false},{"k":"edit","d":886,"r":8,"f":2},{"k":"online","d":7},{"k":"edit","d":2,"r":991,"f":1},{"k":"bucket","what":"close","who":"S","o":0},{"k":"bucket","what":"unbind","who":"B","o":1},{"k":"online","d":1},{"k":"notify","d":1},{"k":"edit","d":431,"r":622,"f":2},{"k":"delete","d":714,"r":5},{"k":"online","d":1000},{"k":"online","d":993},{"k":"edit","d":749,"r":142,"f":1},{"k":"deliver","i":716,"lose":false},{"k":"bucket","what":"reopen","who":"B","o":0},{"k":"notify","d":131},{"k":"edit","d":514,"r":945,"f":2},{"k":"deliver","i":416,"lose":false},{"k":"delete","d":2,"r":2},{"k":"deliver","i":7,"lose":false},{"k":"deliver","i":535,"lose":true},{"k":"deliver","i":695,"lose":false},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"deliver","i":838,"lose":false},{"k":"notify","d":6}]}',
), 120_000);
test('[fuzz seed 166] [S4] a record whose refused edit was pending when it left the scope leaves A2', () => expectSeedPasses(166,
  '{"devices":[0,1,3],"page":2,"ops":[{"k":"bucket","what":"unbind","who":"A","o":1},{"k":"deliver","i":86,"lose":true},{"k":"edit","d":221,"r":439,"f":0},{"k":"edit","d":271,"r":36,"f":1},{"k":"edit","d":964,"r":692,"f":0},{"k":"notify","d":82},{"k":"edit","d":587,"r":938,"f":1},{"k":"bucket","what":"unbind","who":"S","o":0},{"k":"edit","d":634,"r":5,"f":2},{"k":"edit","d":617,"r":450,"f":0},{"k":"edit","d":366,"r":598,"f":0},{"k":"deliver","i":576,"lose":false},{"k":"deliver","i":22,"lose":false},{"k":"online","d":801},{"k":"edit","d":943,"r":943,"f":1},{"k":"deliver","i":617,"lose":false},{"k":"deliver","i":433,"lose":false},{"k":"deliver","i":891,"lose":false},{"k":"notify","d":158},{"k":"deliver","i":995,"lose":false},{"k":"deliver","i":681,"lose":false},{"k":"online","d":516},{"k":"edit","d":196,"r":162,"f":2}]}',
), 120_000);
test('[fuzz seed 188] [S4] a record whose refused edit was pending when it left the scope leaves A1 (after a lost reply)', () => expectSeedPasses(188,
  '{"devices":[0,3],"page":5,"ops":[{"k":"deliver","i":4,"lose":false},{"k":"notify","d":938},{"k":"edit","d":1000,"r":188,"f":1},{"k":"edit","d":714,"r":0,"f":0},{"k":"edit","d":1000,"r":122,"f":0},{"k":"edit","d":997,"r":169,"f":2},{"k":"deliver","i":532,"lose":false},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"edit","d":356,"r":695,"f":0},{"k":"deliver","i":5,"lose":true},{"k":"edit","d":742,"r":634,"f":1},{"k":"edit","d":360,"r":548,"f":1},{"k":"notify","d":140},{"k":"notify","d":1000},{"k":"deliver","i":0,"lose":false},{"k":"deliver","i":998,"lose":false},{"k":"deliver","i":998,"lose":true},{"k":"deliver","i":7,"lose":false},{"k":"notify","d":840},{"k":"notify","d":3},{"k":"deliver","i":184,"lose":false},{"k":"edit","d":413,"r":475,"f":1},{"k":"edit","d":39,"r":38,"f":1},{"k":"bucket","what":"bind","who":"B","o":0}]}',
), 120_000);

// Found 2026-12-02 on 4dd588b (18 of 120 seeds: 3, 6, 13, 16, 17, 21, 24, 28, 43, 51, 56, 58, 60, 62,
// 86, 91, 100, 108), passing since e0d38ba with its 'lost' audit entries: a value that loses a
// same-field conflict, or loses to a deletion, in the device's merge was stored nowhere (issue 8 item 4).
test('[fuzz seed 3] [M4] a same-field loser from the other tab that arrives second is kept in the history', () => expectSeedPasses(3,
  '{"devices":[0,1,4],"page":1000,"ops":[{"k":"online","d":465},{"k":"deliver","i":618,"lose":true},{"k":"edit","d":462,"r":91,"f":0},{"k":"bucket","what":"unbind","who":"S","o":1},{"k":"edit","d":648,"r":727,"f":2},{"k":"edit","d":336,"r":749,"f":0},{"k":"edit","d":999,"r":412,"f":0},{"k":"edit","d":941,"r":891,"f":2},{"k":"deliver","i":565,"lose":false},{"k":"edit","d":869,"r":342,"f":1},{"k":"online","d":560},{"k":"edit","d":980,"r":933,"f":2},{"k":"deliver","i":532,"lose":false},{"k":"edit","d":754,"r":632,"f":0},{"k":"edit","d":940,"r":790,"f":0},{"k":"delete","d":638,"r":891},{"k":"edit","d":215,"r":754,"f":0},{"k":"edit","d":387,"r":803,"f":0},{"k":"deliver","i":712,"lose":false},{"k":"edit","d":894,"r":159,"f":1},{"k":"edit","d":165,"r":500,"f":0},{"k":"notify","d":388},{"k":"deliver","i":80,"lose":false},{"k":"edit","d":814,"r":921,"f":0},{"k":"deliver","i":215,"lose":false},{"k":"edit","d":679,"r":832,"f":0}]}',
), 120_000);
test('[fuzz seed 6] [M7] an edit that loses to a deletion is kept in the history', () => expectSeedPasses(6,
  '{"devices":[0,1,2,3],"page":2,"ops":[{"k":"notify","d":994},{"k":"deliver","i":4,"lose":false},{"k":"edit","d":6,"r":992,"f":2},{"k":"delete","d":4,"r":305},{"k":"notify","d":7},{"k":"deliver","i":337,"lose":false},{"k":"deliver","i":666,"lose":false},{"k":"deliver","i":569,"lose":false},{"k":"edit","d":255,"r":6,"f":1},{"k":"delete","d":4,"r":5},{"k":"deliver","i":5,"lose":false},{"k":"deliver","i":3,"lose":false},{"k":"deliver","i":595,"lose":true},{"k":"edit","d":832,"r":228,"f":1},{"k":"bucket","what":"unbind","who":"A","o":1}]}',
), 120_000);
test('[fuzz seed 13] [M4] a same-field loser between two tabs of one user is kept in the history', () => expectSeedPasses(13,
  '{"devices":[0,1,2],"page":1000,"ops":[{"k":"edit","d":5,"r":64,"f":1},{"k":"deliver","i":338,"lose":true},{"k":"online","d":2},{"k":"notify","d":9},{"k":"deliver","i":994,"lose":true},{"k":"deliver","i":996,"lose":false},{"k":"deliver","i":877,"lose":false},{"k":"delete","d":475,"r":4},{"k":"edit","d":319,"r":338,"f":2},{"k":"online","d":1},{"k":"deliver","i":992,"lose":false},{"k":"edit","d":820,"r":4,"f":2},{"k":"notify","d":9},{"k":"deliver","i":146,"lose":false},{"k":"notify","d":988},{"k":"online","d":8},{"k":"deliver","i":864,"lose":false},{"k":"deliver","i":359,"lose":false},{"k":"online","d":934},{"k":"deliver","i":0,"lose":false},{"k":"edit","d":993,"r":369,"f":2},{"k":"deliver","i":0,"lose":false},{"k":"bucket","what":"unbind","who":"B","o":1},{"k":"deliver","i":3,"lose":false},{"k":"deliver","i":997,"lose":true},{"k":"edit","d":2,"r":993,"f":0}]}',
), 120_000);
test('[fuzz seed 21] [M7] an offline edit of a record another tab deleted is kept in the history', () => expectSeedPasses(21,
  '{"devices":[0,2,3],"page":5,"ops":[{"k":"delete","d":440,"r":265},{"k":"notify","d":434},{"k":"edit","d":72,"r":31,"f":2},{"k":"online","d":905},{"k":"online","d":547},{"k":"edit","d":909,"r":906,"f":2},{"k":"notify","d":551},{"k":"edit","d":947,"r":371,"f":1},{"k":"deliver","i":745,"lose":false},{"k":"edit","d":982,"r":33,"f":2},{"k":"notify","d":118},{"k":"edit","d":341,"r":569,"f":1},{"k":"delete","d":362,"r":86},{"k":"online","d":164}]}',
), 120_000);
test('[fuzz seed 24] [M4][M7] several losers, same-field and to a deletion, are all kept in the history', () => expectSeedPasses(24,
  '{"devices":[0,1,4],"page":3,"ops":[{"k":"edit","d":8,"r":579,"f":1},{"k":"deliver","i":4,"lose":false},{"k":"deliver","i":69,"lose":false},{"k":"notify","d":2},{"k":"edit","d":668,"r":831,"f":0},{"k":"delete","d":8,"r":9},{"k":"deliver","i":997,"lose":false},{"k":"notify","d":10},{"k":"online","d":415},{"k":"edit","d":574,"r":997,"f":0},{"k":"edit","d":0,"r":2,"f":2},{"k":"edit","d":7,"r":4,"f":0},{"k":"edit","d":999,"r":3,"f":1},{"k":"edit","d":159,"r":6,"f":1},{"k":"deliver","i":505,"lose":false},{"k":"edit","d":17,"r":545,"f":0},{"k":"deliver","i":7,"lose":false},{"k":"delete","d":567,"r":232},{"k":"edit","d":8,"r":8,"f":0},{"k":"edit","d":2,"r":145,"f":0},{"k":"edit","d":968,"r":424,"f":1},{"k":"edit","d":130,"r":995,"f":1},{"k":"deliver","i":995,"lose":false},{"k":"notify","d":60},{"k":"bucket","what":"bind","who":"B","o":1},{"k":"edit","d":687,"r":1,"f":0},{"k":"online","d":5},{"k":"edit","d":1,"r":822,"f":2}]}',
), 120_000);

// Found 2026-12-02 by a 500-run batch from seed 1000 in defce9f: a create whose reply was lost, re-sent
// after its order was unbound from the operator, was refused like a free id with no copy, and the
// removal had been ignored while the create was unsent: the record stayed on the device. The
// creator's own documents that left their scope are now answered with their removal (S18).
test('[fuzz seed 1163] [S18][S4] a create re-sent after a lost reply, whose record left the scope meanwhile, leaves the device', () => expectSeedPasses(1163,
  '{"devices":[0,2],"page":1000,"ops":[{"k":"deliver","i":3,"lose":true},{"k":"create","d":918,"o":0},{"k":"deliver","i":723,"lose":false},{"k":"deliver","i":27,"lose":false},{"k":"deliver","i":7,"lose":false},{"k":"deliver","i":485,"lose":false},{"k":"deliver","i":562,"lose":false},{"k":"bucket","what":"unbind","who":"A","o":0},{"k":"deliver","i":585,"lose":false},{"k":"delete","d":469,"r":999},{"k":"edit","d":428,"r":5,"f":1},{"k":"edit","d":411,"r":995,"f":2},{"k":"edit","d":103,"r":713,"f":0},{"k":"edit","d":7,"r":999,"f":0}]}',
), 120_000);

test('[fuzz seed 1178] [S18][S4] a create re-sent after a lost reply, whose record left the scope meanwhile, leaves the device', () => expectSeedPasses(1178,
  '{"devices":[0,1],"page":5,"ops":[{"k":"edit","d":720,"r":518,"f":2},{"k":"delete","d":450,"r":352},{"k":"deliver","i":333,"lose":false},{"k":"edit","d":393,"r":466,"f":1},{"k":"deliver","i":88,"lose":false},{"k":"create","d":286,"o":1},{"k":"deliver","i":511,"lose":false},{"k":"deliver","i":829,"lose":true},{"k":"deliver","i":737,"lose":false},{"k":"online","d":161},{"k":"bucket","what":"unbind","who":"A","o":1},{"k":"create","d":469,"o":1}]}',
), 120_000);

// Found 2026-12-03 by the verification loop's fuzz (issue 10 item 8: seed 119 of a first 200, shrunk to
// three steps; with the final generator seeds 714, 1251 and 1427 of 1000 from seed 501 fail the same
// way): V1 writes a comment on ra1 (o1), the push is acknowledged, then V1 is unbound from o1. No pull
// of V1's `comments` had brought a document yet, and RxDB stores no checkpoint from a pull that brings
// none, so V1's next pull carries a null checkpoint: the server answers it as a fresh start, with no
// removal walk for the bucket V1 left, and V1 keeps its own comment out of its scope for good [C3, S4,
// S27]. (Once any pull has brought a comment, the walk removes them all.)
test('[fuzz seed 119] [C3][S4][S27] a comment pushed before any pull brought one leaves its author\'s device with the scope', () => expectSeedPasses(119,
  '{"devices":[0,5],"page":1000,"loop":true,"ops":[{"k":"comment","d":1,"r":0},{"k":"deliver","i":0,"lose":false},{"k":"bucket","what":"unbind","who":"V1","o":0}]}',
), 120_000);
