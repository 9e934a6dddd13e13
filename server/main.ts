import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { ensureAppRole, isSuperuser } from '../storage/db/app-role';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../storage/embedded/embedded-postgres';
import { createObjectStore } from '../storage/objects/create-object-store';
import { useAuditAnchorsDir } from '../workflows/audit/audit-anchor';
import { loadAuditKey, useAuditKey } from '../workflows/audit/audit-key';
import { seedDemoProvince } from '../workflows/directory/seed-demo-province';
import { seedRecentDemoHistory } from '../workflows/demo/demo-history';
import { systemClock } from '../workflows/context';
import { createApp } from './app';
import { createSigningServices } from './signing/create-signing-services';
import { loadConfig, type ServerConfig } from './config';
import { createLogger } from './http/logger';
import { startSessionCache, type RunningSessionCache } from './http/session-cache';
import { startAuditAnchoring } from './jobs/audit-anchoring';
import { archiveStorageEnv, packageRetentionMs, startFixityChecker } from './jobs/fixity-job';
import { ltaUpkeepEnv, startLtaUpkeep } from './jobs/lta-job';
import { documentJobHandlers } from './jobs/document-job-handlers';
import { startJobWorker, type JobWorker } from './jobs/job-worker';
import { edxmlJobHandlers } from './jobs/edxml-job-handlers';
import { mailNotificationHandlers } from './jobs/mail-notifications';
import { edxmlSignerSource } from './jobs/edxml-signer-source';
import { storageJobHandlers } from './jobs/storage-job-handlers';
import { PACKAGE_EXPORT_JOB, packageExportJob } from '../workflows/archive/package-jobs';
import { reportJobs } from './jobs/report-jobs';
import { SEARCH_TEXT_JOB, searchTextJob } from '../workflows/search/search-text-job';
import { checkSearchSettings, ensureSearchIndexed } from '../workflows/search/check-search-settings';
import { archiveJobs } from '../workflows/archive/archive-jobs';
import { ocrJobHandlers } from './jobs/ocr-job';
import { httpsPeerTransport } from '../workflows/federation/peer-transport';
import { isolatedValidatePdf } from '../workflows/validation/isolated-validate-pdf';
import { loadServerTrust, type TrustSettings } from '../workflows/validation/server-trust';
import { validationJobHandlers } from '../workflows/validation/validate-batch-file';
import { sharedValidationPool } from '../workflows/validation/validation-pool';

/**
 * Bootstrap: configuration → PostgreSQL (embedded or external) → migrations → object store → demo
 * seed → HTTP. SIGINT/SIGTERM drain open requests, close the pool and stop the embedded PostgreSQL.
 */
export async function main(
  config: ServerConfig = loadConfig(),
  o: { readonly onFatal?: (reason: string) => void } = {},
): Promise<{ close(): Promise<void> }> {
  const logger = createLogger({ level: config.logLevel });
  const clock = systemClock;
  const onFatal = o.onFatal ?? exitForSupervisor(logger);
  let closing: Promise<void> | undefined;

  let postgres: RunningPostgres | undefined;
  /** What requests and jobs connect as (no superuser), and the tables' owner (migrations, grants). */
  let databaseUrl: string;
  let ownerUrl: string;
  if (config.database.kind === 'embedded') {
    const embedded = config.database;
    const pgLog = (line: string) => logger.debug({ component: 'postgres' }, line);
    logger.info({ dataDir: embedded.dataDir }, 'starting embedded PostgreSQL');
    postgres = await startEmbeddedPostgres({ dataDir: embedded.dataDir, port: embedded.port, log: pgLog });
    databaseUrl = postgres.appUrl;
    ownerUrl = postgres.url;
    // When the embedded PostgreSQL dies under the server, it is started again on the same cluster and
    // port (the pool reconnects by itself) with a bounded back-off; if it cannot be, the server exits
    // non-zero for its supervisor rather than answer 503 for ever.
    const watch = (running: RunningPostgres): void => {
      void running.exited.then(async () => {
        if (closing) return;
        logger.error({ pid: running.pid }, 'embedded PostgreSQL exited; restarting it');
        let lastError: unknown;
        for (const wait of EMBEDDED_RESTART_BACKOFF_MS) {
          await new Promise((r) => setTimeout(r, wait));
          if (closing) return;
          try {
            const next = await startEmbeddedPostgres({
              dataDir: embedded.dataDir,
              port: running.port,
              log: pgLog,
              requireExisting: true,
            });
            if (closing) return void (await next.stop());
            postgres = next;
            logger.warn({ pid: next.pid }, 'embedded PostgreSQL restarted');
            return watch(next);
          } catch (e) {
            lastError = e;
            logger.error({ err: e }, 'restarting the embedded PostgreSQL failed');
          }
        }
        const err = lastError as { message?: string } | undefined;
        onFatal(
          `PostgreSQL nhúng đã dừng và không khởi động lại được / the embedded PostgreSQL died and could not be restarted (${EMBEDDED_RESTART_BACKOFF_MS.length} attempts): ${err?.message ?? String(lastError)}`,
        );
      });
    };
    watch(postgres);
  } else {
    databaseUrl = config.database.url;
    ownerUrl = config.database.migrationUrl ?? config.database.url;
  }

  // DATA_DIR is private when this start creates it: 0700 (as root with the embedded PostgreSQL, 0710 with
  // the postgres account's group, made by startEmbeddedPostgres). An existing one is left as it is.
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });

  // Requests and jobs: timeouts turn a silent database into 503s within seconds. Migrations and the demo
  // seed run on their own connections without them (a migration may legitimately run long).
  const db = createDataSource(databaseUrl, {
    applicationName: 'vanban-server',
    timeouts: config.databaseTimeouts,
  });
  // Background jobs: the same timeouts except a minute per statement (a storage sweep may be slow; no
  // request waits on it), on a small pool of their own.
  const jobsDb = createDataSource(databaseUrl, {
    applicationName: 'vanban-jobs',
    poolSize: 4,
    timeouts: {
      ...config.databaseTimeouts,
      statementMs: Math.max(60_000, config.databaseTimeouts.statementMs),
    },
  });
  const setup = createDataSource(ownerUrl, { applicationName: 'vanban-setup', poolSize: 2 });
  // The audit chain is keyed with a key that is not in the database, and its head anchored outside it.
  useAuditKey(loadAuditKey({ envKey: config.auditHmacKey, dataDir: config.dataDir }));
  useAuditAnchorsDir(config.dataDir);
  let anchoring: ReturnType<typeof startAuditAnchoring> | undefined;
  let fixity: Awaited<ReturnType<typeof startFixityChecker>> | undefined;
  let lta: ReturnType<typeof startLtaUpkeep> | undefined;
  let server: Server;
  let jobs: JobWorker | undefined;
  let ocrJobs: JobWorker | undefined;
  let sessions: RunningSessionCache | undefined;
  let demoLogins: Awaited<ReturnType<typeof seedDemoProvince>> | undefined;
  let devPin: string | undefined;
  try {
    await setup.initialize();
    const applied = await runMigrations(setup);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    if (ownerUrl !== databaseUrl) {
      // The application role may read and write the tables but owns none (so it cannot bypass the
      // audit trail's trigger) and may only append to audit_events.
      const app = new URL(databaseUrl);
      await ensureAppRole(
        setup,
        decodeURIComponent(app.username),
        postgres ? decodeURIComponent(app.password) : undefined,
        decodeURIComponent(app.password),
      );
    }
    await db.initialize();
    await jobsDb.initialize();
    // Search folds Vietnamese itself; refuse a database that cannot (docs/search.md).
    logger.info({ database: await checkSearchSettings(db) }, 'search: Vietnamese folding checked');
    if (await isSuperuser(db)) {
      logger.warn(
        'the server connects to PostgreSQL as a superuser, which can bypass the audit trail trigger: give DATABASE_URL a role without superuser rights and DATABASE_MIGRATION_URL the owner (docs/deployment.md)',
      );
    }
    // Checked sessions kept a moment, emptied on every change that PostgreSQL notifies (vanban_auth).
    sessions = await startSessionCache(databaseUrl, logger);

    const objects = await createObjectStore(config.objectStore, { clock });
    // Development: opens (or creates) the development CA under DATA_DIR/pki before anything reads it.
    const signing = await createSigningServices({ config, db, objects, clock, logger });
    devPin = signing.dev?.pin;

    if (config.seedDemo) {
      const started = Date.now();
      demoLogins = await seedDemoProvince(setup, { clock });
      logger.info({ ms: Date.now() - started }, 'demo province ready');
      // A few hundred documents of the last three months, once, in the background (issue 13 item 7),
      // signed through the development CA at their own moments.
      void seedRecentDemoHistory(db, { clock, objects, signing }).then(
        (r) => r && logger.info({ history: r }, 'demo history seeded'),
        (e: unknown) => logger.error({ err: e }, 'demo history failed'),
      );
    }

    // A data directory from before the search index: build it in the background.
    void ensureSearchIndexed(db).then(
      (r) => r && logger.info({ search: r.expected }, 'search index built'),
      (e: unknown) => logger.error({ err: e }, 'search index build failed'),
    );

    // One trust list and one pool of isolated validation processes for the API, batches and arrival.
    const trust: TrustSettings = {
      mode: config.mode,
      trustPaths: [path.join(config.dataDir, 'trust')],
      devRootPath: path.join(config.dataDir, 'pki', 'root-ca.pem'),
    };
    const validationPool = sharedValidationPool();
    // edXML and federation: one signing key (opened on first use), one HTTPS transport to the peers.
    const federation = {
      signer: edxmlSignerSource(
        {
          mode: config.mode,
          dataDir: config.dataDir,
          publicUrl: config.publicUrl,
          p12Path: config.federation.signingP12,
          p12Password: config.federation.signingPassword,
          // Development: the certificate names the top-level unit that signs the packages.
          signingUnit: async () => {
            const [u]: { name: string; code: string }[] = await db.query(
              `SELECT name, code FROM units WHERE parent_id IS NULL AND valid_to IS NULL ORDER BY valid_from, code LIMIT 1`,
            );
            return u;
          },
        },
        clock,
      ),
      transport: httpsPeerTransport({ timeoutMs: config.federation.timeoutMs }),
      maxBytes: config.federation.maxBytes,
      inboxRequiresTls: config.federation.inboxRequiresTls,
    };
    const app = createApp({
      db,
      objects,
      clock,
      logger,
      config: { ...config, validation: trust },
      signing,
      validationPool,
      federation,
      sessions: sessions.cache,
    });
    const storage = storageJobHandlers({
      objects,
      sweep: {
        batchUploadRetentionMs: config.validationUploadRetentionDays * 86_400_000,
        uploadedFileTtlMs: config.uploadQuota.retentionMs,
      },
    });
    jobs = startJobWorker({
      db: jobsDb,
      clock,
      logger,
      recurring: [...storage.recurring, ...archiveJobs({ objects }).recurring, ...reportJobs().recurring],
      lockMs: config.jobLeaseSeconds * 1000,
      handlers: {
        ...storage.handlers,
        ...reportJobs().handlers,
        [SEARCH_TEXT_JOB]: searchTextJob({ objects }),
        ...archiveJobs({ objects, packageRetentionMs: packageRetentionMs(process.env) }).handlers,
        [PACKAGE_EXPORT_JOB]: packageExportJob({ objects }),
        ...documentJobHandlers({
          objects,
          trustAnchors: async () => (await loadServerTrust(db, trust)).anchors,
          validate: isolatedValidatePdf(validationPool),
        }),
        ...validationJobHandlers({ objects, pool: validationPool, trust }),
        ...mailNotificationHandlers({ mail: config.mail, publicUrl: config.publicUrl }),
        ...edxmlJobHandlers({
          objects,
          signer: federation.signer,
          transport: federation.transport,
          limits: { maxBytes: federation.maxBytes },
        }),
      },
    });
    // OCR of scans runs minutes per record: its own worker, one job at a time, so that it never holds up
    // deliveries, mail and sweeps behind it (docs/digitisation.md).
    ocrJobs = startJobWorker({
      db: jobsDb,
      clock,
      logger,
      lockMs: config.jobLeaseSeconds * 1000,
      batch: 1,
      handlers: ocrJobHandlers({ db: jobsDb, objects }),
    });
    await setup.destroy();
    server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    anchoring = startAuditAnchoring({
      db,
      dataDir: config.dataDir,
      clock,
      logger,
      everyMs: config.auditAnchorMinutes * 60_000,
      objects,
      timestampClient: signing.timestampClient,
    });
    fixity = await startFixityChecker({
      db: jobsDb,
      objects,
      clock,
      logger,
      settings: archiveStorageEnv(process.env),
    });
    // Archival PDFs kept at PAdES B-LTA (docs/archive.md, "Signatures kept valid").
    lta = startLtaUpkeep({
      db: jobsDb,
      objects,
      clock,
      logger,
      settings: ltaUpkeepEnv(process.env),
      timestampClient: signing.timestampClient,
      revocationData: signing.revocationData,
      trustAnchors: async () => (await loadServerTrust(db, trust)).anchors,
    });
  } catch (e) {
    // Leave nothing running behind a failed start.
    await jobs?.stop().catch(() => undefined);
    await ocrJobs?.stop().catch(() => undefined);
    await sessions?.close();
    if (db.isInitialized) await db.destroy().catch(() => undefined);
    if (jobsDb.isInitialized) await jobsDb.destroy().catch(() => undefined);
    if (setup.isInitialized) await setup.destroy().catch(() => undefined);
    closing = Promise.resolve();
    await postgres?.stop().catch(() => undefined);
    throw e;
  }
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  printBanner(config, port, demoLogins, devPin);

  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut so that shutdown always ends.
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 10_000).unref();
      });
      await jobs?.stop();
      // An OCR in hand is not waited for beyond 10 s: its lease lapses and it runs again (it retries whole).
      await Promise.race([ocrJobs?.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      await anchoring?.stop();
      await fixity?.stop();
      await lta?.stop();
      await sharedValidationPool().close();
      await sessions?.close();
      await db.destroy().catch((e) => logger.warn({ err: e }, 'closing the database pool failed'));
      await jobsDb.destroy().catch((e) => logger.warn({ err: e }, 'closing the jobs pool failed'));
      await postgres?.stop();
      logger.info('stopped');
    })());
  return { close };
}

/** Waits before each attempt to start a dead embedded PostgreSQL again (then the server exits 1). */
const EMBEDDED_RESTART_BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

function exitForSupervisor(logger: Logger): (reason: string) => void {
  return (reason) => {
    logger.fatal({ reason }, 'exiting');
    process.stderr.write(`\n✗ ${reason}\n`);
    process.exit(1);
  };
}

function printBanner(
  config: ServerConfig,
  port: number,
  demo: Awaited<ReturnType<typeof seedDemoProvince>> | undefined,
  devPin?: string,
): void {
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const lines = [
    '',
    `VanBan đang chạy tại / is running at ${url}`,
    `  API: ${url}/api/docs    Sức khỏe / health: ${url}/healthz`,
  ];
  if (demo && demo.logins.length) {
    lines.push('', 'Tài khoản dùng thử / demo logins:');
    for (const l of demo.logins)
      lines.push(`  ${l.username.padEnd(28)} ${l.password}   ${l.role} — ${l.unitName}`);
  }
  if (devPin !== undefined) {
    lines.push(
      '',
      `Ký số thử / demo signing: chứng thư phát triển cấp khi dùng lần đầu, mã PIN / PIN ${devPin}`,
      `  CRL, OCSP, TSA: ${url}/pki/dev/issuing-ca.crl, ${url}/pki/dev/ocsp, ${url}/pki/dev/tsa`,
    );
  }
  lines.push('', 'Nhấn Ctrl-C để dừng / press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

function installSignalHandlers(close: () => Promise<void>, logger: Logger): void {
  let count = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // The embedded-postgres package hooks these signals when imported (async-exit-hook) to stop
    // PostgreSQL and exit at once; ours drain requests first and then stop it, so theirs go.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (++count > 1) process.exit(130);
      close().then(
        () => process.exit(0),
        (e) => {
          logger.error({ err: e }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (require.main === module) {
  const bootLogger = createLogger({ level: 'info' });
  // A start that stops making progress (nothing left to wait on before the server listens) would let node
  // exit 0 having served nothing; it is a failed start instead, and says so.
  const stalled = () => {
    bootLogger.fatal('startup stalled: nothing left to wait for before the server listened');
    process.stderr.write(
      '\n✗ Không khởi động được / could not start: quá trình khởi động dừng giữa chừng / the start stalled before listening\n',
    );
    process.exit(1);
  };
  process.once('beforeExit', stalled);
  main().then(
    (running) => {
      process.off('beforeExit', stalled);
      installSignalHandlers(running.close, bootLogger);
    },
    (e: unknown) => {
      const err = e as { code?: string; messageVi?: string; message?: string };
      bootLogger.fatal({ err: e }, 'startup failed');
      process.stderr.write(
        `\n✗ Không khởi động được / could not start: ${err.messageVi ?? ''} ${err.message ?? e}\n`,
      );
      process.exit(1);
    },
  );
}
