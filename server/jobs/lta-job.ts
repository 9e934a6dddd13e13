import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Certificate } from '../../signing/pki/certificate';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import type { RevocationDataSource } from '../../signing/sign/revocation-data-source';
import type { ObjectStore } from '../../storage/objects/object-store';
import { runLtaUpkeep } from '../../workflows/archive/lta-upkeep';
import type { Clock } from '../../workflows/context';
import { ConfigError } from '../config';

/** LTA upkeep settings of the environment (README, configuration table). */
export interface LtaUpkeepEnv {
  /** LTA_EVERY_HOURS (default 24; 0 = never). */
  readonly everyMs: number;
  /** LTA_HORIZON_DAYS (default 180): renew when the newest TSA certificate expires within this. */
  readonly horizonDays: number;
}

export function ltaUpkeepEnv(env: NodeJS.ProcessEnv): LtaUpkeepEnv {
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new ConfigError(name, `phải là số từ ${min} đến ${max} / must be a number from ${min} to ${max}`);
    }
    return n;
  };
  return {
    everyMs: num('LTA_EVERY_HOURS', 24, 0, 24 * 365) * 3600_000,
    horizonDays: num('LTA_HORIZON_DAYS', 180, 1, 3650),
  };
}

/**
 * Runs the LTA upkeep (workflows/archive/lta-upkeep.ts) ten minutes after start and then every
 * `everyMs`, one run at a time in this process. Without a timestamp service (production without
 * SIGNING_TSA_URL) or revocation data it does not start. Failures are logged; the next run tries again.
 */
export function startLtaUpkeep(o: {
  readonly db: DataSource;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: LtaUpkeepEnv;
  readonly timestampClient?: TimestampClient;
  readonly revocationData?: RevocationDataSource;
  readonly trustAnchors: () => Promise<readonly Certificate[]>;
  readonly firstRunDelayMs?: number;
}): { runNow(): Promise<void>; stop(): Promise<void> } {
  const log = o.logger.child({ component: 'lta-upkeep' });
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runNow = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped || !o.timestampClient || !o.revocationData) return;
      try {
        const r = await runLtaUpkeep(o.db, {
          store: o.objects,
          timestampClient: o.timestampClient,
          revocationData: o.revocationData,
          trustAnchors: await o.trustAnchors(),
          clock: o.clock,
          horizonDays: o.settings.horizonDays,
        });
        if (r.busy) log.info('LTA upkeep skipped: another replica is running it');
        else if (r.failed.length) log.error(r, 'LTA upkeep could not renew some archival PDFs');
        else log.info({ checked: r.checked, renewed: r.renewed.length }, 'LTA upkeep finished');
      } catch (e) {
        log.warn({ err: e }, 'LTA upkeep did not finish; the next run tries again');
      }
    });
    return running;
  };
  const timers: NodeJS.Timeout[] = [];
  if (o.settings.everyMs > 0 && o.timestampClient && o.revocationData) {
    timers.push(setTimeout(() => void runNow(), o.firstRunDelayMs ?? 600_000));
    timers.push(setInterval(() => void runNow(), o.settings.everyMs));
    for (const t of timers) t.unref();
  } else if (o.settings.everyMs > 0) {
    log.warn('no timestamp service or revocation data configured: archival PDFs are not kept at B-LTA');
  }
  return {
    runNow,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await running;
    },
  };
}
