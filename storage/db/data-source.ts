import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DataSourceOptions {
  /** Connection pool size. Default 10. */
  readonly poolSize?: number;
  /** Application name shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** TypeORM logger (e.g. one writing to pino). Default: silent. */
  readonly logger?: Logger;
  /**
   * Timeouts that turn a silent database (frozen, unreachable, a firewall dropping the connection) into
   * errors the HTTP layer answers 503 DATABASE_UNAVAILABLE, instead of requests that wait for as long as
   * PostgreSQL does. Default: none (tests, one-shot commands, migrations).
   */
  readonly timeouts?: DatabaseTimeouts;
}

export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one of the pool (pg `connectionTimeoutMillis`). */
  readonly connectMs: number;
  /**
   * A statement: PostgreSQL cancels it after this (`statement_timeout`), and the client gives up on an
   * answer 1 s later (`query_timeout`), which is what ends the wait when the server itself is frozen.
   */
  readonly statementMs: number;
  /** A transaction left idle this long is ended by PostgreSQL, releasing its locks. */
  readonly idleInTransactionMs: number;
}

/**
 * The project's one way to build a TypeORM data source over PostgreSQL (pg driver). Not initialised:
 * call `await ds.initialize()`, then `runMigrations(ds)`. `synchronize` is always off; the schema comes
 * from the explicit migrations only.
 */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    // Each migration in its own transaction, so a failure leaves the schema at the last good step.
    migrationsTransactionMode: 'each',
    applicationName: options.applicationName ?? 'vanban',
    poolSize: options.poolSize ?? 10,
    logging: false,
    logger: options.logger,
    extra: {
      // A connection whose peer vanished without a word (host down, state dropped) is noticed.
      keepAlive: true,
      ...(options.timeouts && {
        connectionTimeoutMillis: options.timeouts.connectMs,
        statement_timeout: options.timeouts.statementMs,
        query_timeout: options.timeouts.statementMs + 1000,
        idle_in_transaction_session_timeout: options.timeouts.idleInTransactionMs,
      }),
    },
  });
}

/** Advisory lock key held while migrating ("VBMIGRAT" as an int8). */
const MIGRATION_LOCK = '6215615412849230164';

/**
 * Applies pending migrations; returns the names applied. Several replicas starting at once queue on a
 * session-level advisory lock, so each migration runs exactly once.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
