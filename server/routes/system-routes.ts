import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';
import { healthCheck } from '../http/health-check';
import { HttpError } from '../http/http-error';
import type { HttpMetrics } from '../http/http-metrics';
import type { RouteTable } from '../http/route-table';

const component = z.object({ ok: z.boolean(), detail: z.string().optional() });
const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: component,
  objectStore: component,
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * /metrics access: with a configured token, `Authorization: Bearer <token>` (compared in constant
 * time); without one, loopback clients only (`req.ip`, which honours the one trusted proxy hop).
 */
function assertMetricsAccess(req: Request, metricsToken: string | undefined): void {
  if (metricsToken) {
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(sha256(given), sha256(metricsToken))) throw HttpError.forbidden();
    return;
  }
  if (!LOOPBACK.has(req.ip ?? '')) throw HttpError.forbidden();
}

/** /healthz, /metrics and /api/openapi.json. */
export function systemRoutes(
  table: RouteTable,
  deps: {
    db: DataSource;
    objects: ObjectStore;
    metrics: HttpMetrics;
    metricsToken?: string;
    openApi: () => unknown;
  },
): void {
  table.route({
    method: 'get',
    path: '/healthz',
    tags: ['system'],
    summary: 'Tình trạng cơ sở dữ liệu và kho lưu trữ / Database and object store health',
    description: '200 when both answer; 503 naming the one that does not.',
    auth: 'public',
    response: healthResponse,
    handler: async ({ res }) => {
      const report = await healthCheck(deps);
      res.setHeader('Cache-Control', 'no-store');
      if (report.status !== 'ok') res.status(503).json(healthResponse.parse(report));
      return report;
    },
  });

  table.route({
    method: 'get',
    path: '/metrics',
    tags: ['system'],
    summary: 'Số liệu Prometheus / Prometheus metrics',
    description:
      'Prometheus text exposition. Bearer METRICS_TOKEN when configured, otherwise loopback clients only.',
    auth: 'public',
    handler: async ({ req, res }) => {
      assertMetricsAccess(req, deps.metricsToken);
      const text = await deps.metrics.registry.metrics();
      res.setHeader('Content-Type', deps.metrics.registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).send(text);
      return undefined;
    },
  });

  table.route({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['system'],
    summary: 'Tài liệu OpenAPI 3.1 / OpenAPI 3.1 document',
    auth: 'public',
    handler: async () => deps.openApi(),
  });
}
