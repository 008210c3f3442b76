// Build of the PWA (app/) and the unit/contract test configuration (vitest).
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { precompiledValidators } from './app/local-db/precompile-validators.ts';
import { exceljsStreamShim } from './app/export/vite-plugin.ts';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';
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
    // Libraries in one long-cached chunk named for what it is; pages stay in their own lazy chunks.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](?!workbox-)/ },
            // The data layer every page shares: local database, sync, texts, the shared rules.
            { name: 'core', test: /kartoteka-validators|[\\/]app[\\/](local-db|sync|i18n)[\\/]|[\\/]schemas[\\/]/ },
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
