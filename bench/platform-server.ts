/**
 * The server under test of bench/platform.ts, run as a child process so that autocannon and the server
 * do not share one event loop:
 *
 *   platform-server <databaseUrl> <objectsDir>
 *
 * The real app (createApp) over an already seeded database, with the session cache as server/main.ts
 * has it, the login limiter set high (its code still runs) and request logging at info level into
 * /dev/null (serialisation cost kept, no terminal).
 */
import 'reflect-metadata';
import pino from 'pino';
import { createApp } from '../server/app';
import { createLogger } from '../server/http/logger';
import { startSessionCache } from '../server/http/session-cache';
import { createDataSource } from '../storage/db/data-source';
import { createObjectStore } from '../storage/objects/create-object-store';
import { systemClock } from '../workflows/context';
import { serveToParent } from './child-server';

/** High enough that the limiter never answers 429 in a benchmark run. */
const UNLIMITED = { capacity: 1_000_000_000, refillPerMinute: 1_000_000_000 };

serveToParent(async () => {
  const [databaseUrl, objectsDir] = process.argv.slice(2) as [string, string];
  const db = createDataSource(databaseUrl, { applicationName: 'vanban-bench' });
  await db.initialize();
  const objects = await createObjectStore({ kind: 'local', root: objectsDir });
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  // As server/main.ts: checked sessions kept while PostgreSQL's change notifications are heard.
  const sessions = await startSessionCache(databaseUrl, logger);
  const app = createApp({
    db,
    sessions: sessions.cache,
    objects,
    clock: systemClock,
    logger,
    config: {
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      cookieSecure: false,
      mode: 'production',
      loginRateLimits: { perIp: UNLIMITED, perUsername: UNLIMITED },
    },
  });
  return {
    app,
    close: async () => {
      await sessions.close();
      await db.destroy();
    },
  };
});
