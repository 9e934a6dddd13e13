import type { DomainContext } from '../context';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { DirectoryError } from '../directory/directory-error';
import { unitRepository } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import './exchange-audit-events';
import { ExchangeError } from './exchange-error';
import { resolveGroupMembers } from './resolve-group-members';
import type { UnitGroupDetail, UnitGroupMembersInput } from './unit-group';
import { unitGroupRepository } from './unit-group-repository';

/** Normalised group name: NFC, trimmed, 1..200 characters. */
export function groupName(name: unknown): string {
  const n = typeof name === 'string' ? name.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (!n || n.length > 200) {
    throw ExchangeError.groupInvalid(
      'name',
      'Tên nhóm có từ 1 đến 200 ký tự',
      'A group name has 1 to 200 characters',
    );
  }
  return n;
}

/** Maps the unique violation on (owner, name) to UNIT_GROUP_DUPLICATE. */
export function groupDuplicate(e: unknown, name: string): unknown {
  const pg = e as {
    code?: string;
    driverError?: { code?: string; constraint?: string };
    constraint?: string;
  };
  const code = pg.driverError?.code ?? pg.code;
  const constraint = pg.driverError?.constraint ?? pg.constraint;
  if (code !== '23505' || constraint !== 'unit_groups_owner_name_key') return e;
  return new ExchangeError(
    'UNIT_GROUP_DUPLICATE',
    { vi: `Đơn vị đã có nhóm "${name}"`, en: `The unit already has a group named "${name}"` },
    { name },
    e,
  );
}

/**
 * An admin creates a group of recipient units for the owner unit (default: the admin's own; a unit
 * below it allowed), e.g. "Tất cả UBND xã" with `select: { level: 'commune' }`.
 */
export async function createUnitGroup(
  ctx: DomainContext,
  input: { readonly ownerUnitId?: string; readonly name: string } & UnitGroupMembersInput,
): Promise<UnitGroupDetail> {
  const name = groupName(input.name);
  const ownerUnitId = input.ownerUnitId ?? ctx.actor.unitId;
  const today = vietnamDate(ctx.clock.now());
  return ctx.db.transaction(async (m) => {
    if (
      !(await unitRepository.findById(m, ownerUnitId)) ||
      !(await isSameUnitOrAncestor(m, ctx.actor, ownerUnitId))
    ) {
      throw DirectoryError.notFound(ownerUnitId);
    }
    assertRole(ctx.actor, 'admin');
    const members = await resolveGroupMembers(m, input, today);
    let id: string;
    try {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO unit_groups (owner_unit_id, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
        [ownerUnitId, name, ctx.clock.now()],
      );
      id = rows[0]!.id;
    } catch (e) {
      throw groupDuplicate(e, name);
    }
    await unitGroupRepository.setMembers(m, id, members);
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_GROUP_CREATED',
      unitId: ownerUnitId,
      payload: { groupId: id, name, members: members.length },
    });
    return unitGroupRepository.detail(m, (await unitGroupRepository.findById(m, id))!);
  });
}
