// Vite/rolldown plugin that lets exceljs's streaming WorkbookWriter run in a browser worker: inside
// exceljs only, Node modules and Buffer-based helpers are redirected to the small shims in ./shim.
import type { Plugin } from 'vite';

// A file path without node:url, so this file type-checks with the app's browser types ("/C:/…" → "C:/…").
const shim = (file: string) =>
  decodeURIComponent(new URL(`./shim/${file}`, import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

/** Bare module names exceljs's writer requires → shim file. */
const MODULES: Record<string, string> = {
  archiver: 'archiver.cjs',
  'readable-stream': 'readable-stream.cjs',
  fs: 'empty.cjs',
  crypto: 'empty.cjs',
  saxes: 'empty.cjs',
};

/** exceljs's own helpers (relative requires ending so) → shim file. */
const HELPERS: [RegExp, string][] = [
  [/(^|\/)utils\/stream-buf(\.js)?$/, 'stream-buf.cjs'],
  [/(^|\/)utils\/string-buf(\.js)?$/, 'string-buf.cjs'],
];

const fromExceljs = (importer: string | undefined) => !!importer && /[\\/]node_modules[\\/]exceljs[\\/]/.test(importer);

export function exceljsStreamShim(): Plugin {
  return {
    name: 'kartoteka:exceljs-stream-shim',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!fromExceljs(importer)) return null;
      const module = MODULES[source];
      if (module) return shim(module);
      for (const [pattern, file] of HELPERS) if (pattern.test(source)) return shim(file);
      return null;
    },
  };
}
