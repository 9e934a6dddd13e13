import type { Clock } from '../../workflows/context';
import { HttpError } from './http-error';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface TokenBucketOptions {
  /** Failed attempts allowed in a burst. */
  readonly capacity: number;
  /** Failed attempts regained per minute. */
  readonly refillPerMinute: number;
}

/** An in-memory token bucket per key. */
class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly options: TokenBucketOptions) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is back. */
  take(key: string, nowMs: number): number {
    const b = this.refilled(key, nowMs);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.options.refillPerMinute) * 60);
  }

  /** Gives one token back (an attempt that turned out not to be a failure). */
  give(key: string, nowMs: number): void {
    const b = this.refilled(key, nowMs);
    b.tokens = Math.min(this.options.capacity, b.tokens + 1);
  }

  private refilled(key: string, nowMs: number): Bucket {
    const { capacity, refillPerMinute } = this.options;
    const b = this.buckets.get(key) ?? { tokens: capacity, updatedMs: nowMs };
    b.tokens = Math.min(capacity, b.tokens + (Math.max(0, nowMs - b.updatedMs) / 60_000) * refillPerMinute);
    b.updatedMs = nowMs;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.evictFull(nowMs);
    return b;
  }

  private evictFull(nowMs: number): void {
    const { capacity, refillPerMinute } = this.options;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.updatedMs) / 60_000) * refillPerMinute >= capacity) this.buckets.delete(key);
    }
  }
}

export interface LoginRateLimits {
  /** Failed logins per client address (LOGIN_FAILURES_PER_ADDRESS, ..._PER_MINUTE). */
  readonly perIp: TokenBucketOptions;
  /** Failed logins per username, from any address (LOGIN_FAILURES_PER_USERNAME, ..._PER_MINUTE). */
  readonly perUsername: TokenBucketOptions;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  perIp: { capacity: 30, refillPerMinute: 10 },
  perUsername: { capacity: 10, refillPerMinute: 2 },
};

/** One login attempt holding a token of each bucket until its outcome is known. */
export interface LoginAttempt {
  /** The attempt was not a failed guess (it succeeded, or failed for another reason): tokens back. */
  release(): void;
}

/**
 * Login throttling on top of the account lockout, counting failed attempts only: per client address (a
 * password-spraying client) and per username (a targeted account, from any address). A whole office
 * behind one NAT address logging in at 8:00 spends nothing, since successful logins give their tokens
 * back; wrong passwords keep theirs. Each attempt takes its tokens when it starts (so a burst of
 * parallel guesses cannot all pass before the first failure is counted) and gives them back when it
 * succeeds. In-memory, so each replica counts on its own: with N replicas behind a proxy the effective
 * limit is up to N times higher (the database lockout still holds across replicas).
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

  /**
   * Starts an attempt: throws RATE_LIMITED (429, Retry-After) when either bucket is empty, else takes
   * a token of each until the attempt calls release().
   */
  begin(ip: string, username: string): LoginAttempt {
    const now = this.clock.now().getTime();
    const name = username.trim().toLowerCase().slice(0, 100);
    const waitIp = this.ip.take(ip, now);
    const waitUser = this.user.take(name, now);
    if (waitIp > 0 || waitUser > 0) {
      if (waitIp === 0) this.ip.give(ip, now);
      if (waitUser === 0) this.user.give(name, now);
      throw HttpError.rateLimited(Math.max(waitIp, waitUser));
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const at = this.clock.now().getTime();
        this.ip.give(ip, at);
        this.user.give(name, at);
      },
    };
  }
}
