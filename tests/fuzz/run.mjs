// `npm run fuzz -- --runs 10000 [--seed 1]`: the real-components fuzz with more runs than CI's 200.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : at >= 0 ? process.argv[at + 1] : fallback;
};
const env = {
  ...process.env,
  FUZZ_RUNS: option('runs', process.env.FUZZ_RUNS ?? '10000'),
  FUZZ_SEED: option('seed', process.env.FUZZ_SEED ?? '1'),
};
process.stdout.write(`real-fuzz: ${env.FUZZ_RUNS} runs from seed ${env.FUZZ_SEED}\n`);
const child = spawn(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'tests/contract/real-fuzz.test.ts'], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
