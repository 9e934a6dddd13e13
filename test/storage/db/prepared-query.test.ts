import { expect } from 'chai';
import { createDataSource } from '../../../storage/db/data-source';
import { queryPrepared } from '../../../storage/db/prepared-query';
import { isDatabaseUnavailable } from '../../../server/http/unavailable-cause';
import { useTestDatabase } from '../../support/postgres';

describe('storage/db queryPrepared (named statements on the hot paths)', () => {
  const t = useTestDatabase();
  const TEXT = `SELECT $1::int + 1 AS n, $2::timestamptz AS at, $3::text[] AS roles, 'prepared-query-test' AS tag`;
  const values = [41, new Date('2026-01-02T03:04:05.678Z'), ['clerk', 'leader']];

  it('gives the rows TypeORM gives, with the same types (numbers, dates, arrays)', async () => {
    const prepared = await queryPrepared<Record<string, unknown>>(t.db, TEXT, values);
    const plain: Record<string, unknown>[] = await t.db.query(TEXT, values);
    expect(prepared).to.deep.equal(plain);
    expect(prepared[0]!.at).to.be.instanceOf(Date);
    expect(prepared[0]).to.deep.include({ n: 42, roles: ['clerk', 'leader'] });
  });

  it('prepares the text once per connection and reuses it', async () => {
    const db = createDataSource(t.url, { poolSize: 1 });
    await db.initialize();
    try {
      for (let i = 0; i < 3; i++) await queryPrepared(db, TEXT, values);
      const other = `SELECT $1::int AS n, 'prepared-query-test-2' AS tag`;
      await queryPrepared(db, other, [1]);
      // One connection in the pool: the statements it prepared are visible to it.
      const rows = await queryPrepared<{ statement: string; generic_plans: string; custom_plans: string }>(
        db,
        `SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements
          WHERE statement LIKE '%prepared-query-test%' AND statement NOT LIKE '%pg_prepared_statements%'
          ORDER BY statement`,
        [],
      );
      expect(rows.map((r) => r.statement)).to.deep.equal([TEXT, other]);
      expect(Number(rows[0]!.generic_plans) + Number(rows[0]!.custom_plans)).to.equal(3);
    } finally {
      await db.destroy();
    }
  });

  it('runs inside a transaction on its connection, seeing the uncommitted rows', async () => {
    const seen = await t.db.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE prepared_query_probe (v int) ON COMMIT DROP`);
      await m.query(`INSERT INTO prepared_query_probe VALUES (7)`);
      return queryPrepared<{ v: number }>(m, `SELECT v FROM prepared_query_probe WHERE v = $1`, [7]);
    });
    expect(seen).to.deep.equal([{ v: 7 }]);
  });

  it('fails as the database fails: a bad statement is a driver error, a connection the server ends is unavailable', async () => {
    let error: unknown;
    try {
      await queryPrepared(t.db, `SELECT $1::int FROM no_such_table_here`, [1]);
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('42P01');
    // The server ending the connection mid-query (as a restart or failover does): recognised as the
    // database being unavailable (503), like TypeORM's wrapped errors.
    const db = createDataSource(t.url, { poolSize: 1, applicationName: 'prepared-query-victim' });
    await db.initialize();
    try {
      const running = queryPrepared(db, `SELECT pg_sleep($1::float8)`, [10]).then(
        () => undefined,
        (e: unknown) => e,
      );
      for (let i = 0; i < 100; i++) {
        const [killed] = await t.db.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE application_name = 'prepared-query-victim' AND query LIKE 'SELECT pg_sleep%'`,
        );
        if (killed.n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      error = await running;
    } finally {
      await db.destroy();
    }
    expect(isDatabaseUnavailable(error), String(error)).to.equal(true);
  });
});
