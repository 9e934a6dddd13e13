import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { SessionRow, SessionRowCache } from '../../workflows/accounts/authenticate';

export interface SessionCacheOptions {
  /** How long a row is used again after it was read. Default 60 s. */
  readonly ttlMs?: number;
  /** Rows kept at most (the oldest go first). Default 50,000 (~9,200 accounts with a few sessions each). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Session rows that authentication read a moment ago, by token hash, so that a burst of requests with
 * one session (a page and its API calls, an integration's loop) costs one database round trip instead
 * of one each. Correct only while something tells it of every change: `live` is set by the listener
 * of `NOTIFY vanban_auth` (startSessionCache) once it listens, and cleared as soon as its connection
 * fails, so a cache that might miss a revocation answers nothing. Every invalidation empties it and
 * moves `generation`, so that a row read before a change but stored after it is not kept.
 */
export class SessionCache implements SessionRowCache {
  private readonly entries = new Map<string, { readonly row: SessionRow; readonly at: number }>();
  private gen = 0;
  private isLive = false;
  /** Lookups answered from memory / not (while live), for /metrics. */
  hits = 0;
  misses = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  get generation(): number {
    return this.gen;
  }

  get live(): boolean {
    return this.isLive;
  }

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string): SessionRow | undefined {
    if (!this.isLive) return undefined;
    const entry = this.entries.get(tokenHash);
    if (entry && this.now() - entry.at < this.ttlMs) {
      this.hits++;
      return entry.row;
    }
    if (entry) this.entries.delete(tokenHash);
    this.misses++;
    return undefined;
  }

  set(tokenHash: string, row: SessionRow, generation: number): void {
    if (!this.isLive || generation !== this.gen) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { row, at: this.now() });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** Something authentication reads has changed (or may have): forget everything. */
  invalidate(): void {
    this.gen++;
    this.entries.clear();
  }

  /** Whether changes are being heard; either way the cache starts empty. */
  setLive(live: boolean): void {
    this.invalidate();
    this.isLive = live;
  }
}

export interface RunningSessionCache {
  readonly cache: SessionCache;
  /** Stops listening (the cache then answers nothing) and closes the connection. */
  close(): Promise<void>;
}

export interface ListenerOptions {
  /** Where the test notification is sent from; default the same database (tests point it elsewhere). */
  readonly probeUrl?: string;
  /** Default 5 s. */
  readonly probeTimeoutMs?: number;
  /** How often the listener's connection is checked with a round trip. Default 10 s. */
  readonly heartbeatMs?: number;
  /** A heartbeat unanswered this long counts as a lost connection. Default 5 s. */
  readonly heartbeatTimeoutMs?: number;
}

/** How long a listener waits for its own test notification before it counts itself deaf. */
const PROBE_TIMEOUT_MS = 5_000;

/** The channel that migration 1764500000000 notifies on every change to sessions or accounts. */
export const AUTH_CHANNEL = 'vanban_auth';

/**
 * A SessionCache with its own PostgreSQL connection listening on `vanban_auth`. The cache is live only
 * between a LISTEN proven to work (a test notification sent from a second connection has arrived) and
 * the first sign of trouble on that connection: an error, its end, or a heartbeat (`SELECT 1` every
 * 10 s) unanswered for 5 s — a connection a firewall dropped in silence would otherwise stay "live" and
 * deaf, so a revocation would wait for the rows' time to live. Then it reconnects with back-off (1 s
 * doubling to 60 s) and starts empty. Resolves once the first attempt
 * has ended, live or not (a database that is down at start does not stop the server: authentication
 * then reads the database each time, as without a cache).
 */
export async function startSessionCache(
  databaseUrl: string,
  logger: Logger,
  options: SessionCacheOptions & ListenerOptions = {},
): Promise<RunningSessionCache> {
  const probeTimeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5_000;
  const clientConfig = (url: string, applicationName: string) => ({
    connectionString: url,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  const cache = new SessionCache(options);
  let client: Client | undefined;
  let closed = false;
  let delayMs = 1_000;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const lost = (c: Client, err?: Error) => {
    if (client !== c) return;
    client = undefined;
    clearInterval(heartbeat);
    cache.setLive(false);
    c.end().catch(() => undefined);
    if (closed) return;
    logger.warn(
      { err: err?.message, retryInMs: delayMs },
      'session cache: change notifications lost; cache off',
    );
    timer = setTimeout(() => void connect(), delayMs);
    timer.unref();
    delayMs = Math.min(60_000, delayMs * 2);
  };

  const connect = async (): Promise<void> => {
    const c = new Client(clientConfig(databaseUrl, 'vanban-auth-listener'));
    client = c;
    let probe: { readonly payload: string; heard(): void } | undefined;
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel !== AUTH_CHANNEL) return;
      // Test notifications (any replica's) say nothing changed; everything else empties the cache.
      if (n.payload?.startsWith('probe:')) {
        if (probe && n.payload === probe.payload) probe.heard();
        return;
      }
      cache.invalidate();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${AUTH_CHANNEL}`);
      // Live only once a notification sent from another connection has arrived: behind a pooler in
      // transaction mode LISTEN succeeds but nothing is ever delivered, and a deaf cache would keep
      // revoked sessions for its time to live.
      const payload = `probe:${randomUUID()}`;
      const heard = new Promise<boolean>((resolve) => {
        const timeout = setTimeout(() => resolve(false), probeTimeoutMs);
        probe = {
          payload,
          heard: () => {
            clearTimeout(timeout);
            resolve(true);
          },
        };
      });
      const sender = new Client(clientConfig(options.probeUrl ?? databaseUrl, 'vanban-auth-probe'));
      try {
        await sender.connect();
        await sender.query(`SELECT pg_notify($1, $2)`, [AUTH_CHANNEL, payload]);
      } finally {
        await sender.end().catch(() => undefined);
      }
      if (!(await heard)) throw new Error('LISTEN answered but a test notification never arrived');
      if (client !== c || closed) return;
      cache.setLive(true);
      delayMs = 1_000;
      let beating = false;
      heartbeat = setInterval(() => {
        if (beating) return;
        beating = true;
        let answered: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
          answered = setTimeout(() => reject(new Error('heartbeat unanswered')), heartbeatTimeoutMs);
        });
        Promise.race([c.query('SELECT 1'), timedOut])
          .catch((e: Error) => lost(c, e))
          .finally(() => {
            clearTimeout(answered);
            beating = false;
          });
      }, heartbeatMs);
      heartbeat.unref();
    } catch (e) {
      lost(c, e as Error);
    }
  };

  await connect();
  return {
    cache,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      const c = client;
      client = undefined;
      cache.setLive(false);
      await c?.end().catch(() => undefined);
    },
  };
}
