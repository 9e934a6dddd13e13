import { expect } from 'chai';
import { createDataSource, runMigrations } from '../../../storage/db/data-source';
import { createTestDatabase, useTestDatabase } from '../../support/postgres';

describe('storage/db data source and migrations', () => {
  const t = useTestDatabase();

  it('creates every table of the initial schema', async () => {
    const rows: { table_name: string }[] = await t.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).to.include.members([
      'audit_events',
      'schema_migrations',
      'sessions',
      'unit_history',
      'units',
      'users',
    ]);
  });

  it('runs migrations once: a second run and concurrent runs apply nothing', async () => {
    const other = createDataSource(t.url, { poolSize: 2 });
    await other.initialize();
    try {
      const [a, b] = await Promise.all([runMigrations(t.db), runMigrations(other)]);
      expect([...a, ...b]).to.deep.equal([]);
    } finally {
      await other.destroy();
    }
  });

  it('refuses a unit code outside the QCVN 102:2016 format even from raw SQL', async () => {
    let error: unknown;
    try {
      await t.db.query(
        `INSERT INTO units (code, name, level, valid_from, search_text) VALUES ('00.00.00.H41', 'x', 'province', '2020-01-01', 'x')`,
      );
    } catch (e) {
      error = e;
    }
    expect((error as { constraint?: string })?.constraint).to.equal('units_code_format');
  });

  it('gives each test database its own data (template copies are independent)', async () => {
    await t.db.query(
      `INSERT INTO units (code, name, level, valid_from, search_text) VALUES ('000.00.00.H98', 'A', 'province', '2020-01-01', 'a')`,
    );
    const other = await createTestDatabase();
    try {
      const rows: unknown[] = await other.db.query(`SELECT 1 FROM units`);
      expect(rows).to.have.length(0);
    } finally {
      await other.drop();
    }
  });
});
