/**
 * The server under test of bench/hostile-sign.ts, run as a child process (from the tree given to the
 * benchmark: the current one, or an older commit exported for a "before" run):
 *
 *   hostile-sign-server <databaseUrl> <dataDir>
 *
 * Migrates the database and seeds the test world (units, leaders, clerks with the tests' password), then
 * serves the real app with the signing services of a development-mode server (createSigningServices:
 * development CA, its TSA and revocation data, and whatever input checks that tree has), request logging
 * into /dev/null.
 */
import 'reflect-metadata';
import pino from 'pino';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/http/logger';
import { createSigningServices } from '../server/signing/create-signing-services';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import { createObjectStore } from '../storage/objects/create-object-store';
import { systemClock } from '../workflows/context';
import { seedWorld } from '../test/server/support/world';
import { serveToParent } from './child-server';

serveToParent(async () => {
  const [databaseUrl, dataDir] = process.argv.slice(2) as [string, string];
  const db = createDataSource(databaseUrl, { applicationName: 'vanban-bench' });
  await db.initialize();
  await runMigrations(db);
  await seedWorld(db);
  const config = loadConfig({ VANBAN_MODE: 'development', DATA_DIR: dataDir, SEED_DEMO: 'false' });
  const objects = await createObjectStore({ kind: 'local', root: `${dataDir}/objects` });
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const signing = await createSigningServices({ config, db, objects, clock: systemClock, logger });
  const app = createApp({
    db,
    objects,
    clock: systemClock,
    logger,
    signing,
    config: { bodyLimitBytes: 1024 * 1024, trustProxy: false, cookieSecure: false, mode: 'development' },
  });
  return { app, close: () => db.destroy() };
});
