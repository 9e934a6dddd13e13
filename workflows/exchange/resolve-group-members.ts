import type { Queryable } from '../directory/unit-repository';
import { ExchangeError } from './exchange-error';
import type { UnitGroupMembersInput } from './unit-group';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Enough for every unit of a province (Long An: 223) many times over. */
export const MAX_GROUP_MEMBERS = 5000;

/**
 * The member unit ids of a group: the explicit `unitIds` plus, with `select`, every unit existing on
 * `today` at that level and/or directly under that parent ("all 188 communes" = `{ level: 'commune' }`).
 * Every unit must exist and not have ended (UNIT_GROUP_INVALID names the others); at least one member.
 */
export async function resolveGroupMembers(
  q: Queryable,
  input: UnitGroupMembersInput,
  today: string,
): Promise<string[]> {
  const explicit = [...new Set(input.unitIds ?? [])];
  const bad = explicit.filter((id) => !UUID.test(id));
  if (bad.length) {
    throw ExchangeError.groupInvalid('unitIds', 'Mã đơn vị không hợp lệ', 'Invalid unit ids', {
      unknownUnitIds: bad.slice(0, 20),
    });
  }
  const found: { id: string; ended: boolean }[] = explicit.length
    ? await q.query(
        `SELECT id, (valid_to IS NOT NULL AND valid_to <= $2::date) AS ended FROM units WHERE id = ANY($1::uuid[])`,
        [explicit, today],
      )
    : [];
  const known = new Map(found.map((u) => [u.id, u.ended]));
  const unknown = explicit.filter((id) => !known.has(id));
  if (unknown.length) {
    throw ExchangeError.groupInvalid('unitIds', 'Có đơn vị không tồn tại', 'Some units do not exist', {
      unknownUnitIds: unknown.slice(0, 20),
    });
  }
  const ended = explicit.filter((id) => known.get(id));
  if (ended.length) {
    throw ExchangeError.groupInvalid(
      'unitIds',
      'Có đơn vị đã giải thể hoặc sáp nhập',
      'Some units were dissolved or merged',
      { endedUnitIds: ended.slice(0, 20) },
    );
  }

  const members = new Set(explicit);
  if (input.select && (input.select.level !== undefined || input.select.parentId !== undefined)) {
    if (input.select.parentId !== undefined && !UUID.test(input.select.parentId)) {
      throw ExchangeError.groupInvalid(
        'select.parentId',
        'Đơn vị cấp trên không hợp lệ',
        'Invalid parent unit',
      );
    }
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM units
       WHERE valid_from <= $3::date AND (valid_to IS NULL OR valid_to > $3::date)
         AND ($1::text IS NULL OR level = $1) AND ($2::uuid IS NULL OR parent_id = $2)
       ORDER BY code`,
      [input.select.level ?? null, input.select.parentId ?? null, today],
    );
    for (const r of rows) members.add(r.id);
  }
  if (members.size === 0) {
    throw ExchangeError.groupInvalid(
      'unitIds',
      'Nhóm phải có ít nhất một đơn vị',
      'A group needs at least one unit',
    );
  }
  if (members.size > MAX_GROUP_MEMBERS) {
    throw ExchangeError.groupInvalid(
      'unitIds',
      `Nhóm có tối đa ${MAX_GROUP_MEMBERS} đơn vị`,
      `A group has at most ${MAX_GROUP_MEMBERS} units`,
    );
  }
  return [...members];
}
