import type { Queryable } from '../directory/unit-repository';
import { type Counts, zeroCounts } from './measures';

const SUMS = `sum(out_total) AS "outTotal", sum(out_classified) AS "outClassified",
  sum(out_electronic) AS "outElectronic", sum(out_paper) AS "outPaper",
  sum(out_signed_seal) AS "outSignedSeal", sum(out_signed_leader) AS "outSignedLeader",
  sum(in_received) AS "inReceived", sum(in_registered) AS "inRegistered", sum(in_refused) AS "inRefused",
  sum(in_returned) AS "inReturned", sum(handled_early) AS "handledEarly",
  sum(handled_on_time) AS "handledOnTime", sum(handled_late) AS "handledLate",
  sum(handling_seconds) AS "handlingSeconds"`;
const COLS = `unit_id, out_total, out_classified, out_electronic, out_paper, out_signed_seal, out_signed_leader,
  in_received, in_registered, in_refused, in_returned, handled_early, handled_on_time, handled_late,
  handling_seconds, due_count, closed_count`;

function monthStart(d: string): string {
  return `${d.slice(0, 7)}-01`;
}
function nextMonth(d: string): string {
  const t = new Date(`${monthStart(d)}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + 1);
  return t.toISOString().slice(0, 10);
}

/**
 * The rows of [from, to) in the rollups: whole months from `report_monthly`, the days before the first
 * and after the last whole month from `report_daily`. SQL text with $1 = from, $2 = to, $3 = units.
 */
function rangeSql(): string {
  return `SELECT ${COLS} FROM report_daily
           WHERE day >= $1::date AND day < least($2::date, $4::date) AND unit_id IN (SELECT unnest($3::uuid[]))
          UNION ALL
          SELECT ${COLS} FROM report_monthly
           WHERE month >= $4::date AND month < $5::date AND unit_id IN (SELECT unnest($3::uuid[]))
          UNION ALL
          SELECT ${COLS} FROM report_daily
           WHERE day >= greatest($5::date, $4::date, $1::date) AND day < $2::date AND unit_id IN (SELECT unnest($3::uuid[]))`;
}

function monthBounds(from: string, to: string): [string, string] {
  const firstWhole = from === monthStart(from) ? from : nextMonth(from);
  const endWhole = monthStart(to);
  return firstWhole < endWhole ? [firstWhole, endWhole] : [to, to];
}

/**
 * Counts per unit of [from, to) from the rollups (issue 13 item 4). `overdueAt`: the date (exclusive)
 * at which open overdue documents are counted — every due and closed fact before it, from the months
 * before its month and the days of its month.
 */
export async function rollupCounts(
  q: Queryable,
  input: {
    readonly unitIds: readonly string[];
    readonly from: string;
    readonly to: string;
    readonly overdueAt: string;
    /** 'daily': days only, no whole months (the check compares both tables with the raw rows). */
    readonly grain?: 'mixed' | 'daily';
  },
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (input.unitIds.length === 0 || input.from >= input.to) return out;
  const [a, b] = input.grain === 'daily' ? [input.to, input.to] : monthBounds(input.from, input.to);
  const rows: Record<string, string>[] = await q.query(
    `SELECT unit_id, ${SUMS} FROM (${rangeSql()}) r GROUP BY unit_id`,
    [input.from, input.to, input.unitIds, a, b],
  );
  for (const r of rows) {
    const c = zeroCounts();
    for (const [k, v] of Object.entries(r))
      if (k !== 'unit_id') (c as unknown as Record<string, number>)[k] = Number(v);
    out.set(r.unit_id!, c);
  }
  const m = input.grain === 'daily' ? '0001-01-01' : monthStart(input.overdueAt);
  const overdue: { unit_id: string; n: string }[] = await q.query(
    `SELECT unit_id, sum(due_count - closed_count) AS n FROM (
       SELECT unit_id, due_count, closed_count FROM report_monthly WHERE month < $2::date AND unit_id IN (SELECT unnest($3::uuid[]))
       UNION ALL
       SELECT unit_id, due_count, closed_count FROM report_daily
        WHERE day >= $2::date AND day < $1::date AND unit_id IN (SELECT unnest($3::uuid[]))
     ) r GROUP BY unit_id`,
    [input.overdueAt, m, input.unitIds],
  );
  for (const r of overdue) {
    const c = out.get(r.unit_id) ?? zeroCounts();
    c.overdueOpen = Number(r.n);
    out.set(r.unit_id, c);
  }
  return out;
}

/**
 * Flow counts of [from, to) per month of the period in one pass over the daily rollups: calendar months,
 * or Decree 09 windows (the 15th to the 14th, keyed by the month they end in). `overdueOpen`, a stock at
 * one date, comes from rollupOverdueAt at each slice's end.
 */
export async function rollupTrend(
  q: Queryable,
  input: {
    readonly unitIds: readonly string[];
    readonly from: string;
    readonly to: string;
    readonly shift: number;
  },
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (input.unitIds.length === 0 || input.from >= input.to) return out;
  const rows: Record<string, string>[] = await q.query(
    `SELECT (date_trunc('month', day - $4::int) + make_interval(days => $4::int))::date::text AS bucket, ${SUMS}
       FROM report_daily
      WHERE day >= $1::date AND day < $2::date AND unit_id IN (SELECT unnest($3::uuid[]))
      GROUP BY 1`,
    [input.from, input.to, input.unitIds, input.shift],
  );
  for (const r of rows) {
    const c = zeroCounts();
    for (const [k, v] of Object.entries(r))
      if (k !== 'bucket') (c as unknown as Record<string, number>)[k] = Number(v);
    out.set(r.bucket!, c);
  }
  return out;
}

/**
 * Overdue documents still open at each of `dates` (exclusive), summed over the units, from the rollups:
 * the running sum of due and closed facts — whole months before the date's month, days within it — in
 * one query for all dates (the trend's slices, issue 13).
 */
export async function rollupOverdueAt(
  q: Queryable,
  input: { readonly unitIds: readonly string[]; readonly dates: readonly string[] },
): Promise<Map<string, number>> {
  const out = new Map<string, number>(input.dates.map((d) => [d, 0]));
  if (input.unitIds.length === 0 || input.dates.length === 0) return out;
  const rows: { at: string; n: string | null }[] = await q.query(
    `SELECT d.at::text AS at,
            COALESCE((SELECT sum(due_count - closed_count) FROM report_monthly
              WHERE month < date_trunc('month', d.at)::date AND unit_id IN (SELECT unnest($2::uuid[]))), 0)
          + COALESCE((SELECT sum(due_count - closed_count) FROM report_daily
              WHERE day >= date_trunc('month', d.at)::date AND day < d.at
                AND unit_id IN (SELECT unnest($2::uuid[]))), 0) AS n
       FROM unnest($1::date[]) AS d(at)`,
    [input.dates, input.unitIds],
  );
  for (const r of rows) out.set(r.at, Number(r.n ?? 0));
  return out;
}
