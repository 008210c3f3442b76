// What the route factories receive: the injected dependencies with their defaults, and the per-request variables.
import type { PublicUser } from '../schemas/entities/user.ts';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/password.ts';
import { DEFAULT_LOGIN_LIMITS, FailureCounter, type LoginLimits } from './auth/rate-limit.ts';
import type { Database } from './db/database.ts';
import type { Notifier } from './db/notifier.ts';
import { createLogger, type Logger } from './logger.ts';

export interface AppDeps {
  db: Database;
  notifier: Notifier;
  /** The server clock, epoch ms (injected so tests can move it). */
  now?: () => number;
  logger?: Logger;
  /** scrypt cost for new hashes; tests lower it. */
  passwordParams?: ScryptParams;
  /** The built PWA (dist/); without it only the API is served. */
  staticDir?: string;
  /** Take the client address from X-Forwarded-For (only behind your own proxy). */
  trustProxy?: boolean;
  /** Stream heartbeat interval (S11: 15 s). */
  heartbeatMs?: number;
  loginLimits?: LoginLimits;
}

export interface Deps {
  db: Database;
  notifier: Notifier;
  now: () => number;
  logger: Logger;
  passwordParams: ScryptParams;
  staticDir: string | undefined;
  trustProxy: boolean;
  heartbeatMs: number;
  failuresPerLogin: FailureCounter;
  failuresPerAddress: FailureCounter;
}

export function resolveDeps(deps: AppDeps): Deps {
  const now = deps.now ?? Date.now;
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  return {
    db: deps.db,
    notifier: deps.notifier,
    now,
    logger: deps.logger ?? createLogger({ now }),
    passwordParams: deps.passwordParams ?? DEFAULT_SCRYPT,
    staticDir: deps.staticDir,
    trustProxy: deps.trustProxy ?? false,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    failuresPerLogin: new FailureCounter(limits.perLogin, limits.windowMs, now),
    failuresPerAddress: new FailureCounter(limits.perAddress, limits.windowMs, now),
  };
}

/** Hono's per-request variables, set by requireUser. */
export type AppEnv = {
  Variables: {
    user: PublicUser;
    sessionToken: string;
  };
};
