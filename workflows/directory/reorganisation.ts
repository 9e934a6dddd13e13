import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { DirectoryError } from './directory-error';
import { isActiveOn, type Unit } from './unit';
import { assertParentLevel } from './unit-level-rule';
import { unitRepository } from './unit-repository';
import { unitWrites } from './unit-writes';

/** Refuses an operation that would end a unit on or before the day it began. */
export function assertEndable(unit: Unit, effectiveOn: string): void {
  if (!isActiveOn(unit, effectiveOn)) throw DirectoryError.dissolved(unit.id, unit.validTo ?? effectiveOn);
  if (effectiveOn <= unit.validFrom) {
    throw new DirectoryError(
      'UNIT_REORGANISATION_INVALID',
      {
        vi: `Ngày hiệu lực phải sau ngày thành lập đơn vị (${unit.validFrom})`,
        en: `The effective date must be after the unit's first day (${unit.validFrom})`,
      },
      { unitId: unit.id, effectiveOn },
    );
  }
}

/** A successor must not sit below a unit it succeeds (the structure would loop). */
export async function assertNotBelow(
  m: EntityManager,
  successor: Unit,
  ended: readonly Unit[],
): Promise<void> {
  const ancestors = await unitRepository.ancestorIds(m, successor.id);
  const clash = ended.find((u) => ancestors.includes(u.id));
  if (clash) {
    throw new DirectoryError(
      'UNIT_REORGANISATION_INVALID',
      {
        vi: 'Đơn vị kế thừa không thể là đơn vị trực thuộc của đơn vị bị giải thể/sáp nhập',
        en: 'The successor cannot be a unit below the unit it succeeds',
      },
      { successorId: successor.id, unitId: clash.id },
    );
  }
}

/**
 * Ends the units on `effectiveOn` in favour of `successor`: their children still alive then report to the
 * successor (with the old parent kept in history), their accounts move to it. Returns accounts moved.
 */
export async function handOver(
  ctx: DomainContext,
  m: EntityManager,
  ended: readonly Unit[],
  successor: Unit,
  effectiveOn: string,
  now: Date,
): Promise<number> {
  const endedIds = ended.map((u) => u.id);
  const children = await unitRepository.childrenAliveOn(m, endedIds, effectiveOn);
  for (const child of children) {
    assertParentLevel(child.level, successor);
    if (child.validFrom >= effectiveOn) {
      // Not yet in existence: it simply starts under the successor.
      await unitWrites.setParent(m, child.id, successor.id, now);
      continue;
    }
    const periodFrom = await unitRepository.currentPeriodStart(m, child, 'reparented');
    await unitWrites.history(
      m,
      {
        unitId: child.id,
        kind: 'reparented',
        effectiveOn,
        periodFrom,
        periodTo: effectiveOn,
        oldParentId: child.parentId,
        newParentId: successor.id,
      },
      now,
      ctx.actor.userId,
    );
    await unitWrites.setParent(m, child.id, successor.id, now);
  }
  for (const u of ended) await unitWrites.end(m, u.id, effectiveOn, successor.id, now);
  return unitWrites.moveUsers(m, endedIds, successor.id, now);
}
