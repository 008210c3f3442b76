// `npm start` runs this first: builds the PWA into dist/ only when its inputs changed since the last build.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Everything `vite build` reads: the app, the shared schemas, the build configuration, the locked dependencies. */
const INPUTS = ['app', 'schemas', 'vite.config.ts', 'package-lock.json', 'tsconfig.app.json', 'tsconfig.base.json'];
// Tests and their fixtures live beside the code but never reach the bundle.
const IGNORED = /(\.test\.tsx?$|\/fixtures\/)/;

/** The input's files, relative to the root: itself when a file, every file below it when a directory. */
function files(root: string, input: string): string[] {
  const full = join(root, input);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [input];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** One hash over the path and content of every input file, in a stable order. */
export function inputsHash(root = ROOT): string {
  const hash = createHash('sha256');
  const all = INPUTS.flatMap((input) => files(root, input)).filter((file) => !IGNORED.test(file)).sort();
  for (const file of all) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The hash the last successful build recorded in dist/, or '' when dist/ is missing or incomplete. */
export function builtHash(root = ROOT): string {
  const stamp = join(root, 'dist', '.build-stamp');
  return existsSync(join(root, 'dist', 'index.html')) && existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
}

function main(): void {
  const force = process.argv.includes('--force');
  const wanted = inputsHash();
  const have = builtHash();
  if (!force && have === wanted) {
    process.stdout.write('dist/ is up to date with app/, schemas/ and the build configuration: not rebuilding\n');
    return;
  }
  const why = force ? 'building' : have ? 'app sources changed since the last build' : 'no build yet';
  process.stdout.write(`${why}: running vite build (takes a minute)\n`);
  const vite = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
  const result = spawnSync(vite, ['build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(join(ROOT, 'dist', '.build-stamp'), `${wanted}\n`); // only after a successful build
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
