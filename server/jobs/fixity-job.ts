import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createObjectStore, type ObjectStoreConfig } from '../../storage/objects/create-object-store';
import type { ObjectStore } from '../../storage/objects/object-store';
import { configureArchiveStorage } from '../../workflows/archive/archival-objects';
import { runFixityCheck } from '../../workflows/archive/fixity';
import { DEFAULT_PACKAGE_RETENTION_DAYS } from '../../workflows/archive/package-expiry';
import type { Clock } from '../../workflows/context';
import { ConfigError } from '../config';

/** The archive storage settings of the environment (README, configuration table). */
export interface ArchiveStorageEnv {
  /** FIXITY_EVERY_HOURS (default 24; 0 = never, e.g. on a replica server). */
  readonly fixityEveryMs: number;
  /** FIXITY_BYTES_PER_SECOND (default 50 MiB/s; 0 = unlimited). */
  readonly fixityBytesPerSecond: number;
  /** ARCHIVE_PERMANENT_LOCK_YEARS (default 100): the lock of a permanent record, plus a legal hold. */
  readonly permanentLockYears: number;
  /** ARCHIVE_REPLICA_DIR: a second (local) object store holding the same objects, to repair from. */
  readonly replicaDir?: string;
  /**
   * ARCHIVE_REPLICA_S3_ENDPOINT (+ _ACCESS_KEY, _SECRET_KEY, _BUCKET, _REGION): or a second S3 bucket,
   * e.g. the target of MinIO bucket replication at another site. Exclusive with ARCHIVE_REPLICA_DIR.
   */
  readonly replicaS3?: Extract<ObjectStoreConfig, { kind: 's3' }>;
}

export function archiveStorageEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): ArchiveStorageEnv {
  const num = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > max) {
      throw new ConfigError(name, `phải là số từ 0 đến ${max} / must be a number from 0 to ${max}`);
    }
    return n;
  };
  const years = num('ARCHIVE_PERMANENT_LOCK_YEARS', 100, 1000);
  if (years < 1) throw new ConfigError('ARCHIVE_PERMANENT_LOCK_YEARS', 'phải ≥ 1 / must be ≥ 1');
  let replicaS3: ArchiveStorageEnv['replicaS3'];
  if (env.ARCHIVE_REPLICA_S3_ENDPOINT) {
    if (env.ARCHIVE_REPLICA_DIR) {
      throw new ConfigError(
        'ARCHIVE_REPLICA_S3_ENDPOINT',
        'không dùng cùng ARCHIVE_REPLICA_DIR / cannot be used with ARCHIVE_REPLICA_DIR',
      );
    }
    let url: URL;
    try {
      const raw = env.ARCHIVE_REPLICA_S3_ENDPOINT;
      url = new URL(raw.includes('://') ? raw : `http://${raw}`);
    } catch {
      throw new ConfigError('ARCHIVE_REPLICA_S3_ENDPOINT', 'không phải URL / is not a URL');
    }
    if (!env.ARCHIVE_REPLICA_S3_ACCESS_KEY || !env.ARCHIVE_REPLICA_S3_SECRET_KEY) {
      throw new ConfigError(
        'ARCHIVE_REPLICA_S3_ACCESS_KEY/ARCHIVE_REPLICA_S3_SECRET_KEY',
        'bắt buộc khi có ARCHIVE_REPLICA_S3_ENDPOINT / are required with ARCHIVE_REPLICA_S3_ENDPOINT',
      );
    }
    replicaS3 = {
      kind: 's3',
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      useSSL: url.protocol === 'https:',
      accessKey: env.ARCHIVE_REPLICA_S3_ACCESS_KEY,
      secretKey: env.ARCHIVE_REPLICA_S3_SECRET_KEY,
      bucket: env.ARCHIVE_REPLICA_S3_BUCKET || 'vanban',
      region: env.ARCHIVE_REPLICA_S3_REGION || 'us-east-1',
      // Read only: the replica is never written by us, so no lock calls are made on it.
      objectLock: false,
    };
  }
  return {
    replicaS3,
    fixityEveryMs: num('FIXITY_EVERY_HOURS', 24, 24 * 365) * 3600_000,
    fixityBytesPerSecond: num('FIXITY_BYTES_PER_SECOND', 50 * 1024 * 1024, 1e12),
    permanentLockYears: years,
    replicaDir: env.ARCHIVE_REPLICA_DIR ? path.resolve(cwd, env.ARCHIVE_REPLICA_DIR) : undefined,
  };
}

/** ARCHIVE_PACKAGE_RETENTION_DAYS (default 7; 0 = finished packages are kept for ever), in ms. */
export function packageRetentionMs(env: NodeJS.ProcessEnv): number {
  const raw = env.ARCHIVE_PACKAGE_RETENTION_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_PACKAGE_RETENTION_DAYS * 86_400_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 3650) {
    throw new ConfigError(
      'ARCHIVE_PACKAGE_RETENTION_DAYS',
      'phải là số ngày từ 0 đến 3650 / must be a number of days from 0 to 3650',
    );
  }
  return n * 86_400_000;
}

/**
 * Configures archive storage (permanent lock, replica) and runs the fixity checker
 * (workflows/archive/fixity.ts) a minute after start and then every `fixityEveryMs`. Replicas may all
 * run it: a PostgreSQL advisory lock lets one checker run at a time, and a run cut short by shutdown
 * or a crash is resumed from its watermark by the next. Failures are logged and tried at the next tick.
 */
export async function startFixityChecker(o: {
  readonly db: DataSource;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: ArchiveStorageEnv;
  readonly firstRunDelayMs?: number;
}): Promise<{ runNow(): Promise<void>; stop(): Promise<void> }> {
  const log = o.logger.child({ component: 'fixity' });
  const replica = o.settings.replicaDir
    ? await createObjectStore({ kind: 'local', root: o.settings.replicaDir }, { clock: o.clock })
    : o.settings.replicaS3
      ? await createObjectStore(o.settings.replicaS3, { clock: o.clock })
      : undefined;
  configureArchiveStorage({ clock: o.clock, permanentLockYears: o.settings.permanentLockYears, replica });
  const abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const runNow = (): Promise<void> => {
    running = running.then(async () => {
      if (abort.signal.aborted) return;
      try {
        const run = await runFixityCheck(o.db, o.objects, {
          clock: o.clock,
          bytesPerSecond: o.settings.fixityBytesPerSecond,
          signal: abort.signal,
        });
        if (run.status === 'skipped') log.info('another fixity checker is running');
        else if (run.failures > 0) log.error(run, 'fixity run found damaged archival objects');
        else log.info(run, 'fixity run finished');
      } catch (e) {
        log.warn({ err: e }, 'fixity run did not finish; the next run resumes it');
      }
    });
    return running;
  };
  const timers: NodeJS.Timeout[] = [];
  if (o.settings.fixityEveryMs > 0) {
    timers.push(setTimeout(() => void runNow(), o.firstRunDelayMs ?? 60_000));
    timers.push(setInterval(() => void runNow(), o.settings.fixityEveryMs));
    for (const t of timers) t.unref();
  }
  return {
    runNow,
    async stop() {
      for (const t of timers) clearTimeout(t);
      abort.abort();
      await running;
      await replica?.close();
    },
  };
}
