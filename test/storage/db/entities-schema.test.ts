import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';

interface DbColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  generated: boolean;
}

/**
 * The TypeORM entities mirror the migrations (synchronize is off, so nothing else checks it): every table
 * the migrations create has an entity, and every entity has exactly the table's columns with the same
 * type, nullability and, for generated columns, no writes. A migration that adds a column without its
 * entity (or the reverse) fails here.
 */
describe('storage/db entities match the migrated schema', () => {
  const t = useTestDatabase();
  let columns: DbColumn[];

  before(async () => {
    columns = await t.db.query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, a.attgenerated <> '' AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname <> 'schema_migrations'
       ORDER BY c.relname, a.attnum`,
    );
  });

  it('has an entity for every table and a table for every entity', () => {
    const tables = [...new Set(columns.map((c) => c.table))].sort();
    const entityTables = t.db.entityMetadatas.map((m) => m.tableName).sort();
    expect(entityTables).to.deep.equal(tables);
  });

  it('gives every entity exactly its table’s columns, types, nullability and generated columns', () => {
    const problems: string[] = [];
    for (const meta of t.db.entityMetadatas) {
      const db = new Map(columns.filter((c) => c.table === meta.tableName).map((c) => [c.column, c]));
      const seen = new Set<string>();
      for (const col of meta.columns) {
        const name = col.databaseName;
        seen.add(name);
        const actual = db.get(name);
        if (!actual) {
          problems.push(`${meta.tableName}.${name}: in the entity, not in the table`);
          continue;
        }
        const type = `${t.db.driver.normalizeType(col)}${col.isArray ? '[]' : ''}`;
        if (type !== actual.type)
          problems.push(`${meta.tableName}.${name}: entity ${type}, table ${actual.type}`);
        if (col.isNullable !== actual.nullable)
          problems.push(
            `${meta.tableName}.${name}: entity nullable ${col.isNullable}, table ${actual.nullable}`,
          );
        if (actual.generated && (col.isInsert || col.isUpdate))
          problems.push(`${meta.tableName}.${name}: generated in the table, writable in the entity`);
      }
      for (const name of db.keys())
        if (!seen.has(name)) problems.push(`${meta.tableName}.${name}: in the table, not in the entity`);
    }
    expect(problems).to.deep.equal([]);
  });
});
