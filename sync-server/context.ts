// What the route factories receive: the injected dependencies with their defaults, and the per-request variables.
import type { PublicUser } from '../schemas/entities/user.ts';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/password.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from './auth/rate-limit.ts';
import type { Database } from './db/database.ts';
import type { Notifier } from './db/notifier.ts';
import { createLogger, type Logger } from './logger.ts';
import { ServerNames } from './middleware/allowed-hosts.ts';

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
  /**
   * The server's public addresses (PUBLIC_URL: comma-separated, e.g. https://crm.example.pl):
   * requests under other names than these and loopback are refused, and the session cookie is
   * Secure when they are https [S20].
   */
  publicUrls?: string | readonly string[];
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
  loginLimiter: LoginLimiter;
  serverNames: ServerNames;
}

export function resolveDeps(deps: AppDeps): Deps {
  const now = deps.now ?? Date.now;
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const logger = deps.logger ?? createLogger({ now });
  return {
    db: deps.db,
    notifier: deps.notifier,
    now,
    logger,
    passwordParams: deps.passwordParams ?? DEFAULT_SCRYPT,
    staticDir: deps.staticDir,
    trustProxy: deps.trustProxy ?? false,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    loginLimiter: new LoginLimiter(limits, now, logger),
    serverNames: new ServerNames(deps.publicUrls),
  };
}

/** Hono's per-request variables, set by requireUser and allowedHosts. */
export type AppEnv = {
  Variables: {
    user: PublicUser;
    sessionToken: string;
    /** Whether the session cookie is Secure, decided by allowedHosts from the configuration [S20]. */
    secureCookie: boolean;
  };
};
