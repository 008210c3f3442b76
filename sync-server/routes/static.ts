// The built PWA from dist/: hashed assets cached forever, everything else revalidated; SPA fallback to index.html.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** Vite puts content-hashed files under /assets/; any other file (sw.js, index.html, manifest) may change in place. */
function cacheControl(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function staticRoutes(dir: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const indexPath = join(dir, 'index.html');

  app.use('*', async (c, next) => {
    c.header('Cache-Control', cacheControl(c.req.path));
    await next();
  });
  app.use('*', serveStatic({ root: dir }));

  // Client-side routes (/zlecenia/12) get the app shell; a missing file (/logo.png) stays a 404.
  app.get('*', (c) => {
    const last = c.req.path.split('/').at(-1) ?? '';
    if (last.includes('.') || !existsSync(indexPath)) return c.text('Not found', 404);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
  return app;
}
