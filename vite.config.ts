// Build of the PWA (app/) and the unit/contract test configuration (vitest).
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { precompiledValidators } from './app/local-db/precompile-validators.ts';
import { exceljsStreamShim } from './app/export/vite-plugin.ts';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';
// Libraries of the shell; every other one but workbox-window (loaded apart, by the service worker's registration)
// is reached only through the database chunk.
const SHELL_LIBRARIES = /node_modules[\\/](solid-js|@solidjs[\\/]router|rxjs|tslib)[\\/]/;
const DATABASE_LIBRARY = (id: string) => /node_modules/.test(id) && !SHELL_LIBRARIES.test(id) && !/node_modules[\\/]workbox-/.test(id);
// The app's modules that need RxDB or read its storage (imported only dynamically or by lazy pages: app/local-db/database.ts,
// app/sync/engine.ts, the verdict watcher).
const DATABASE_CHUNK = /kartoteka-validators|[\\/]app[\\/]local-db[\\/](rxdb-database|write-path|validate-storage|list-index|list-reader|sort-key|bench-hook)\.ts|[\\/]app[\\/]sync[\\/](replication|push-requests)\.ts/;
const THEME = '#1d4f91';

export default defineConfig({
  root: 'app',
  publicDir: 'public',
  plugins: [
    solid(),
    precompiledValidators(),
    VitePWA({
      // Our own small service worker (app/pwa/sw.ts): precache + index.html fallback + prompt update.
      strategies: 'injectManifest',
      srcDir: 'pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      // Registered from app code (virtual:pwa-register): no inline script, as the CSP requires.
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
      },
      manifest: {
        name: 'Kartoteka',
        short_name: 'Kartoteka',
        description: 'Zbieranie danych o firmach w zespole, także bez połączenia z internetem',
        lang: 'pl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // The shell (what index.html loads: ≤ 150 kB gzip, `npm run bench` prints it) holds the UI libraries and the
    // code every page shares; RxDB, Dexie, the validators and the replication are one chunk loaded when the
    // database first opens, while the first screen renders (issue 12). Pages stay in their own lazy chunks.
    rolldownOptions: {
      output: {
        codeSplitting: {
          // A group takes the modules it names, not everything they import: the database chunk imports the
          // shell's modules (rxjs, the shared rules) instead of taking them away from it.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'database', test: (id: string) => DATABASE_CHUNK.test(id) || DATABASE_LIBRARY(id), priority: 30 },
            { name: 'vendor', test: SHELL_LIBRARIES, priority: 20 },
            // The data layer every page shares: local database handles, sync, texts, the shared rules.
            { name: 'core', test: /[\\/]app[\\/](local-db|sync|i18n)[\\/]|[\\/]schemas[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  // The Excel export worker (app/export): exceljs's streaming writer with Node modules shimmed; an ES
  // worker chunk loaded only when a user exports. The dev server pre-bundles it with the same shims.
  worker: { format: 'es', plugins: () => [exceljsStreamShim()] },
  optimizeDeps: {
    include: ['exceljs/lib/stream/xlsx/workbook-writer.js'],
    rolldownOptions: { plugins: [exceljsStreamShim()] },
  },
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  test: {
    root: '.',
    include: ['schemas/**/*.test.ts', 'sync-server/**/*.test.ts', 'app/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
    // PostgreSQL-only files (two-instances.test.ts) register no test without TEST_DATABASE_URL.
    passWithNoTests: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
