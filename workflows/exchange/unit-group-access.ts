import type { Actor } from '../context';
import { AccessError } from '../accounts/access-error';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { unitRepository, type Queryable } from '../directory/unit-repository';
import { ExchangeError } from './exchange-error';
import type { UnitGroup } from './unit-group';
import { unitGroupRepository } from './unit-group-repository';

/**
 * Groups are read by the accounts of the owner unit, of the units above it and of the units below it
 * (a province's "all communes" group serves every clerk of the province); they are managed by admins of
 * the owner unit or a unit above it (FORBIDDEN for a visible group of a unit above the admin's). A group
 * the actor cannot see answers UNIT_GROUP_NOT_FOUND.
 */
export async function canReadGroupsOf(q: Queryable, actor: Actor, ownerUnitId: string): Promise<boolean> {
  if (await isSameUnitOrAncestor(q, actor, ownerUnitId)) return true;
  return (await unitRepository.ancestorIds(q, actor.unitId)).includes(ownerUnitId);
}

export async function loadGroup(
  q: Queryable,
  actor: Actor,
  groupId: string,
  mode: 'read' | 'manage',
  opts: { forUpdate?: boolean } = {},
): Promise<UnitGroup> {
  const group = await unitGroupRepository.findById(q, groupId, opts);
  if (!group) throw ExchangeError.groupNotFound(groupId);
  if (!(await canReadGroupsOf(q, actor, group.ownerUnitId))) throw ExchangeError.groupNotFound(groupId);
  if (mode === 'manage') {
    assertRole(actor, 'admin');
    // A group of a unit above the admin's is visible but not theirs to change.
    if (!(await isSameUnitOrAncestor(q, actor, group.ownerUnitId)))
      throw AccessError.forbidden('groups.manage');
  }
  return group;
}
