import type { Actor } from '../context';
import { isSameUnitOrAncestor } from '../accounts/authorize';
import type { Queryable } from '../directory/unit-repository';
import { unitRepository } from '../directory/unit-repository';
import { unitStructureAt } from '../directory/unit-structure-at';
import { ReportError } from './report-error';
import { addDays, type ReportPeriod } from './report-period';

/** Province and district levels are reported together, as the provinces publish them; communes apart. */
export type ReportLevel = 'province_district' | 'commune';

export type ReportScope =
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'subtree'; readonly unitId: string }
  | { readonly kind: 'level'; readonly level: ReportLevel }
  | { readonly kind: 'province' };

/** A unit as it was in the period: name and parent on its last day in the period. */
export interface ReportUnit {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'district' | 'commune';
  readonly reportLevel: ReportLevel;
  readonly parentId: string | null;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly successorId: string | null;
}

export function reportLevelOf(level: ReportUnit['level']): ReportLevel {
  return level === 'commune' ? 'commune' : 'province_district';
}

/** Roles that may read reports (of their own unit and the units below it). */
export const REPORT_ROLES = ['leader', 'clerk', 'auditor', 'admin'] as const;

/**
 * Checks that the actor may see the scope: a report role, and for a unit or subtree the actor's unit is
 * that unit or above it; levels and the whole province need the province's top unit (UBND tỉnh). Any
 * refusal is REPORT_SCOPE_FORBIDDEN (403) before anything is counted.
 */
export async function assertReportScope(q: Queryable, actor: Actor, scope: ReportScope): Promise<void> {
  const target = scope.kind === 'unit' || scope.kind === 'subtree' ? scope.unitId : null;
  if (!REPORT_ROLES.some((r) => actor.roles.includes(r))) throw ReportError.scopeForbidden(target ?? '');
  if (target) {
    if (!(await isSameUnitOrAncestor(q, actor, target))) throw ReportError.scopeForbidden(target);
    return;
  }
  const own = await unitRepository.findById(q, actor.unitId);
  if (!own || own.parentId !== null || own.level !== 'province') throw ReportError.scopeForbidden('');
}

/**
 * The units of a scope as they were in the period (issue 13 item 2): every unit existing on some day of
 * the period — dissolved ones keep their history up to their end, successors count from their start —
 * with the name and parent in force on its last day in the period. Documents stay with the unit that
 * issued or received them.
 */
export async function unitsInScope(
  q: Queryable,
  scope: ReportScope,
  period: ReportPeriod,
): Promise<ReportUnit[]> {
  const existed: { id: string; valid_to: string | null }[] = await q.query(
    `SELECT id, valid_to::text AS valid_to FROM units
      WHERE valid_from < $2::date AND (valid_to IS NULL OR valid_to > $1::date)`,
    [period.from, period.to],
  );
  const last = period.lastDay;
  const days = new Set<string>([last]);
  for (const u of existed) if (u.valid_to && u.valid_to <= last) days.add(addDays(u.valid_to, -1));
  const want = new Set(existed.map((u) => u.id));
  const byId = new Map<string, ReportUnit>();
  for (const day of [...days].sort().reverse()) {
    for (const u of await unitStructureAt(q, day)) {
      if (!want.has(u.id) || byId.has(u.id)) continue;
      byId.set(u.id, {
        id: u.id,
        code: u.code,
        name: u.name,
        level: u.level,
        reportLevel: reportLevelOf(u.level),
        parentId: u.parentId,
        validFrom: u.validFrom,
        validTo: u.validTo,
        successorId: u.successorId,
      });
    }
  }
  const all = [...byId.values()].sort((a, b) => a.code.localeCompare(b.code));
  switch (scope.kind) {
    case 'province':
      return all;
    case 'level':
      return all.filter((u) => u.reportLevel === scope.level);
    case 'unit':
      return all.filter((u) => u.id === scope.unitId);
    case 'subtree': {
      const children = new Map<string, string[]>();
      for (const u of all)
        if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
      const keep = new Set<string>([scope.unitId]);
      const stack = [scope.unitId];
      while (stack.length) {
        for (const c of children.get(stack.pop()!) ?? []) {
          if (keep.has(c)) continue;
          keep.add(c);
          stack.push(c);
        }
      }
      return all.filter((u) => keep.has(u.id));
    }
  }
}
