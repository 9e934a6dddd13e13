import fs from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../storage/db/data-source';
import { startEmbeddedPostgres } from '../../storage/embedded/embedded-postgres';
import type { ServerConfig } from '../config';

/**
 * A database for a CLI command: `DATABASE_URL` when configured; otherwise the embedded cluster under
 * DATA_DIR — the running server's if it answers (never stopped by us), else started for the command and
 * stopped afterwards.
 */
export async function openDatabase(
  config: ServerConfig,
): Promise<{ db: DataSource; close(): Promise<void> }> {
  if (config.database.kind === 'external') return open(config.database.url, async () => undefined);

  const dataDir = config.database.dataDir;
  const record = await fs
    .readFile(path.join(dataDir, 'vanban-cluster.json'), 'utf8')
    .then((text) => JSON.parse(text) as { port: number; password: string })
    .catch(() => undefined);
  if (record) {
    const url = `postgres://postgres:${encodeURIComponent(record.password)}@127.0.0.1:${record.port}/vanban`;
    const running = await open(url, async () => undefined).catch(() => undefined);
    if (running) return running;
  }
  const pg = await startEmbeddedPostgres({ dataDir, port: config.database.port });
  return open(pg.url, () => pg.stop()).catch(async (e: unknown) => {
    await pg.stop();
    throw e;
  });
}

async function open(
  url: string,
  stop: () => Promise<void>,
): Promise<{ db: DataSource; close(): Promise<void> }> {
  const db = createDataSource(url, { applicationName: 'vanban-cli', poolSize: 2 });
  await db.initialize();
  try {
    await runMigrations(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return {
    db,
    close: async () => {
      await db.destroy();
      await stop();
    },
  };
}
