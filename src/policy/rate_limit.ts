/**
 * Token buckets per principal: one for every call (VSPHERE_RATE_LIMIT_RPS / _BURST, default 5/s, burst 10)
 * and a tighter one for confirmed calls of tools that change something (VSPHERE_RATE_LIMIT_WRITE_RPS /
 * _BURST, default 1/s, burst 3). Buckets idle long enough to be full again are dropped, and the map is
 * capped, so many short-lived principals cannot grow memory without bound.
 */

export interface BucketSettings {
  /** Tokens added per second. */
  rps: number;
  /** Bucket size: calls allowed at once after an idle period. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(
    readonly settings: BucketSettings,
    private readonly options: { maxKeys?: number; now?: () => number } = {},
  ) {
    if (!(settings.rps > 0) || !(settings.burst >= 1)) {
      throw new RangeError(`Invalid rate limit: rps ${settings.rps}, burst ${settings.burst}`);
    }
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`, or says how many seconds until one is available. */
  take(key: string): TakeResult {
    const now = this.#now();
    this.#sweep(now);
    const { rps, burst } = this.settings;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updated: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) / 1000) * rps);
    bucket.updated = now;
    // Re-insert so the map's order is least-recently-used first (for the size cap below).
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rps)) };
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Drops buckets that would be full again (idle ≥ burst/rps), and the oldest ones beyond the cap. */
  #sweep(now: number): void {
    const fullAfterMs = (this.settings.burst / this.settings.rps) * 1000;
    if (now - this.#lastSweep >= Math.min(fullAfterMs, 60_000)) {
      this.#lastSweep = now;
      for (const [key, bucket] of this.#buckets) {
        if (now - bucket.updated >= fullAfterMs) this.#buckets.delete(key);
      }
    }
    const cap = this.options.maxKeys ?? 10_000;
    while (this.#buckets.size >= cap) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done) break;
      this.#buckets.delete(oldest.value);
    }
  }
}

export interface RateLimitSettings {
  all: BucketSettings;
  write: BucketSettings;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  all: { rps: 5, burst: 10 },
  write: { rps: 1, burst: 3 },
};

export class RateLimiter {
  readonly all: TokenBuckets;
  readonly write: TokenBuckets;

  constructor(settings: RateLimitSettings = DEFAULT_RATE_LIMITS, options: { now?: () => number } = {}) {
    this.all = new TokenBuckets(settings.all, options);
    this.write = new TokenBuckets(settings.write, options);
  }

  /** One token from the principal's bucket, and one from its write bucket for a mutating call. */
  take(principal: string, mutating: boolean): TakeResult & { bucket?: "all" | "write" } {
    const all = this.all.take(principal);
    if (!all.ok) return { ...all, bucket: "all" };
    if (!mutating) return all;
    const write = this.write.take(principal);
    return write.ok ? write : { ...write, bucket: "write" };
  }
}
