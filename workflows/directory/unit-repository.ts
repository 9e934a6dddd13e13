import type { DataSource, EntityManager } from 'typeorm';
import type { Unit, UnitLevel } from './unit';

/** Anything that can run SQL: the data source or a transaction's manager. */
export type Queryable = DataSource | EntityManager;

export const UNIT_COLUMNS = `u.id, u.code, u.name, u.short_name, u.level, u.parent_id,
  u.valid_from::text AS valid_from, u.valid_to::text AS valid_to, u.successor_id`;

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  short_name: string | null;
  level: UnitLevel;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
  successor_id: string | null;
}

export function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    successorId: r.successor_id,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL for units; returns plain objects. Ids that are not UUIDs simply find nothing. */
export const unitRepository = {
  async findById(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<Unit | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: UnitRow[] = await q.query(
      `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toUnit(rows[0]);
  },

  async findByIds(q: Queryable, ids: readonly string[], opts: { forUpdate?: boolean } = {}): Promise<Unit[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows: UnitRow[] = await q.query(
      `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.id = ANY($1::uuid[]) ORDER BY u.id${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [valid],
    );
    return rows.map(toUnit);
  },

  async findByCode(q: Queryable, code: string): Promise<Unit | undefined> {
    const rows: UnitRow[] = await q.query(`SELECT ${UNIT_COLUMNS} FROM units u WHERE u.code = $1`, [code]);
    return rows[0] && toUnit(rows[0]);
  },

  /** The unit and its ancestors, nearest first. Bounded depth: safe even if data held a parent cycle. */
  async ancestorIds(q: Queryable, id: string): Promise<string[]> {
    if (!UUID.test(id)) return [];
    const rows: { id: string }[] = await q.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM units WHERE id = $1
         UNION ALL
         SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 32
       ) SELECT id FROM up ORDER BY depth`,
      [id],
    );
    return rows.map((r) => r.id);
  },

  /** Children whose existence reaches `date` or later (they move when their parent goes away on `date`). */
  async childrenAliveOn(q: Queryable, parentIds: readonly string[], date: string): Promise<Unit[]> {
    const rows: UnitRow[] = await q.query(
      `SELECT ${UNIT_COLUMNS} FROM units u
        WHERE u.parent_id = ANY($1::uuid[]) AND (u.valid_to IS NULL OR u.valid_to > $2::date)
        ORDER BY u.code FOR UPDATE`,
      [parentIds, date],
    );
    return rows.map(toUnit);
  },

  /** Start of the period of the unit's current name or parent: its last such change, else validFrom. */
  async currentPeriodStart(q: Queryable, unit: Unit, kind: 'renamed' | 'reparented'): Promise<string> {
    const rows: { d: string | null }[] = await q.query(
      `SELECT max(period_to)::text AS d FROM unit_history WHERE unit_id = $1 AND kind = $2`,
      [unit.id, kind],
    );
    return rows[0]?.d ?? unit.validFrom;
  },
};
