import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { DirectoryError } from './directory-error';
import { isActiveOn, type Unit } from './unit';
import { unitRepository } from './unit-repository';
import { unitWrites } from './unit-writes';
import { vietnamDate } from './vietnam-date';
import { assertEndable, assertNotBelow, handOver } from './reorganisation';

export interface DissolveUnitInput {
  readonly unitId: string;
  /** Who takes over pending work, child units and accounts. */
  readonly successorId: string;
  /** First day the unit no longer exists (`YYYY-MM-DD`, Vietnam). */
  readonly effectiveOn: string;
}

export interface DissolveResult {
  readonly unit: Unit;
  readonly successor: Unit;
  readonly childrenMoved: number;
  readonly accountsMoved: number;
}

/**
 * Dissolves a unit on `effectiveOn` (e.g. a district People's Committee on 1 July 2025): it keeps its
 * history and the documents naming it; its children still alive then and its accounts move to the
 * successor; `resolveSuccessor` sends its pending work there.
 */
export async function dissolveUnit(ctx: DomainContext, input: DissolveUnitInput): Promise<DissolveResult> {
  const effectiveOn = vietnamDate(input.effectiveOn);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const unit = await unitRepository.findById(m, input.unitId, { forUpdate: true });
    if (!unit) throw DirectoryError.notFound(input.unitId);
    await authorize(m, ctx.actor, 'directory.manage', {
      unitId: unit.id,
      notFound: () => DirectoryError.notFound(unit.id),
    });
    assertEndable(unit, effectiveOn);
    if (input.successorId === unit.id) {
      throw new DirectoryError('UNIT_REORGANISATION_INVALID', {
        vi: 'Đơn vị không thể kế thừa chính nó',
        en: 'A unit cannot succeed itself',
      });
    }
    const successor = await unitRepository.findById(m, input.successorId, { forUpdate: true });
    if (!successor) throw DirectoryError.notFound(input.successorId);
    await authorize(m, ctx.actor, 'directory.manage', {
      unitId: successor.id,
      notFound: () => DirectoryError.notFound(successor.id),
    });
    if (!isActiveOn(successor, effectiveOn))
      throw DirectoryError.dissolved(successor.id, successor.validTo ?? effectiveOn);
    await assertNotBelow(m, successor, [unit]);

    const children = (await unitRepository.childrenAliveOn(m, [unit.id], effectiveOn)).length;
    await unitWrites.history(
      m,
      {
        unitId: unit.id,
        kind: 'dissolved',
        effectiveOn,
        successorId: successor.id,
        relatedUnitIds: [successor.id],
      },
      now,
      ctx.actor.userId,
    );
    const accountsMoved = await handOver(ctx, m, [unit], successor, effectiveOn, now);
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_DISSOLVED',
      unitId: unit.id,
      payload: {
        unitId: unit.id,
        successorId: successor.id,
        effectiveOn,
        childrenMoved: children,
        accountsMoved,
      },
    });
    return {
      unit: { ...unit, validTo: effectiveOn, successorId: successor.id },
      successor,
      childrenMoved: children,
      accountsMoved,
    };
  });
}
