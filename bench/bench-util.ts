// Shared set-up of the bench scripts: a temporary directory with an embedded PostgreSQL holding a fresh
// `bench` database (the scripts run their migrations and seeding on it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../storage/db/data-source';
import { allowPostgresThrough, startEmbeddedPostgres } from '../storage/embedded/embedded-postgres';

export interface BenchDatabase {
  /** The temporary directory (PostgreSQL's data in `pg/`; the script may put its own files beside it). */
  readonly tempDir: string;
  /** The `bench` database (pool of 4). */
  readonly db: DataSource;
  /** Closes the database, stops PostgreSQL and removes the temporary directory. */
  stop(): Promise<void>;
}

/** Starts an embedded PostgreSQL in a new temporary directory named `<prefix>…` and creates the `bench` database. */
export async function startBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  await allowPostgresThrough(tempDir);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'postgres' });
  const url = new URL(pg.url);
  const admin = createDataSource(url.toString());
  await admin.initialize();
  await admin.query(`CREATE DATABASE bench`);
  await admin.destroy();
  url.pathname = '/bench';
  const db = createDataSource(url.toString(), { poolSize: 4 });
  await db.initialize();
  return {
    tempDir,
    db,
    async stop() {
      await db.destroy();
      await pg.stop();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
