import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import { groupDuplicate, groupName } from './create-unit-group';
import './exchange-audit-events';
import { resolveGroupMembers } from './resolve-group-members';
import type { UnitGroupDetail, UnitGroupMembersInput } from './unit-group';
import { loadGroup } from './unit-group-access';
import { unitGroupRepository } from './unit-group-repository';

/**
 * An admin renames a group and/or replaces its members (when `unitIds` or `select` is given, the new
 * list is exactly those). Documents already sent keep their recipients; drafts naming the group send to
 * the members current at sending time.
 */
export async function updateUnitGroup(
  ctx: DomainContext,
  input: { readonly groupId: string; readonly name?: string } & UnitGroupMembersInput,
): Promise<UnitGroupDetail> {
  const name = input.name === undefined ? undefined : groupName(input.name);
  const today = vietnamDate(ctx.clock.now());
  return ctx.db.transaction(async (m) => {
    const group = await loadGroup(m, ctx.actor, input.groupId, 'manage', { forUpdate: true });
    if (name !== undefined && name !== group.name) {
      try {
        await m.query(`UPDATE unit_groups SET name = $2 WHERE id = $1`, [group.id, name]);
      } catch (e) {
        throw groupDuplicate(e, name);
      }
    }
    let changed = { added: 0, removed: 0 };
    if (input.unitIds !== undefined || input.select !== undefined) {
      changed = await unitGroupRepository.setMembers(m, group.id, await resolveGroupMembers(m, input, today));
    }
    const after = (await unitGroupRepository.findById(m, group.id))!;
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_GROUP_UPDATED',
      unitId: group.ownerUnitId,
      payload: { groupId: group.id, name: after.name, members: after.memberCount, ...changed },
    });
    return unitGroupRepository.detail(m, after);
  });
}
