// Build of the PWA (app/) and the unit/contract test configuration (vitest).
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'app',
  publicDir: 'public',
  plugins: [solid()],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  test: {
    root: '.',
    include: ['schemas/**/*.test.ts', 'sync-server/**/*.test.ts', 'app/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
