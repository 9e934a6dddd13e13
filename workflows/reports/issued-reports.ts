import type { EntityManager } from 'typeorm';
import type { Actor, Clock } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import { notify } from '../notifications/notify';
import { computeReport, type Report } from './build-report';
import { addDays, parseReportPeriod, type PeriodKind, type PeriodWindow } from './report-period';
import { ReportError } from './report-error';
import { assertReportScope } from './report-scope';

/** The periods issued at their end (docs/reports.md "Scheduled reports"). */
export const ISSUED_PERIODS: readonly (readonly [Exclude<PeriodKind, 'custom'>, PeriodWindow])[] = [
  ['month', 'decree09'],
  ['quarter', 'decree09'],
  ['half', 'decree09'],
  ['nine_months', 'decree09'],
  ['year', 'decree09'],
  ['month', 'calendar'],
  ['quarter', 'calendar'],
  ['year', 'calendar'],
];

/** The key of the last period of a kind that ended on or before `today` (its end, exclusive, ≤ today). */
export function lastEndedPeriod(
  kind: Exclude<PeriodKind, 'custom'>,
  window: PeriodWindow,
  today: string,
): string {
  const y = Number(today.slice(0, 4));
  const candidates: string[] = [];
  for (const year of [y + 1, y, y - 1]) {
    if (kind === 'year' || kind === 'nine_months')
      candidates.push(kind === 'year' ? `${year}` : `${year}-9M`);
    if (kind === 'half') candidates.push(`${year}-H2`, `${year}-H1`);
    if (kind === 'quarter') candidates.push(`${year}-Q4`, `${year}-Q3`, `${year}-Q2`, `${year}-Q1`);
    if (kind === 'month')
      for (let mo = 12; mo >= 1; mo--) candidates.push(`${year}-M${String(mo).padStart(2, '0')}`);
  }
  for (const key of candidates) if (parseReportPeriod(key, window, today).to <= today) return key;
  throw new Error(`no ended ${kind} period before ${today}`);
}

export interface IssuedReport {
  readonly id: string;
  readonly unitId: string;
  readonly scope: string;
  readonly periodKey: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly issuedAt: string;
  readonly report: Report;
}

/**
 * Issues the reports of the periods that have ended (issue 13 item 5): for every unit existing at the end
 * of the period, its report (the unit with everything below it) is stored as issued — once: the key
 * (unit, scope, window:period) is unique and the table refuses updates — and the unit's leaders are
 * notified (`notify`, kind `report.issued`, in the same transaction). Returns how many were issued.
 */
export async function issueEndedReports(m: EntityManager, now: Date): Promise<number> {
  const today = vietnamDate(now);
  let issued = 0;
  for (const [kind, window] of ISSUED_PERIODS) {
    const key = lastEndedPeriod(kind, window, today);
    const period = parseReportPeriod(key, window, today);
    const periodKey = `${window}:${key}`;
    const units: { id: string; name: string }[] = await m.query(
      `SELECT u.id, u.name FROM units u
        WHERE u.valid_from < $1::date AND (u.valid_to IS NULL OR u.valid_to > $2::date)
          AND NOT EXISTS (SELECT 1 FROM issued_reports r WHERE r.unit_id = u.id AND r.scope = 'subtree' AND r.period_key = $3)
        ORDER BY u.code`,
      [period.to, addDays(period.to, -1), periodKey],
    );
    for (const u of units) {
      const report = await computeReport(m, now, {
        period: key,
        window,
        scope: { kind: 'subtree', unitId: u.id },
      });
      const rows: { id: string }[] = await m.query(
        `INSERT INTO issued_reports (unit_id, scope, period_key, period_from, period_to, report, issued_at)
         VALUES ($1, 'subtree', $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (unit_id, scope, period_key) DO NOTHING RETURNING id`,
        [u.id, periodKey, period.from, period.to, JSON.stringify(report), now],
      );
      if (rows.length === 0) continue;
      issued++;
      await notify(m, {
        kind: 'report.issued',
        recipients: { unitId: u.id, roles: ['leader'] },
        subject: {
          vi: `Báo cáo văn bản điện tử và ký số ${report.period.label.vi}: ${report.total.rates.exchange.text}`,
          en: `Electronic documents and signing report, ${report.period.label.en}: ${report.total.rates.exchange.percent} exchanged`,
        },
        link: `#/reports/issued/${rows[0]!.id}`,
        dedupeKey: `report.issued:${u.id}:${periodKey}`,
      });
    }
  }
  return issued;
}

/** A row of issued_reports as ISSUED_REPORT_COLUMNS selects it. */
interface IssuedReportRow {
  id: string;
  unit_id: string;
  scope: string;
  period_key: string;
  period_from: string;
  period_to: string;
  issued_at: Date;
  report: Report;
}

const ISSUED_REPORT_COLUMNS =
  'id, unit_id, scope, period_key, period_from::text, period_to::text, issued_at, report';

function issuedReportOf(r: IssuedReportRow): IssuedReport {
  return {
    id: r.id,
    unitId: r.unit_id,
    scope: r.scope,
    periodKey: r.period_key,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    issuedAt: r.issued_at.toISOString(),
    report: r.report,
  };
}

/** The reports issued for a unit, newest first (the caller must see the unit). */
export async function listIssuedReports(
  ctx: { readonly db: Queryable; readonly clock: Clock; readonly actor: Actor },
  input: { readonly unitId: string },
): Promise<IssuedReport[]> {
  await assertReportScope(ctx.db, ctx.actor, { kind: 'unit', unitId: input.unitId });
  const rows: IssuedReportRow[] = await ctx.db.query(
    `SELECT ${ISSUED_REPORT_COLUMNS}
       FROM issued_reports WHERE unit_id = $1 ORDER BY period_to DESC, period_key LIMIT 200`,
    [input.unitId],
  );
  return rows.map(issuedReportOf);
}

/**
 * One issued report as it was issued (the notification's link `#/reports/issued/<id>`). A report of a unit
 * outside the caller's scope answers REPORT_NOT_FOUND like an unknown id (nothing about it leaks).
 */
export async function getIssuedReport(
  ctx: { readonly db: Queryable; readonly clock: Clock; readonly actor: Actor },
  input: { readonly id: string },
): Promise<IssuedReport> {
  const rows: IssuedReportRow[] = await ctx.db.query(
    `SELECT ${ISSUED_REPORT_COLUMNS}
       FROM issued_reports WHERE id = $1`,
    [input.id],
  );
  const notFound = () =>
    new ReportError(
      'REPORT_NOT_FOUND',
      { vi: 'Không tìm thấy báo cáo đã ban hành', en: 'No such issued report' },
      { id: input.id },
    );
  const r = rows[0];
  if (!r) throw notFound();
  try {
    await assertReportScope(ctx.db, ctx.actor, { kind: 'unit', unitId: r.unit_id });
  } catch (e) {
    if (e instanceof ReportError && e.code === 'REPORT_SCOPE_FORBIDDEN') throw notFound();
    throw e;
  }
  return issuedReportOf(r);
}
