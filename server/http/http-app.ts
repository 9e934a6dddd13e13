import express, { type Application, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Actor, Clock } from '../../workflows/context';
import type { DataSource } from 'typeorm';
import { apiNotFound, errorHandler } from './error-handler';
import { HttpMetrics } from './http-metrics';
import { LOG_SERIALIZERS, REDACTED_PATHS } from './logger';
import { openApiDocument } from './openapi-document';
import { requestContext } from './request-context';
import { RouteTable } from './route-table';
import { securityHeaders } from './security-headers';

export interface HttpAppOptions {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  /** Default limit of raw uploads (PDFs) on `upload` routes. */
  readonly uploadLimitBytes?: number;
  /** Trust one reverse-proxy hop for the client address and protocol (X-Forwarded-*). */
  readonly trustProxy: boolean;
  /** Served over HTTPS: HSTS and upgrade-insecure-requests. */
  readonly https: boolean;
  readonly authenticate: (req: Request, res: Response) => Promise<Actor | undefined>;
}

export interface HttpAppParts {
  readonly app: Application;
  readonly table: RouteTable;
  readonly metrics: HttpMetrics;
  readonly log: Logger;
  /** The OpenAPI document of every route registered so far (built once, on first call). */
  readonly openApi: () => Record<string, unknown>;
}

/**
 * The HTTP pipeline every VanBan app shares, in order: request id and logging, metrics, security
 * headers, `Cache-Control: no-store` on /api, JSON body (size-limited), then whatever `register` mounts (static files, the route
 * table), then coded 404s and the one error handler. createApp uses it with the real
 * routes; framework tests use it with their own.
 */
export function httpApp(options: HttpAppOptions, register: (parts: HttpAppParts) => void): Application {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ? 1 : false);
  app.set('etag', false);

  const log = options.logger.child(
    {},
    { redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS },
  );
  const metrics = new HttpMetrics();
  const table = new RouteTable({
    db: options.db,
    clock: options.clock,
    authenticate: options.authenticate,
    uploadLimitBytes: options.uploadLimitBytes,
  });
  let doc: Record<string, unknown> | undefined;
  const openApi = () =>
    (doc ??= openApiDocument(table.operations, {
      title: 'VanBan API',
      version: '0.1.0',
      description:
        'Văn bản điện tử và chữ ký số / Electronic documents and digital signatures. Errors: ' +
        '`{ error: { code, message, messageVi, details?, requestId } }`.',
    }));

  app.use(requestContext(log));
  app.use(metrics.middleware());
  const strict = securityHeaders({ https: options.https });
  const relaxed = securityHeaders({ https: options.https, inlineStyles: true });
  app.use((req, res, next) => (req.path.startsWith('/api/docs') ? relaxed : strict)(req, res, next));
  // API answers hold personal and official data: never kept by a browser or shared cache (routes that
  // serve files set their own policy, e.g. `private, no-cache`). Swagger UI's static files may be cached.
  app.use((req, res, next) => {
    if (req.path.startsWith('/api/') && !req.path.startsWith('/api/docs'))
      res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    express.json({
      limit: options.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      strict: true,
    }),
  );

  register({ app, table, metrics, log, openApi });

  app.use(table.router);
  app.use(apiNotFound());
  app.use(errorHandler());
  return app;
}
