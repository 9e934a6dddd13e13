import { unitRepository, type Queryable } from '../directory/unit-repository';

/**
 * The units whose archive a unit oversees: null (every unit) for the province's top unit, as
 * isSameUnitOrAncestor rules; otherwise the unit and the units below it.
 */
export async function overseenUnitIds(db: Queryable, unitId: string): Promise<string[] | null> {
  const own = await unitRepository.findById(db, unitId);
  if (own !== undefined && own.parentId === null && own.level === 'province') return null;
  const rows = (await db.query(
    `WITH RECURSIVE t(id) AS (SELECT $1::uuid UNION SELECT u.id FROM units u JOIN t ON u.parent_id = t.id)
     SELECT id FROM t`,
    [unitId],
  )) as { id: string }[];
  return rows.map((u) => u.id);
}
