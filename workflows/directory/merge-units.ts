import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertUnitName } from './create-unit';
import { DirectoryError } from './directory-error';
import { isActiveOn, type Unit, type UnitLevel } from './unit';
import { assertUnitCode } from './unit-code';
import { assertLevel, assertParentLevel } from './unit-level-rule';
import { unitRepository } from './unit-repository';
import { unitWrites } from './unit-writes';
import { vietnamDate } from './vietnam-date';
import { assertEndable, assertNotBelow, handOver } from './reorganisation';

export interface NewUnitSpec {
  readonly code: string;
  readonly name: string;
  readonly shortName?: string | null;
  readonly level: UnitLevel;
  readonly parentId: string | null;
}

export type MergeUnitsInput = {
  readonly sourceIds: readonly string[];
  /** Day the merge takes effect: the sources' last day is the day before. */
  readonly effectiveOn: string;
} & (
  | { readonly into: string; readonly newUnit?: undefined }
  | { readonly newUnit: NewUnitSpec; readonly into?: undefined }
);

export interface MergeResult {
  readonly target: Unit;
  readonly sources: readonly Unit[];
  readonly accountsMoved: number;
}

/**
 * Merges units on `effectiveOn`, either into an existing unit (`into`) or into a unit created for the
 * purpose (`newUnit`, existing from that day). The sources stop existing that day with the target as
 * successor; their children and accounts move to the target; documents keep the unit they name.
 */
export async function mergeUnits(ctx: DomainContext, input: MergeUnitsInput): Promise<MergeResult> {
  const effectiveOn = vietnamDate(input.effectiveOn);
  const sourceIds = [...new Set(input.sourceIds)];
  const invalid = (vi: string, en: string, details?: Record<string, unknown>) =>
    new DirectoryError('UNIT_REORGANISATION_INVALID', { vi, en }, details);
  if (sourceIds.length === 0 || sourceIds.length !== input.sourceIds.length) {
    throw invalid(
      'Danh sách đơn vị sáp nhập trống hoặc trùng lặp',
      'The list of merged units is empty or repeats a unit',
    );
  }
  if ((input.into === undefined) === (input.newUnit === undefined)) {
    throw invalid('Chọn đúng một: đơn vị nhận hoặc đơn vị mới', 'Give exactly one of `into` and `newUnit`');
  }
  const spec = input.newUnit && {
    code: assertUnitCode(input.newUnit.code),
    name: assertUnitName(input.newUnit.name),
    shortName: input.newUnit.shortName ? assertUnitName(input.newUnit.shortName, 'shortName') : null,
    level: assertLevel(input.newUnit.level),
    parentId: input.newUnit.parentId,
  };
  const now = ctx.clock.now();

  return ctx.db.transaction(async (m) => {
    const sources = await unitRepository.findByIds(m, sourceIds, { forUpdate: true });
    for (const id of sourceIds) if (!sources.some((s) => s.id === id)) throw DirectoryError.notFound(id);
    for (const s of sources) {
      await authorize(m, ctx.actor, 'directory.manage', {
        unitId: s.id,
        notFound: () => DirectoryError.notFound(s.id),
      });
      assertEndable(s, effectiveOn);
    }

    let target: Unit;
    if (spec) {
      let parent: Unit | null = null;
      if (spec.parentId) {
        parent = (await unitRepository.findById(m, spec.parentId, { forUpdate: true })) ?? null;
        if (!parent) throw DirectoryError.notFound(spec.parentId);
        await authorize(m, ctx.actor, 'directory.manage', {
          unitId: parent.id,
          notFound: () => DirectoryError.notFound(parent!.id),
        });
        if (!isActiveOn(parent, effectiveOn))
          throw DirectoryError.dissolved(parent.id, parent.validTo ?? effectiveOn);
        if (sourceIds.includes(parent.id))
          throw invalid('Đơn vị cấp trên đang bị sáp nhập', 'The parent is being merged');
      }
      assertParentLevel(spec.level, parent);
      target = await unitWrites.insert(
        m,
        { ...spec, parentId: parent?.id ?? null, validFrom: effectiveOn },
        now,
      );
      await unitWrites.history(
        m,
        { unitId: target.id, kind: 'created', effectiveOn, relatedUnitIds: sourceIds },
        now,
        ctx.actor.userId,
      );
      await appendAuditEvent(m, ctx, {
        type: 'UNIT_CREATED',
        unitId: target.id,
        payload: {
          unitId: target.id,
          code: target.code,
          name: target.name,
          level: target.level,
          parentId: target.parentId,
        },
      });
    } else {
      const into = input.into!;
      if (sourceIds.includes(into))
        throw invalid('Đơn vị nhận nằm trong danh sách sáp nhập', 'The target is one of the sources');
      const found = await unitRepository.findById(m, into, { forUpdate: true });
      if (!found) throw DirectoryError.notFound(into);
      target = found;
      await authorize(m, ctx.actor, 'directory.manage', {
        unitId: target.id,
        notFound: () => DirectoryError.notFound(into),
      });
      if (!isActiveOn(target, effectiveOn))
        throw DirectoryError.dissolved(target.id, target.validTo ?? effectiveOn);
      await assertNotBelow(m, target, sources);
    }
    const mismatch = sources.find((s) => s.level !== target.level);
    if (mismatch) {
      throw new DirectoryError(
        'UNIT_LEVEL_INVALID',
        { vi: 'Chỉ sáp nhập các đơn vị cùng cấp', en: 'Only units of the same level can be merged' },
        { unitId: mismatch.id, level: mismatch.level, targetLevel: target.level },
      );
    }

    for (const s of sources) {
      await unitWrites.history(
        m,
        { unitId: s.id, kind: 'merged', effectiveOn, successorId: target.id, relatedUnitIds: [target.id] },
        now,
        ctx.actor.userId,
      );
    }
    await unitWrites.history(
      m,
      { unitId: target.id, kind: 'absorbed', effectiveOn, relatedUnitIds: sourceIds },
      now,
      ctx.actor.userId,
    );
    const accountsMoved = await handOver(ctx, m, sources, target, effectiveOn, now);
    await appendAuditEvent(m, ctx, {
      type: 'UNITS_MERGED',
      unitId: target.id,
      payload: { sourceIds, intoId: target.id, newUnit: Boolean(spec), effectiveOn, accountsMoved },
    });
    const ended = await unitRepository.findByIds(m, sourceIds);
    return { target, sources: sourceIds.map((id) => ended.find((u) => u.id === id)!), accountsMoved };
  });
}
