// Counts failed sign-ins per key (a login, a client address) in fixed windows; in memory, per server instance.

export interface LoginLimits {
  /** Failed attempts allowed per login per window. */
  perLogin: number;
  /** Failed attempts allowed per client address per window (many logins tried from one place). */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perLogin: 10, perAddress: 50, windowMs: 15 * 60_000 };

// Bounds memory under a flood of distinct keys; expired windows are dropped first.
const MAX_KEYS = 50_000;

export class FailureCounter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const window = this.#windows.get(key);
    if (!window) return 0;
    const left = window.resetAt - this.now();
    if (left <= 0) {
      this.#windows.delete(key);
      return 0;
    }
    return window.count >= this.limit ? left : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const window = this.#windows.get(key);
    if (window && window.resetAt > now) {
      window.count++;
      return;
    }
    if (this.#windows.size >= MAX_KEYS) this.#prune(now);
    this.#windows.set(key, { count: 1, resetAt: now + this.windowMs });
  }

  clear(key: string): void {
    this.#windows.delete(key);
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
    // Still full: forget the oldest tenth at once (Map keeps insertion order), so a flood costs
    // one sweep per 5,000 keys rather than one per key.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < MAX_KEYS * 0.9) break;
      this.#windows.delete(key);
    }
  }
}
