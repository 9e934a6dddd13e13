import type { Unit } from './unit';
import type { Queryable } from './unit-repository';
import { vietnamDate } from './vietnam-date';

/** A unit as it stood on a given day: the name and parent then in force. */
export interface UnitAsOf extends Unit {
  readonly asOf: string;
}

/**
 * The organisation structure in force on `at`: every unit existing that day, with the name, short name
 * and parent it had then (from the rename and reparent history). Reports over a period use it.
 */
export async function unitStructureAt(db: Queryable, at: Date | string): Promise<UnitAsOf[]> {
  const date = vietnamDate(at);
  const rows: {
    id: string;
    code: string;
    name: string;
    short_name: string | null;
    level: Unit['level'];
    parent_id: string | null;
    valid_from: string;
    valid_to: string | null;
    successor_id: string | null;
  }[] = await db.query(
    `SELECT u.id, u.code,
            coalesce(rn.old_name, u.name) AS name,
            CASE WHEN rn.id IS NULL THEN u.short_name ELSE rn.old_short_name END AS short_name,
            u.level,
            CASE WHEN rp.id IS NULL THEN u.parent_id ELSE rp.old_parent_id END AS parent_id,
            u.valid_from::text AS valid_from, u.valid_to::text AS valid_to, u.successor_id
       FROM units u
       LEFT JOIN LATERAL (
         SELECT h.id, h.old_name, h.old_short_name FROM unit_history h
          WHERE h.unit_id = u.id AND h.kind = 'renamed' AND h.period_from <= $1::date AND h.period_to > $1::date
          ORDER BY h.period_to LIMIT 1) rn ON true
       LEFT JOIN LATERAL (
         SELECT h.id, h.old_parent_id FROM unit_history h
          WHERE h.unit_id = u.id AND h.kind = 'reparented' AND h.period_from <= $1::date AND h.period_to > $1::date
          ORDER BY h.period_to LIMIT 1) rp ON true
      WHERE u.valid_from <= $1::date AND (u.valid_to IS NULL OR u.valid_to > $1::date)
      ORDER BY u.code`,
    [date],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    successorId: r.successor_id,
    asOf: date,
  }));
}
