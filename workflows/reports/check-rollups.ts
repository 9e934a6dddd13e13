import type { Queryable } from '../directory/unit-repository';
import { COUNT_KEYS, type Counts, zeroCounts } from './measures';
import { rawCounts } from './raw-counts';
import { monthsOf, parseReportPeriod, type PeriodWindow } from './report-period';
import { rollupCounts } from './rollup-counts';

export interface RollupDifference {
  readonly unitId: string;
  readonly from: string;
  readonly to: string;
  readonly measure: keyof Counts;
  /** Which rollup differs: the monthly table (with days at the edges) or the daily one alone. */
  readonly grain: 'mixed' | 'daily';
  readonly rollup: number;
  readonly raw: number;
}

/**
 * Recomputes a period from the raw document rows, month by month (or 15th–14th window) and unit by
 * unit, every unit past and present, and lists every count where the rollups differ (issue 13 item 4;
 * `vanban report check`). An empty list is the expected answer.
 */
export async function checkRollups(
  q: Queryable,
  input: { readonly period: string; readonly window?: PeriodWindow; readonly today: string },
): Promise<{
  readonly from: string;
  readonly to: string;
  readonly units: number;
  readonly differences: RollupDifference[];
}> {
  const period = parseReportPeriod(input.period, input.window ?? 'calendar', input.today);
  const units: { id: string }[] = await q.query(`SELECT id FROM units ORDER BY code`);
  const unitIds = units.map((u) => u.id);
  const differences: RollupDifference[] = [];
  for (const m of monthsOf(period)) {
    const args = { unitIds, from: m.from, to: m.to, overdueAt: m.to };
    const raw = await rawCounts(q, args);
    for (const grain of ['mixed', 'daily'] as const) {
      const fast = await rollupCounts(q, { ...args, grain });
      for (const unitId of unitIds) {
        const a = fast.get(unitId) ?? zeroCounts();
        const b = raw.get(unitId) ?? zeroCounts();
        for (const k of COUNT_KEYS)
          if (a[k] !== b[k])
            differences.push({ unitId, from: m.from, to: m.to, measure: k, grain, rollup: a[k], raw: b[k] });
      }
    }
  }
  return { from: period.from, to: period.to, units: unitIds.length, differences };
}
