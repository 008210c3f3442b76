// `npm run fuzz -- --runs 10000 [--seed 1] [--storage device]`: the real-components fuzz with more runs than
// npm test's (200 on RxDB's memory storage; 40 with `--storage device`: the app's device storage stack).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : at >= 0 ? process.argv[at + 1] : fallback;
};
const device = option('storage', 'memory') === 'device';
const runs = option('runs', process.env.FUZZ_RUNS ?? '10000');
const seed = option('seed', device ? '100001' : (process.env.FUZZ_SEED ?? '1'));
const env = device
  ? { ...process.env, FUZZ_DEVICE_RUNS: runs, FUZZ_DEVICE_SEED: seed }
  : { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed };
const file = device ? 'tests/contract/real-fuzz-device-storage.test.ts' : 'tests/contract/real-fuzz.test.ts';
process.stdout.write(`real-fuzz${device ? ' (device storage)' : ''}: ${runs} runs from seed ${seed}\n`);
const child = spawn(join(root, 'node_modules', '.bin', 'vitest'), ['run', file], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
