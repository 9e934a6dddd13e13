import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertUnitName } from './create-unit';
import { DirectoryError } from './directory-error';
import { isActiveOn, type Unit } from './unit';
import { unitRepository } from './unit-repository';
import { unitWrites } from './unit-writes';
import { vietnamDate } from './vietnam-date';

export interface RenameUnitInput {
  readonly unitId: string;
  readonly name: string;
  /** New short name; omitted: unchanged; null: removed. */
  readonly shortName?: string | null;
  /** Day the new name takes effect (`YYYY-MM-DD`, Vietnam). */
  readonly effectiveOn: string;
}

/**
 * Renames a unit from `effectiveOn`. The unit row carries the newest name; a history row keeps the old
 * name with the period it was in force, which is what reports and `unitStructureAt` use for past dates.
 */
export async function renameUnit(ctx: DomainContext, input: RenameUnitInput): Promise<Unit> {
  const name = assertUnitName(input.name);
  const effectiveOn = vietnamDate(input.effectiveOn);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const unit = await unitRepository.findById(m, input.unitId, { forUpdate: true });
    if (!unit) throw DirectoryError.notFound(input.unitId);
    await authorize(m, ctx.actor, 'directory.manage', {
      unitId: unit.id,
      notFound: () => DirectoryError.notFound(unit.id),
    });
    if (!isActiveOn(unit, effectiveOn)) throw DirectoryError.dissolved(unit.id, unit.validTo ?? effectiveOn);
    const periodFrom = await unitRepository.currentPeriodStart(m, unit, 'renamed');
    if (effectiveOn <= periodFrom) {
      throw new DirectoryError(
        'UNIT_REORGANISATION_INVALID',
        {
          vi: `Ngày hiệu lực phải sau ngày ${periodFrom} (bắt đầu của tên hiện tại)`,
          en: `The effective date must be after ${periodFrom}, when the current name took effect`,
        },
        { effectiveOn, periodFrom },
      );
    }
    const shortName =
      input.shortName === undefined
        ? unit.shortName
        : input.shortName === null
          ? null
          : assertUnitName(input.shortName, 'shortName');
    await unitWrites.history(
      m,
      {
        unitId: unit.id,
        kind: 'renamed',
        effectiveOn,
        periodFrom,
        periodTo: effectiveOn,
        oldName: unit.name,
        oldShortName: unit.shortName,
        newName: name,
      },
      now,
      ctx.actor.userId,
    );
    await unitWrites.rename(m, unit.id, name, shortName, unit.code, now);
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_RENAMED',
      unitId: unit.id,
      payload: { unitId: unit.id, oldName: unit.name, newName: name, effectiveOn },
    });
    return { ...unit, name, shortName };
  });
}
