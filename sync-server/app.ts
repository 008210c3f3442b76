// createApp(deps): the server's middleware and route table; main.ts serves it, tests call app.request() on it.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERRORS, type ErrorCode } from '../schemas/protocol/errors.ts';
import { resolveDeps, type AppDeps, type AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { allowedHosts } from './middleware/allowed-hosts.ts';
import { bodyLimits } from './middleware/body-limits.ts';
import { announceProtocol, requireProtocol } from './middleware/protocol.ts';
import { requestLog } from './middleware/request-log.ts';
import { sameOriginJson } from './middleware/same-origin.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { orderRoutes } from './routes/orders.ts';
import { recordRoutes } from './routes/records.ts';
import { setupRoutes } from './routes/setup.ts';
import { staticRoutes } from './routes/static.ts';
import { streamRoutes } from './routes/stream.ts';
import { syncRoutes } from './routes/sync.ts';
import { userRoutes } from './routes/users.ts';

export type { AppDeps } from './context.ts';

/** Maps an HTTPException some middleware threw (e.g. hono's own) onto our codes. */
function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(ERRORS) as ErrorCode[]).find((code) => ERRORS[code].status === status);
  return found ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

export function createApp(appDeps: AppDeps): Hono<AppEnv> {
  const deps = resolveDeps(appDeps);
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders());
  // Before anything reads the request: only the server's own names are answered [S20].
  app.use('*', allowedHosts(deps.serverNames, deps.logger));
  app.use('/api/*', requestLog(deps.logger), announceProtocol());
  // Order matters: an outdated app hears 426 before anything else [S12]; then CSRF, then size.
  app.use('/api/auth/*', requireProtocol());
  app.use('/api/sync/*', requireProtocol());
  app.use('/api/users/*', requireProtocol());
  app.use('/api/orders/*', requireProtocol());
  app.use('/api/records/*', requireProtocol());
  app.use('/api/*', sameOriginJson(), bodyLimits());

  app.route('/api/health', healthRoutes(deps));
  app.route('/api/setup', setupRoutes(deps));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api/sync/stream', streamRoutes(deps));
  app.route('/api/sync', syncRoutes(deps));
  app.route('/api/users', userRoutes(deps));
  app.route('/api/orders', orderRoutes(deps));
  app.route('/api/records', recordRoutes(deps));
  app.all('/api/*', () => {
    throw new ApiError('NOT_FOUND');
  });
  if (deps.staticDir) app.route('/', staticRoutes(deps.staticDir));

  app.notFound((c) => c.json(new ApiError('NOT_FOUND').toBody(), 404));

  // The one error exit: typed codes in, ApiErrorBody out; anything unexpected is logged and a 500.
  app.onError((error, c) => {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof HTTPException && error.status < 500) apiError = new ApiError(codeForStatus(error.status));
    else {
      deps.logger.error('unhandled error', { method: c.req.method, path: c.req.path, error });
      apiError = new ApiError('INTERNAL');
    }
    for (const [name, value] of Object.entries(apiError.headers)) c.header(name, value);
    return c.json(apiError.toBody(), apiError.status as 400);
  });

  return app;
}
