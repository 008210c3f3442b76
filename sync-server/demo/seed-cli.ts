// `npm run demo [-- --force]`: loads the demo organisation into the database main.ts uses (DATA_DIR / DATABASE_URL).
import { createLogger } from '../logger.ts';
import { describeDatabase, openDatabase, openNotifier, readEnvironment } from '../open-database.ts';
import { claimDataDir } from '../ops/data-dir-lock.ts';
import { StartupError } from '../startup-errors.ts';
import { DEMO_PASSWORD, DEMO_USERS, DemoRefused, seedDemo } from './seed.ts';

const logger = createLogger({ level: 'warn' });
const env = readEnvironment();
const force = process.argv.includes('--force');
const say = (line: string) => void process.stdout.write(`${line}\n`);

say(`Kartoteka demo: ${describeDatabase(env)}`);
// An embedded database belongs to one process: refused while a server runs on it (S24).
const lock = env.databaseUrl
  ? null
  : await claimDataDir(env.dataDir).catch((error: unknown) => {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
const db = await openDatabase(env, logger);
const notifier = await openNotifier(env, logger);
let exitCode = 0;
try {
  const started = Date.now();
  const result = await seedDemo(db, { notifier, logger, force });
  say(`Loaded ${result.users.length} users, ${result.orders} orders and ${result.clients} companies in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  say(`Sign in as any of: ${DEMO_USERS.map((u) => u.login).join(', ')} — password: ${DEMO_PASSWORD}`);
} catch (error) {
  if (error instanceof DemoRefused) {
    say('This database already has users, so the demo was not loaded (nothing was changed).');
    say('To replace EVERYTHING in it with the demo organisation, run: npm run demo -- --force');
  } else {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    exitCode = 1;
  }
} finally {
  await notifier.close();
  await db.close();
  await lock?.release();
}
process.exit(exitCode);
