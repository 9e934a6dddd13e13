import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { DirectoryError } from './directory-error';
import type { Unit, UnitLevel } from './unit';
import { isActiveOn } from './unit';
import { assertUnitCode } from './unit-code';
import { assertLevel, assertParentLevel } from './unit-level-rule';
import { unitRepository } from './unit-repository';
import { unitWrites } from './unit-writes';
import { vietnamDate } from './vietnam-date';

export interface CreateUnitInput {
  readonly code: string;
  readonly name: string;
  readonly shortName?: string | null;
  readonly level: UnitLevel;
  /** Required except for a root province-level unit. */
  readonly parentId?: string | null;
  /** First day of existence (`YYYY-MM-DD`, Vietnam). Default: today. */
  readonly validFrom?: string;
}

export function assertUnitName(name: unknown, field = 'name'): string {
  const n = typeof name === 'string' ? name.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (n.length === 0 || n.length > 300) {
    throw new DirectoryError(
      'UNIT_NAME_INVALID',
      { vi: 'Tên đơn vị phải có từ 1 đến 300 ký tự', en: 'A unit name has 1 to 300 characters' },
      { field },
    );
  }
  return n;
}

/**
 * Adds a unit below `parentId`. The actor must be an admin of the parent or above (a root unit: an
 * admin of a root province-level unit).
 */
export async function createUnit(ctx: DomainContext, input: CreateUnitInput): Promise<Unit> {
  const code = assertUnitCode(input.code);
  const name = assertUnitName(input.name);
  const shortName = input.shortName ? assertUnitName(input.shortName, 'shortName') : null;
  const level = assertLevel(input.level);
  const validFrom = vietnamDate(input.validFrom ?? ctx.clock.now());
  const now = ctx.clock.now();

  return ctx.db.transaction(async (m) => {
    let parent: Unit | null = null;
    if (input.parentId) {
      parent = (await unitRepository.findById(m, input.parentId, { forUpdate: true })) ?? null;
      if (!parent) throw DirectoryError.notFound(input.parentId);
      await authorize(m, ctx.actor, 'directory.manage', {
        unitId: parent.id,
        notFound: () => DirectoryError.notFound(parent!.id),
      });
      if (!isActiveOn(parent, validFrom))
        throw DirectoryError.dissolved(parent.id, parent.validTo ?? validFrom);
    } else {
      await authorize(m, ctx.actor, 'directory.manage', { unitId: ctx.actor.unitId });
      const own = await unitRepository.findById(m, ctx.actor.unitId);
      if (!own || own.parentId !== null || own.level !== 'province') {
        throw new DirectoryError(
          'UNIT_LEVEL_INVALID',
          {
            vi: 'Chỉ quản trị cấp tỉnh được tạo đơn vị không có đơn vị cấp trên',
            en: 'Only a province-level administrator may create a unit without a parent',
          },
          { level },
        );
      }
    }
    assertParentLevel(level, parent);
    const unit = await unitWrites.insert(
      m,
      { code, name, shortName, level, parentId: parent?.id ?? null, validFrom },
      now,
    );
    await unitWrites.history(
      m,
      { unitId: unit.id, kind: 'created', effectiveOn: validFrom },
      now,
      ctx.actor.userId,
    );
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_CREATED',
      unitId: unit.id,
      payload: { unitId: unit.id, code, name, level, parentId: unit.parentId },
    });
    return unit;
  });
}
