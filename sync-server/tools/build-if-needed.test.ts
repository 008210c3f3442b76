// The build stamp: a start rebuilds the PWA only when something the build reads has changed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { builtHash, inputsHash } from './build-if-needed.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(): string {
  root = mkdtempSync(join(tmpdir(), 'kartoteka-build-'));
  mkdirSync(join(root, 'app', 'ui'), { recursive: true });
  mkdirSync(join(root, 'schemas'), { recursive: true });
  writeFileSync(join(root, 'app', 'ui', 'view.tsx'), 'export const a = 1;');
  writeFileSync(join(root, 'schemas', 'spec.ts'), 'export const b = 1;');
  writeFileSync(join(root, 'vite.config.ts'), 'export default {};');
  writeFileSync(join(root, 'package-lock.json'), '{}');
  return root;
}

it('changes when an app file, a schema, the config or the lock file changes; not for tests', () => {
  const dir = project();
  const first = inputsHash(dir);
  expect(inputsHash(dir)).toBe(first);
  writeFileSync(join(dir, 'app', 'ui', 'view.test.tsx'), 'test');
  writeFileSync(join(dir, 'README.md'), 'not an input');
  expect(inputsHash(dir)).toBe(first);
  for (const file of ['app/ui/view.tsx', 'schemas/spec.ts', 'vite.config.ts', 'package-lock.json']) {
    const before = inputsHash(dir);
    writeFileSync(join(dir, file), `// changed ${file}`);
    expect(inputsHash(dir), file).not.toBe(before);
  }
  const before = inputsHash(dir);
  writeFileSync(join(dir, 'app', 'ui', 'new.ts'), '');
  expect(inputsHash(dir)).not.toBe(before);
});

it('reads the stamp only from a complete build', () => {
  const dir = project();
  expect(builtHash(dir)).toBe('');
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', '.build-stamp'), 'abc\n');
  expect(builtHash(dir)).toBe(''); // no index.html: an interrupted build
  writeFileSync(join(dir, 'dist', 'index.html'), '');
  expect(builtHash(dir)).toBe('abc');
});
