/**
 * The shared PostgreSQL of the test run.
 *
 *   import { useTestDatabase } from '../support/postgres';
 *   describe('registers', () => {
 *     const t = useTestDatabase();          // before(): a fresh, migrated database; after(): dropped
 *     it('numbers from 01', async () => { await t.db.query('SELECT 1'); });
 *   });
 *
 * or, by hand: `const tdb = await createTestDatabase(); ... await tdb.drop();`.
 *
 * One embedded PostgreSQL 17 (temp directory, free port) starts lazily on first use and is stopped at
 * the end of the mocha run (a root-level `after` hook registered when this module loads, plus a
 * synchronous kill on process exit). With `TEST_DATABASE_URL` set (a role allowed to CREATE DATABASE),
 * that server is used instead. Migrations run once into a template database; every test database is a
 * `CREATE DATABASE ... TEMPLATE` copy of it (tens of milliseconds), dropped with `WITH (FORCE)`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../storage/db/data-source';
import {
  allowPostgresThrough,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../../storage/embedded/embedded-postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Initialised TypeORM data source on this database (pool of 5). */
  readonly db: DataSource;
  /** Closes the data source and drops the database. Idempotent. */
  drop(): Promise<void>;
}

const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
const templateName = `vanban_tpl_${runId}`;
let serverPromise: Promise<{ adminUrl: string; embedded?: RunningPostgres; tempDir?: string }> | undefined;
let templatePromise: Promise<void> | undefined;
let counter = 0;
/** CREATE DATABASE from one template is serialised: PostgreSQL refuses while the template is in use. */
let createQueue: Promise<unknown> = Promise.resolve();

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function server(): Promise<{ adminUrl: string; embedded?: RunningPostgres; tempDir?: string }> {
  serverPromise ??= (async () => {
    if (process.env.TEST_DATABASE_URL) return { adminUrl: process.env.TEST_DATABASE_URL };
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-test-pg-'));
    // As root the cluster runs as the postgres account: our own temp dir lets it (only it) through.
    await allowPostgresThrough(tempDir);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
    process.once('exit', () => {
      // Last resort when the root `after` hook did not run (process.exit, crash): immediate shutdown
      // (SIGQUIT) of a throwaway cluster, and its directory removed.
      if (!serverPromise) return;
      try {
        if (embedded.pid) process.kill(embedded.pid, 'SIGQUIT');
      } catch {
        /* already gone */
      }
      fs.rmSync(tempDir, { recursive: true, force: true });
    });
    return { adminUrl: embedded.url, embedded, tempDir };
  })();
  return serverPromise;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { adminUrl } = await server();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function template(): Promise<void> {
  templatePromise ??= (async () => {
    const { adminUrl } = await server();
    await admin((c) => c.query(`CREATE DATABASE ${templateName}`));
    const ds = createDataSource(withDatabase(adminUrl, templateName), { poolSize: 2 });
    await ds.initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
  })();
  return templatePromise;
}

/** The URL of the test server's maintenance database (for tests that manage databases themselves). */
export async function testServerUrl(): Promise<string> {
  return (await server()).adminUrl;
}

/** A fresh database with every migration applied, and an initialised data source on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await template();
  const name = `vanban_test_${runId}_${++counter}`;
  const created = createQueue.then(() =>
    admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`)),
  );
  createQueue = created.catch(() => undefined);
  await created;
  const url = withDatabase((await server()).adminUrl, name);
  const db = createDataSource(url, { poolSize: 5, applicationName: 'vanban-test' });
  await db.initialize();
  let dropped: Promise<void> | undefined;
  return {
    name,
    url,
    db,
    drop: () =>
      (dropped ??= (async () => {
        if (db.isInitialized) await db.destroy();
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      })()),
  };
}

/** Registers before/after hooks in the current `describe`: a fresh database for the suite. */
export function useTestDatabase(): { readonly db: DataSource; readonly url: string; readonly name: string } {
  let current: TestDatabase | undefined;
  before(async () => {
    current = await createTestDatabase();
  });
  after(async () => {
    await current?.drop();
  });
  const get = (): TestDatabase => {
    if (!current) throw new Error('useTestDatabase(): the database exists only inside hooks and tests');
    return current;
  };
  return {
    get db() {
      return get().db;
    },
    get url() {
      return get().url;
    },
    get name() {
      return get().name;
    },
  };
}

async function stopServer(): Promise<void> {
  if (!serverPromise) return;
  const s = await serverPromise.catch(() => undefined);
  serverPromise = undefined;
  if (!s) return;
  if (s.embedded) {
    await s.embedded.stop();
    if (s.tempDir) fs.rmSync(s.tempDir, { recursive: true, force: true });
  } else if (templatePromise) {
    const client = new pg.Client({ connectionString: s.adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  templatePromise = undefined;
}

// Loaded while mocha reads the spec files, so this `after` belongs to the root suite: it runs once,
// after every test of the run.
if (typeof after === 'function') after(stopServer);
