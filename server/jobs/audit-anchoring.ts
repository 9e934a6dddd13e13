import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import type { ObjectStore } from '../../storage/objects/object-store';
import { anchorAuditHead } from '../../workflows/audit/audit-anchor';
import type { Clock } from '../../workflows/context';

/**
 * Anchors the audit chain's head outside the database (workflows/audit/audit-anchor.ts) once at start
 * and then every `everyMs`, with an RFC 3161 timestamp from the configured TSA (the development TSA in
 * development). Replicas each anchor; an unchanged head is not anchored twice. A failure (database or
 * TSA down) is logged and tried again at the next tick.
 */
export function startAuditAnchoring(o: {
  readonly db: DataSource;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly everyMs: number;
  readonly objects?: ObjectStore;
  readonly timestampClient?: TimestampClient;
}): { anchorNow(): Promise<void>; stop(): Promise<void> } {
  const log = o.logger.child({ component: 'audit-anchor' });
  let running: Promise<void> = Promise.resolve();
  const anchorNow = (): Promise<void> => {
    running = running.then(async () => {
      try {
        const anchor = await anchorAuditHead(o);
        if (anchor)
          log.info({ seq: anchor.seq, timestamped: anchor.tokenSha256 !== null }, 'audit head anchored');
      } catch (e) {
        log.warn({ err: e }, 'anchoring the audit head failed; trying again later');
      }
    });
    return running;
  };
  void anchorNow();
  const timer = setInterval(() => void anchorNow(), o.everyMs);
  timer.unref();
  return {
    anchorNow,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
