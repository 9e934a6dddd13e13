import type { DomainContext } from '../context';
import type { UnitGroupDetail } from './unit-group';
import { loadGroup } from './unit-group-access';
import { unitGroupRepository } from './unit-group-repository';

/** One group with its member units (code order). */
export async function getUnitGroup(
  ctx: DomainContext,
  input: { readonly groupId: string },
): Promise<UnitGroupDetail> {
  const group = await loadGroup(ctx.db, ctx.actor, input.groupId, 'read');
  return unitGroupRepository.detail(ctx.db, group);
}
