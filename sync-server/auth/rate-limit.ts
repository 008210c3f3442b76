// Sign-in limits kept in the database (login_limits), so every instance on it shares them: per (login, address) pair, per login and per address, with exponential backoff instead of a wall [S21].
import type { Database, Queryable } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/** A leaky bucket: `free` failures before a wait; one counted failure is forgotten per `leakMs`. */
export interface Bucket {
  free: number;
  leakMs: number;
}

export interface LoginLimits {
  /** One login from one address: the guesser at one account. */
  pair: Bucket;
  /** One login from anywhere: many addresses guessing one account. */
  login: Bucket;
  /** One address, any login: one place trying many accounts (or a whole office behind one proxy). */
  address: Bucket;
  /** The first wait; each further failure doubles it, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A pair that signed in is exempt from its login's and its address's waits this long. */
  trustMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  pair: { free: 5, leakMs: 10 * 60_000 },
  login: { free: 50, leakMs: 60_000 },
  address: { free: 50, leakMs: 60_000 },
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  trustMs: 30 * 24 * 60 * 60_000,
};

type Kind = 'address' | 'login' | 'pair';
/** Rows are always locked in this order, so concurrent attempts never deadlock. */
const KINDS: readonly Kind[] = ['address', 'login', 'pair'];

/** Failures still counted at `now`: one forgotten per `leakMs` since the last failure. */
export function decayed(failures: number, lastFailureAt: number | null, now: number, leakMs: number): number {
  if (lastFailureAt === null) return 0;
  return Math.max(0, failures - Math.floor(Math.max(0, now - lastFailureAt) / leakMs));
}

/** The wait after the `failures`-th counted failure: none before `free`, then first·2^(failures−free), capped. */
export function delayAfter(failures: number, free: number, limits: Pick<LoginLimits, 'firstDelayMs' | 'maxDelayMs'>): number {
  if (failures < free) return 0;
  return Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(failures - free, 40));
}

interface Row {
  failures: number;
  last_failure_at: Date | string | null;
  blocked_until: Date | string | null;
  trusted_until: Date | string | null;
}

const ms = (value: Date | string | null): number | null => (value === null ? null : new Date(value).getTime());
const iso = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

/** Which row of login_limits a kind uses for this attempt. */
function keyOf(kind: Kind, login: string, address: string): [Kind, string, string] {
  if (kind === 'address') return [kind, '', address];
  if (kind === 'login') return [kind, login, ''];
  return [kind, login, address];
}

/** An attempt counted up front; a success gives its count back. */
export interface Attempt {
  login: string;
  address: string;
  /** blocked_until before and after this attempt, per kind: a success restores `before` if nobody changed it since. */
  blocked: Record<Kind, { before: string | null; after: string | null }>;
}

// Expired rows are swept at most this often per instance, a bounded batch at a time.
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 1000;

export class LoginLimiter {
  #lastSweep = -Infinity;

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /**
   * Checks the limits and, unless one says wait, counts this attempt as a failure before the
   * password is even checked: concurrent guesses (on any instance) see each other, and a crash
   * mid-check costs the guesser, not the limit. `login` is '' for one that cannot exist.
   */
  async begin(db: Database, login: string, address: string): Promise<{ waitMs: number; attempt?: Attempt }> {
    const now = this.now();
    const result = await db.transaction(async (tx) => {
      const rows = {} as Record<Kind, Row>;
      for (const kind of KINDS) {
        // Creates the row if missing and locks it either way (the no-op update takes the lock).
        const found = await tx.query<Row>(
          `INSERT INTO login_limits (kind, login, address, failures, forget_at) VALUES ($1, $2, $3, 0, $4::timestamptz)
           ON CONFLICT (kind, login, address) DO UPDATE SET failures = login_limits.failures
           RETURNING failures, last_failure_at, blocked_until, trusted_until`,
          [...keyOf(kind, login, address), iso(now)],
        );
        rows[kind] = found.rows[0]!;
      }
      // A pair that signed in before is the account holder's usual place: an attack on the login
      // from elsewhere, or on other logins from this address, does not make it wait.
      const trusted = (ms(rows.pair.trusted_until) ?? 0) > now;
      const waits = KINDS.filter((kind) => kind === 'pair' || !trusted).map((kind) => (ms(rows[kind].blocked_until) ?? 0) - now);
      const waitMs = Math.max(0, ...waits);
      if (waitMs > 0) return { waitMs };

      const blocked = {} as Attempt['blocked'];
      for (const kind of KINDS) {
        const row = rows[kind];
        const bucket = this.limits[kind];
        const failures = decayed(Number(row.failures), ms(row.last_failure_at), now, bucket.leakMs) + 1;
        const delay = delayAfter(failures, bucket.free, this.limits);
        const before = ms(row.blocked_until);
        // A trusted pair passed a running wait of its address or login: that wait is kept, not shortened.
        const after = delay > 0 ? Math.max(now + delay, before ?? 0) : before !== null && before > now ? before : null;
        const forgetAt = Math.max(now + failures * bucket.leakMs, after ?? 0, ms(row.trusted_until) ?? 0);
        await tx.query(
          `UPDATE login_limits SET failures = $4, last_failure_at = $5::timestamptz, blocked_until = $6::timestamptz, forget_at = $7::timestamptz
           WHERE kind = $1 AND login = $2 AND address = $3`,
          [...keyOf(kind, login, address), failures, iso(now), iso(after), iso(forgetAt)],
        );
        blocked[kind] = { before: iso(before), after: iso(after) };
      }
      return { waitMs: 0, attempt: { login, address, blocked } };
    });
    if (now - this.#lastSweep >= SWEEP_EVERY_MS) {
      this.#lastSweep = now;
      // A failed sweep only leaves rows for the next one: the attempt itself is already decided.
      await this.#sweep(db, now).catch((error: unknown) => this.logger.warn('login limit sweep failed', { error }));
    }
    return result;
  }

  /** The password was right: the pair's failures are forgotten and it becomes trusted; the others get this attempt back. */
  async succeeded(db: Database, attempt: Attempt): Promise<void> {
    const now = this.now();
    const trustedUntil = iso(now + this.limits.trustMs);
    await db.transaction(async (tx) => {
      for (const kind of KINDS) {
        const key = keyOf(kind, attempt.login, attempt.address);
        if (kind === 'pair') {
          await tx.query(
            `UPDATE login_limits SET failures = 0, blocked_until = NULL, trusted_until = $4::timestamptz,
               forget_at = greatest(forget_at, $4::timestamptz)
             WHERE kind = $1 AND login = $2 AND address = $3`,
            [...key, trustedUntil],
          );
          continue;
        }
        // The wait this attempt set is undone unless another attempt has set a newer one since.
        await tx.query(
          `UPDATE login_limits SET failures = greatest(failures - 1, 0),
             blocked_until = CASE WHEN blocked_until IS NOT DISTINCT FROM $4::timestamptz THEN $5::timestamptz ELSE blocked_until END
           WHERE kind = $1 AND login = $2 AND address = $3`,
          [...key, attempt.blocked[kind].after, attempt.blocked[kind].before],
        );
      }
    });
  }

  /** An administrator lifts every wait of a login (its own and its pairs'); trust already earned stays. */
  async unlock(tx: Queryable, login: string): Promise<void> {
    // Login row first, then pairs: the order begin() locks them in.
    await tx.query("UPDATE login_limits SET failures = 0, blocked_until = NULL WHERE kind = 'login' AND login = $1", [login]);
    await tx.query("UPDATE login_limits SET failures = 0, blocked_until = NULL WHERE kind = 'pair' AND login = $1", [login]);
  }

  /**
   * Deletes rows with nothing left to remember; skips rows in use, so it never waits or deadlocks.
   * A full batch means more are waiting: the next attempt sweeps again (an attack from many
   * addresses adds up to three rows per guess, a sweep removes a thousand).
   */
  async #sweep(db: Database, now: number): Promise<void> {
    const swept = await db.query(
      `DELETE FROM login_limits WHERE (kind, login, address) IN (
         SELECT kind, login, address FROM login_limits WHERE forget_at < $1::timestamptz LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
      [iso(now)],
    );
    if (swept.rowCount >= SWEEP_BATCH) this.#lastSweep = -Infinity;
  }
}
