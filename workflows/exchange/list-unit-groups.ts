import type { DomainContext } from '../context';
import { unitRepository } from '../directory/unit-repository';
import { ExchangeError } from './exchange-error';
import type { UnitGroup } from './unit-group';
import { canReadGroupsOf } from './unit-group-access';
import { unitGroupRepository } from './unit-group-repository';

/**
 * The groups a clerk can pick recipients from: by default those of the actor's unit and of every unit
 * above it (nearest first is not implied: ordered by name); with `ownerUnitId`, that unit's groups (a
 * unit above or below the actor's). Another unit's groups answer UNIT_GROUP_NOT_FOUND.
 */
export async function listUnitGroups(
  ctx: DomainContext,
  input: { readonly ownerUnitId?: string } = {},
): Promise<UnitGroup[]> {
  if (input.ownerUnitId !== undefined) {
    if (!(await canReadGroupsOf(ctx.db, ctx.actor, input.ownerUnitId))) {
      throw ExchangeError.groupNotFound(input.ownerUnitId);
    }
    return unitGroupRepository.listByOwners(ctx.db, [input.ownerUnitId]);
  }
  return unitGroupRepository.listByOwners(ctx.db, await unitRepository.ancestorIds(ctx.db, ctx.actor.unitId));
}
