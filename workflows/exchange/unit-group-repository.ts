import type { Queryable } from '../directory/unit-repository';
import type { UnitGroup, UnitGroupDetail, UnitGroupMember } from './unit-group';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GroupRow {
  id: string;
  owner_unit_id: string;
  owner_unit_name: string;
  name: string;
  member_count: number;
  created_at: Date;
}

const SELECT_GROUP = `SELECT g.id, g.owner_unit_id, ou.name AS owner_unit_name, g.name, g.created_at,
    (SELECT count(*)::int FROM unit_group_members gm WHERE gm.group_id = g.id) AS member_count
  FROM unit_groups g JOIN units ou ON ou.id = g.owner_unit_id`;

function toGroup(r: GroupRow): UnitGroup {
  return {
    id: r.id,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_name,
    name: r.name,
    memberCount: r.member_count,
    createdAt: r.created_at,
  };
}

/** SQL for unit groups and their members; returns plain objects. */
export const unitGroupRepository = {
  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<UnitGroup | undefined> {
    if (!UUID.test(id)) return undefined;
    if (opts.forUpdate) await q.query(`SELECT id FROM unit_groups WHERE id = $1 FOR UPDATE`, [id]);
    const rows: GroupRow[] = await q.query(`${SELECT_GROUP} WHERE g.id = $1`, [id]);
    return rows[0] ? toGroup(rows[0]) : undefined;
  },

  async listByOwners(q: Queryable, ownerIds: readonly string[]): Promise<UnitGroup[]> {
    const rows: GroupRow[] = await q.query(
      `${SELECT_GROUP} WHERE g.owner_unit_id = ANY($1::uuid[]) ORDER BY g.name, g.id`,
      [ownerIds],
    );
    return rows.map(toGroup);
  },

  async members(q: Queryable, groupId: string): Promise<UnitGroupMember[]> {
    const rows: {
      id: string;
      code: string;
      name: string;
      level: UnitGroupMember['level'];
      valid_to: string | null;
    }[] = await q.query(
      `SELECT u.id, u.code, u.name, u.level, u.valid_to::text AS valid_to
         FROM unit_group_members gm JOIN units u ON u.id = gm.unit_id WHERE gm.group_id = $1 ORDER BY u.code`,
      [groupId],
    );
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, validTo: r.valid_to }));
  },

  async detail(q: Queryable, group: UnitGroup): Promise<UnitGroupDetail> {
    const members = await this.members(q, group.id);
    return { ...group, memberCount: members.length, members };
  },

  /** Replaces the member list; returns how many were added and removed. */
  async setMembers(
    q: Queryable,
    groupId: string,
    unitIds: readonly string[],
  ): Promise<{ added: number; removed: number }> {
    const [, removed]: [unknown, number] = await q.query(
      `DELETE FROM unit_group_members WHERE group_id = $1 AND NOT (unit_id = ANY($2::uuid[]))`,
      [groupId, unitIds],
    );
    const added: { unit_id: string }[] = await q.query(
      `INSERT INTO unit_group_members (group_id, unit_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING unit_id`,
      [groupId, unitIds],
    );
    return { added: added.length, removed };
  },
};
