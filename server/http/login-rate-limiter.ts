import type { Clock } from '../../workflows/context';
import { HttpError } from './http-error';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface TokenBucketOptions {
  /** Attempts allowed in a burst. */
  readonly capacity: number;
  /** Attempts regained per minute. */
  readonly refillPerMinute: number;
}

/** An in-memory token bucket per key. */
class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly options: TokenBucketOptions) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is back. */
  take(key: string, nowMs: number): number {
    const { capacity, refillPerMinute } = this.options;
    const b = this.buckets.get(key) ?? { tokens: capacity, updatedMs: nowMs };
    b.tokens = Math.min(capacity, b.tokens + ((nowMs - b.updatedMs) / 60_000) * refillPerMinute);
    b.updatedMs = nowMs;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.evictFull(nowMs);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / refillPerMinute) * 60);
  }

  private evictFull(nowMs: number): void {
    const { capacity, refillPerMinute } = this.options;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.updatedMs) / 60_000) * refillPerMinute >= capacity) this.buckets.delete(key);
    }
  }
}

export interface LoginRateLimits {
  readonly perIp: TokenBucketOptions;
  readonly perUsername: TokenBucketOptions;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  perIp: { capacity: 30, refillPerMinute: 10 },
  perUsername: { capacity: 10, refillPerMinute: 2 },
};

/**
 * Login throttling on top of the account lockout: per client IP (a password-spraying client) and per
 * username (a targeted account, from any address). In-memory, so each replica counts on its own: with
 * N replicas behind a proxy the effective limit is up to N times higher (the database lockout still
 * holds across replicas).
 */
export class LoginRateLimiter {
  private readonly ip: TokenBuckets;
  private readonly user: TokenBuckets;

  constructor(
    private readonly clock: Clock,
    limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS,
  ) {
    this.ip = new TokenBuckets(limits.perIp);
    this.user = new TokenBuckets(limits.perUsername);
  }

  /** Throws RATE_LIMITED (429, Retry-After) when either bucket is empty. */
  check(ip: string, username: string): void {
    const now = this.clock.now().getTime();
    const waitIp = this.ip.take(ip, now);
    const waitUser = this.user.take(username.trim().toLowerCase().slice(0, 100), now);
    const wait = Math.max(waitIp, waitUser);
    if (wait > 0) throw HttpError.rateLimited(wait);
  }
}
