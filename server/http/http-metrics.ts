import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SessionCache } from './session-cache';

/**
 * Prometheus metrics of one app instance. Each app owns its registry (tests build several apps in
 * one process; the global registry would mix them).
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vanban_' });
    this.requests = new Counter({
      name: 'vanban_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'vanban_http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** The session cache's state, read at each scrape: live or not, rows kept, lookups answered or not. */
  watchSessionCache(cache: SessionCache): void {
    const registers = [this.registry];
    new Gauge({
      name: 'vanban_session_cache_live',
      help: '1 while the session cache hears change notifications and is used, else 0',
      registers,
      collect() {
        this.set(cache.live ? 1 : 0);
      },
    });
    new Gauge({
      name: 'vanban_session_cache_entries',
      help: 'Session rows kept in memory',
      registers,
      collect() {
        this.set(cache.size);
      },
    });
    let seenHits = 0;
    let seenMisses = 0;
    new Counter({
      name: 'vanban_session_cache_lookups_total',
      help: 'Session lookups of reads while the cache was live, by result (hit, miss)',
      labelNames: ['result'],
      registers,
      collect() {
        this.inc({ result: 'hit' }, cache.hits - seenHits);
        this.inc({ result: 'miss' }, cache.misses - seenMisses);
        seenHits = cache.hits;
        seenMisses = cache.misses;
      },
    });
  }

  /**
   * Records each finished request. The route label is the registered template (`/api/units/:id`),
   * or a fixed word for everything else, so that scanners cannot blow up the label cardinality.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const state = res.locals.vanban as { routeTemplate?: string } | undefined;
        const route = state?.routeTemplate ?? (res.statusCode === 404 ? 'unmatched' : 'static');
        const labels = { method: req.method, route, status: String(res.statusCode) };
        this.requests.inc(labels);
        this.durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    };
  }
}
