import type { Actor, Clock } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import type { DrillMeasure } from './measures';
import { INCOMING_DEADLINE, OUTGOING_DAY, VN_START } from './raw-counts';
import { addDays, parseReportPeriod, type PeriodWindow } from './report-period';
import { assertReportScope, type ReportScope, unitsInScope } from './report-scope';

export interface ReportDocument {
  readonly kind: 'outgoing' | 'incoming';
  readonly id: string;
  readonly unitId: string;
  readonly unitName: string;
  /** Số, ký hiệu as issued (`01/QĐ-UBND`), or the notation alone before a number. */
  readonly number: string;
  readonly subject: string;
  /** The day it counts on (issue day, arrival day or completion day). */
  readonly day: string;
  readonly medium: 'electronic' | 'paper' | null;
  readonly classified: boolean;
  readonly deadline: string | null;
  /** Web hash of the document. */
  readonly link: string;
  /** Why it is outside the numerator (listed under `excluded`); null for included documents. */
  readonly reason: { readonly vi: string; readonly en: string } | null;
}

export interface ReportDocuments {
  readonly measure: DrillMeasure;
  readonly total: number;
  readonly included: ReportDocument[];
  /** Documents of the denominator left out of the numerator, with the reason. */
  readonly excludedTotal: number;
  readonly excluded: ReportDocument[];
  readonly limit: number;
  readonly offset: number;
}

const OUT_REASONS = `CASE
  WHEN d.classification <> 'none' THEN 'classified'
  WHEN d.medium = 'paper' THEN 'paper'
  WHEN $M = 'signed_seal' AND d.sealed_at IS NULL THEN 'no_seal'
  WHEN $M = 'signed_leader' AND d.signed_at IS NULL THEN 'no_leader_signature'
  END`;

const REASONS: Record<string, { vi: string; en: string }> = {
  classified: {
    vi: 'Văn bản mật: không gửi qua mạng, không tính vào mẫu số các tỷ lệ',
    en: 'Classified: never sent over the network, outside the rates’ denominator',
  },
  paper: { vi: 'Văn bản giấy (không gửi điện tử)', en: 'Paper document (not sent electronically)' },
  no_seal: { vi: 'Không có chữ ký số của cơ quan', en: 'No organisation seal signature' },
  no_leader_signature: { vi: 'Không có chữ ký số của lãnh đạo', en: 'No leader signature' },
};

/**
 * The documents behind one cell of a report (issue 13 item 3): the unit or scope, the period and the
 * measure; for the rates (electronic, signed_*) also the documents of the denominator left out of the
 * numerator, each with its reason — classified documents are listed there as excluded from the
 * denominator itself. Same access rule as the report (403 before anything is read).
 */
export async function listReportDocuments(
  ctx: { readonly db: Queryable; readonly clock: Clock; readonly actor: Actor },
  input: {
    readonly period: string;
    readonly window?: PeriodWindow;
    readonly scope: ReportScope;
    readonly measure: DrillMeasure;
    readonly limit?: number;
    readonly offset?: number;
  },
): Promise<ReportDocuments> {
  await assertReportScope(ctx.db, ctx.actor, input.scope);
  const today = vietnamDate(ctx.clock.now());
  const period = parseReportPeriod(input.period, input.window ?? 'calendar', today);
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 1000);
  const offset = Math.max(input.offset ?? 0, 0);
  const empty = {
    measure: input.measure,
    total: 0,
    included: [],
    excludedTotal: 0,
    excluded: [],
    limit,
    offset,
  };
  if (period.future) return empty;
  const unitIds = (await unitsInScope(ctx.db, input.scope, period)).map((u) => u.id);
  if (unitIds.length === 0) return empty;
  const m = input.measure;
  const base = [period.from, period.to, unitIds];
  type Row = {
    kind: 'outgoing' | 'incoming';
    id: string;
    unit_id: string;
    unit_name: string;
    number: string;
    subject: string;
    day: string;
    medium: 'electronic' | 'paper' | null;
    classified: boolean;
    deadline: string | null;
    reason: string | null;
    n: string;
  };
  let sql: string;
  let params: unknown[];
  if (['outgoing', 'electronic', 'paper', 'signed_seal', 'signed_leader'].includes(m)) {
    const reason = OUT_REASONS.replaceAll('$M', '$4');
    // outgoing and paper list every document counted; the rates list the numerator, then the rest.
    const isRate = m === 'electronic' || m === 'signed_seal' || m === 'signed_leader';
    sql = `SELECT 'outgoing' AS kind, d.id, d.unit_id, u.name AS unit_name,
                  CASE WHEN d.number IS NULL THEN d.notation ELSE lpad(d.number::text, 2, '0') || '/' || d.notation END AS number,
                  d.subject, ${OUTGOING_DAY}::text AS day, d.medium, d.classification <> 'none' AS classified,
                  d.due_date::text AS deadline,
                  ${isRate ? reason : m === 'paper' ? `CASE WHEN d.medium <> 'paper' THEN 'skip' END` : 'NULL::text'} AS reason,
                  count(*) OVER (PARTITION BY (${isRate ? reason : m === 'paper' ? `CASE WHEN d.medium <> 'paper' THEN 'skip' END` : 'NULL::text'}) IS NULL) AS n
             FROM outgoing_documents d JOIN units u ON u.id = d.unit_id
            WHERE d.issued_at IS NOT NULL AND ${OUTGOING_DAY} >= $1::date AND ${OUTGOING_DAY} < $2::date
              AND d.unit_id = ANY($3::uuid[]) AND $4::text IS NOT NULL`;
    params = [...base, m];
  } else if (['received', 'registered', 'refused', 'returned'].includes(m)) {
    const cond = {
      received: 'true',
      registered: 'i.registered_at IS NOT NULL',
      refused: `i.status_code = '02'`,
      returned: `i.recall_code = '15'`,
    }[m as 'received']!;
    sql = `SELECT 'incoming' AS kind, i.id, i.recipient_unit_id AS unit_id, u.name AS unit_name, i.notation AS number,
                  i.subject, (i.received_at AT TIME ZONE INTERVAL '+07:00')::date::text AS day, NULL AS medium,
                  false AS classified, ${INCOMING_DEADLINE}::text AS deadline, NULL::text AS reason,
                  count(*) OVER () AS n
             FROM incoming_documents i JOIN units u ON u.id = i.recipient_unit_id
             LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
            WHERE i.received_at >= ${VN_START('$1')} AND i.received_at < ${VN_START('$2')}
              AND i.recipient_unit_id = ANY($3::uuid[]) AND ${cond}`;
    params = base;
  } else if (m === 'overdue_open') {
    const at = period.ongoing ? addDays(today, 1) : period.to;
    sql = `SELECT 'incoming' AS kind, i.id, i.recipient_unit_id AS unit_id, u.name AS unit_name, i.notation AS number,
                  i.subject, ${INCOMING_DEADLINE}::text AS day, NULL AS medium, false AS classified,
                  ${INCOMING_DEADLINE}::text AS deadline, NULL::text AS reason, count(*) OVER () AS n
             FROM incoming_documents i JOIN units u ON u.id = i.recipient_unit_id
             LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
            WHERE ${INCOMING_DEADLINE} IS NOT NULL AND i.status_code <> '02' AND i.recall_code IS DISTINCT FROM '15'
              AND greatest(${INCOMING_DEADLINE}, (i.received_at AT TIME ZONE INTERVAL '+07:00')::date) < $1::date
              AND (i.completed_at IS NULL OR (i.completed_at AT TIME ZONE INTERVAL '+07:00')::date >= $1::date)
              AND i.recipient_unit_id = ANY($2::uuid[])`;
    params = [at, unitIds];
  } else {
    const done = `(i.completed_at AT TIME ZONE INTERVAL '+07:00')::date`;
    const cond = {
      handled: 'true',
      handled_early: `${INCOMING_DEADLINE} IS NOT NULL AND ${done} < ${INCOMING_DEADLINE}`,
      handled_on_time: `(${INCOMING_DEADLINE} IS NULL OR ${done} = ${INCOMING_DEADLINE})`,
      handled_late: `${INCOMING_DEADLINE} IS NOT NULL AND ${done} > ${INCOMING_DEADLINE}`,
    }[m as 'handled']!;
    sql = `SELECT 'incoming' AS kind, i.id, i.recipient_unit_id AS unit_id, u.name AS unit_name, i.notation AS number,
                  i.subject, ${done}::text AS day, NULL AS medium, false AS classified,
                  ${INCOMING_DEADLINE}::text AS deadline, NULL::text AS reason, count(*) OVER () AS n
             FROM incoming_documents i JOIN units u ON u.id = i.recipient_unit_id
             LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
            WHERE i.completed_at >= ${VN_START('$1')} AND i.completed_at < ${VN_START('$2')}
              AND i.recipient_unit_id = ANY($3::uuid[]) AND ${cond}`;
    params = base;
  }
  const page = async (included: boolean): Promise<{ rows: Row[]; total: number }> => {
    const rows: Row[] = await ctx.db.query(
      `SELECT * FROM (${sql}) x WHERE (x.reason IS NULL) = ${included} AND x.reason IS DISTINCT FROM 'skip'
        ORDER BY x.day, x.number, x.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    let total = rows.length ? Number(rows[0]!.n) : 0;
    if (!rows.length && offset > 0) {
      const [c]: { n: string }[] = await ctx.db.query(
        `SELECT count(*) AS n FROM (${sql}) x WHERE (x.reason IS NULL) = ${included} AND x.reason IS DISTINCT FROM 'skip'`,
        params,
      );
      total = Number(c!.n);
    }
    return { rows, total };
  };
  const inc = await page(true);
  const exc = await page(false);
  const map = (r: Row): ReportDocument => ({
    kind: r.kind,
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    number: r.number,
    subject: r.subject,
    day: r.day,
    medium: r.medium,
    classified: r.classified,
    deadline: r.deadline,
    link: r.kind === 'outgoing' ? `#/outgoing/${r.id}` : `#/incoming/${r.id}`,
    reason: r.reason ? (REASONS[r.reason] ?? null) : null,
  });
  return {
    measure: m,
    total: inc.total,
    included: inc.rows.map(map),
    excludedTotal: exc.total,
    excluded: exc.rows.map(map),
    limit,
    offset,
  };
}
