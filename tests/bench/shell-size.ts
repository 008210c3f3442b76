// The app shell's size (issue 12 item 5): the JavaScript index.html loads before any lazy route — its module
// script, the chunks it modulepreloads and every chunk those import statically — gzipped as Vite reports
// it (zlib's default level, kB = 1,000 bytes). Read from the built dist/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const SHELL_BUDGET_BYTES = 150_000;

export interface ShellSize {
  /** Gzipped bytes of every initial chunk together. */
  gzipBytes: number;
  /** Each chunk with its raw and gzipped size, largest first. */
  chunks: { file: string; bytes: number; gzipBytes: number }[];
}

/** The chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`; never `import("./x.js")`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1]!);
}

export function measureShell(distDir: string): ShellSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ];
  const seen = new Set<string>();
  const queue = entries.map((src) => src.replace(/^\//, ''));
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const path = join(distDir, file);
    if (!existsSync(path)) throw new Error(`index.html loads ${file}, which dist/ does not hold`);
    seen.add(file);
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const imported of staticImports(readFileSync(path, 'utf8'))) {
      queue.push(join(dir, imported).replace(/\\/g, '/'));
    }
  }
  const chunks = [...seen].map((file) => {
    const code = readFileSync(join(distDir, file));
    return { file, bytes: code.length, gzipBytes: gzipSync(code).length };
  }).sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { gzipBytes: chunks.reduce((sum, c) => sum + c.gzipBytes, 0), chunks };
}
