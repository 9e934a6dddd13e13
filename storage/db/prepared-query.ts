import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

/** What `queryPrepared` can run on: the data source (its pool) or a transaction's manager. */
export type PreparedQueryable = DataSource | EntityManager;

interface PgPool {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** A stable statement name per SQL text (the pg driver refuses one name for two texts). */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `vb_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    // Texts are built from a fixed set of fragments; the bound keeps a bug from growing it forever.
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

/**
 * Runs a SELECT of the hot paths (authentication, inbox) as a named prepared statement: each
 * pooled connection parses and plans the text once, then only binds and executes it, and the driver
 * sends no Parse message after the first time. Measured with bench/route.ts: PostgreSQL's parse and
 * plan of the inbox query were the largest part of its cost per read, on two cores shared with the app.
 *
 * The text must use `$n` parameters for every value (a name is made per distinct text, so values
 * spliced into the text would make a statement per value). Inside a transaction (an EntityManager), or
 * on a data source that is not initialised, it is TypeORM's `query` as usual (same rows, same errors).
 * Not for UPDATE or DELETE: TypeORM answers those as `[rows, count]`, the pool as rows.
 * Errors are the driver's own (isDatabaseUnavailable recognises them as it does TypeORM's wrappers).
 */
export async function queryPrepared<T>(
  q: PreparedQueryable,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  if (q instanceof DataSource && q.isInitialized && q.options.type === 'postgres') {
    const pool = (q.driver as unknown as { master?: PgPool }).master;
    if (pool) return (await pool.query({ name: statementName(text), text, values })).rows as T[];
  }
  return (await q.query(text, values as unknown[])) as T[];
}
