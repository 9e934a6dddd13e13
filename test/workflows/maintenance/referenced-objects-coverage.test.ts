import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { NOT_OBJECT_REFERENCES } from '../../../workflows/maintenance/referenced-objects';
import { useTestDatabase } from '../../support/postgres';

/**
 * The storage sweep deletes an expired upload's bytes unless some row names them (referencedObjects). Every
 * table that keeps bytes by their SHA-256 must be in that query — a table added without it would lose its
 * files a day after they were uploaded (the result files of incoming handling and the digitised scans did,
 * until this test). Each `*sha256*` column of the migrated schema is either in one branch of the query, with
 * its table, or listed as describing bytes only.
 */
describe('workflows/maintenance referenced objects cover the schema', () => {
  const t = useTestDatabase();

  it('names every sha256 column of every table, or says why it names no object', async () => {
    const source = fs.readFileSync(
      path.join(__dirname, '../../../workflows/maintenance/referenced-objects.ts'),
      'utf8',
    );
    const branches = source.split(/\bUNION\b|`/);
    const columns: { table_name: string; column_name: string }[] = await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name LIKE '%sha256%' AND table_name NOT LIKE 'typeorm%'
       ORDER BY table_name, column_name`,
    );
    expect(columns.length).to.be.greaterThan(10);
    const missing = columns
      .map((c) => `${c.table_name}.${c.column_name}`)
      .filter((name) => {
        if (NOT_OBJECT_REFERENCES.includes(name)) return false;
        const [table, column] = name.split('.') as [string, string];
        const named = new RegExp(`\\bFROM\\s+${table}\\b`);
        const col = new RegExp(`\\b${column}\\b`);
        return !branches.some((b) => named.test(b) && col.test(b));
      });
    expect(missing, 'columns naming stored bytes that the sweep would not see').to.deep.equal([]);
  });
});
