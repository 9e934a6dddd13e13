import type { UploadQuota } from '../workflows/documents/upload-quota';
import path from 'node:path';
import fs from 'node:fs';
import express, { type Application } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../storage/objects/object-store';
import type { Clock } from '../workflows/context';
import type { SessionCache } from './http/session-cache';
import { createAuthenticator } from './http/authenticator';
import { httpApp } from './http/http-app';
import { LoginRateLimiter, type LoginRateLimits } from './http/login-rate-limiter';
import { archivePackageRoutes } from './routes/archive-package-routes';
import { archiveRoutes } from './routes/archive-routes';
import { auditRoutes } from './routes/audit-routes';
import { fixityRoutes } from './routes/fixity-routes';
import { digitisationRoutes } from './routes/digitisation-routes';
import { notificationRoutes } from './routes/notification-routes';
import { homeRoutes } from './routes/home-routes';
import { passwordRoutes } from './routes/password-routes';
import { authRoutes } from './routes/auth-routes';
import { docsRoutes } from './routes/docs-routes';
import { edxmlAndFederationRoutes, type AppFederation } from './routes/federation-routes';
import { exchangeRoutes } from './routes/exchange-routes';
import { incomingRoutes } from './routes/incoming-routes';
import { registerRoutes } from './routes/register-routes';
import { systemRoutes } from './routes/system-routes';
import { unitRoutes } from './routes/unit-routes';
import { userRoutes } from './routes/user-routes';
import { devPkiRoutes } from './routes/dev-pki-routes';
import { outgoingRoutes } from './routes/outgoing-routes';
import { signingRoutes } from './routes/signing-routes';
import { minimalSigningServices } from './signing/minimal-signing-services';
import type { SigningServices } from '../workflows/signing/signing-services';
import { validationRoutes } from './routes/validation-routes';
import { reportRoutes } from './routes/report-routes';
import { webSupportRoutes } from './routes/web-support-routes';
import { searchRoutes } from './routes/search-routes';
import type { TrustSettings } from '../workflows/validation/server-trust';
import { sharedValidationPool, type ValidationPool } from '../workflows/validation/validation-pool';

export interface AppConfig {
  /** JSON body limit (413 PAYLOAD_TOO_LARGE above it). */
  readonly bodyLimitBytes: number;
  /** Raw upload (PDF) limit (413 PAYLOAD_TOO_LARGE above it); default 300 MiB. */
  readonly uploadLimitBytes?: number;
  /** Behind one reverse proxy: trust its X-Forwarded-For / -Proto (one hop). */
  readonly trustProxy: boolean;
  /** Session cookie `Secure`; also turns on HSTS. */
  readonly cookieSecure: boolean;
  /** Development: the development trust and signing defaults when `mode` is unset. Default: false. */
  readonly devMode?: boolean;
  readonly mode?: 'development' | 'production';
  /** Bearer token for /metrics; unset: loopback clients only. */
  readonly metricsToken?: string;
  /** Login throttling (defaults: DEFAULT_LOGIN_RATE_LIMITS). */
  readonly loginRateLimits?: LoginRateLimits;
  /** Trust of signature validation: trust files, the development root (default: mode only). */
  readonly validation?: Partial<TrustSettings>;
  /** Uploaded files: retention, pending bytes per user and unit, uploads per hour (DEFAULT_UPLOAD_QUOTA). */
  readonly uploadQuota?: UploadQuota;
}

export interface AppDeps {
  readonly db: DataSource;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: AppConfig;
  /** Signing services (server/signing/create-signing-services); without them signing steps answer 503. */
  readonly signing?: SigningServices;
  /** edXML exchange and federation: the server's signing key, peer transport, limits (server/main.ts). */
  readonly federation?: AppFederation;
  /**
   * Session rows checked a moment ago (server/http/session-cache.ts, live while it hears PostgreSQL's
   * change notifications); without it every request reads its session from the database.
   */
  readonly sessions?: SessionCache;
  /** Processes validating untrusted PDFs (default: the shared pool). */
  readonly validationPool?: ValidationPool;
}

/**
 * Where the built web app is (`npm start` / `npm test` build it with Vite into dist/web): dist/web
 * beside dist/server (compiled), or the repository's dist/web from server/ (sources under ts-node).
 * Never web/ itself: its index.html is Vite's source.
 */
function builtWebRoot(): string {
  const compiled = path.basename(path.dirname(__dirname)) === 'dist';
  return compiled ? path.resolve(__dirname, '..', 'web') : path.resolve(__dirname, '..', 'dist', 'web');
}

/** Where the web app is served (web/vite.config.mts `base`; docs/http-api.md "Web app"). */
export const WEB_APP_PATH = '/';
/** Where it was served during the port (issue 8): saved links are sent to WEB_APP_PATH. */
const PORT_PATH = '/next';

/**
 * The VanBan HTTP application: API under /api, /healthz, /metrics, OpenAPI and its UI, and the web
 * shell at /. No listening and no environment reading: server/main.ts builds the dependencies and
 * listens; tests call this with a test database and a temporary object store.
 */
export function createApp(deps: AppDeps): Application {
  const { db, objects, clock, logger, config } = deps;
  const loginLimiter = new LoginRateLimiter(clock, config.loginRateLimits);
  const devMode = config.devMode ?? config.mode === 'development';
  return httpApp(
    {
      db,
      clock,
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      uploadLimitBytes: config.uploadLimitBytes,
      trustProxy: config.trustProxy,
      https: config.cookieSecure,
      authenticate: createAuthenticator({ db, clock, sessions: deps.sessions }),
    },
    ({ app, table, metrics, openApi }) => {
      if (deps.sessions) metrics.watchSessionCache(deps.sessions);
      systemRoutes(table, { db, objects, metrics, metricsToken: config.metricsToken, openApi });
      authRoutes(table, { cookieSecure: config.cookieSecure, loginLimiter });
      unitRoutes(table);
      userRoutes(table);
      auditRoutes(table);
      notificationRoutes(table);
      homeRoutes(table);
      passwordRoutes(table);
      edxmlAndFederationRoutes(table, {
        db,
        clock,
        objects,
        mode: config.mode ?? (devMode ? 'development' : 'production'),
        federation: deps.federation,
      });
      const validation = {
        objects,
        pool: deps.validationPool ?? sharedValidationPool(),
        trust: { mode: config.mode ?? (devMode ? 'development' : 'production'), ...config.validation },
      } as const;
      exchangeRoutes(table, { objects, validation });
      incomingRoutes(table, { objects });
      archiveRoutes(table, { objects });
      archivePackageRoutes(table, { objects, validation });
      fixityRoutes(table);
      registerRoutes(table);
      const signing = deps.signing ?? minimalSigningServices(objects, config.mode ?? 'production');
      outgoingRoutes(table, { objects, signing, uploadQuota: config.uploadQuota });
      signingRoutes(table, { signing });
      webSupportRoutes(table);
      if (signing.dev) devPkiRoutes(table, { dev: signing.dev, signing, clock });
      validationRoutes(table, validation);
      reportRoutes(table);
      digitisationRoutes(table, { objects });
      searchRoutes(table);
      docsRoutes(app);
      // The web app (web/, built by Vite): hashed assets cached for a year, index.html (and the
      // favicon) checked again on every load, so a new build is picked up at once.
      const built = builtWebRoot();
      const web = express.static(built, {
        index: 'index.html',
        setHeaders: (res, file) =>
          res.setHeader(
            'Cache-Control',
            file.includes(`${path.sep}assets${path.sep}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          ),
      });
      // Mounted before the API router by httpApp: skip it for /api, where it cost a stat() per request
      // (measured with bench/route.ts: 6.5% of the server's CPU under inbox load).
      app.use((req, res, next) => {
        if (req.path.startsWith('/api/')) return next();
        // /next/… (the app's address during the port) → /…: the browser keeps the #/… fragment across
        // the redirect, so saved links open the same page. Leading slashes (and backslashes, which
        // browsers read as slashes) collapse to one: `/next//host` must not become `//host`.
        if (req.path === PORT_PATH || req.path.startsWith(`${PORT_PATH}/`)) {
          const rest = req.originalUrl.slice(PORT_PATH.length).replace(/^[/\\]*/, '/');
          return res.redirect(301, rest);
        }
        return web(req, res, next);
      });
      // Not built (a server started without `npm start`, which builds it): say so instead of a bare 404.
      app.get(['/', '/index.html'], (_req, res, next) => {
        if (fs.existsSync(path.join(built, 'index.html'))) return next();
        res
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(
            'Giao diện web chưa được biên dịch: chạy `npm run build:web`. / The web app is not built: run `npm run build:web`.\n',
          );
      });
    },
  );
}
