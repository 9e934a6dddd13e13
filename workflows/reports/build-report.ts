import type { Actor, Clock } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import { countDigitisedRecords } from '../digitisation/count-digitised-records';
import { formatPercent, formatRate, rateHundredths } from './format-rate';
import { addCounts, type Counts, MEASURES_VERSION, zeroCounts } from './measures';
import { rawCounts, VN_START } from './raw-counts';
import { addDays, monthsOf, parseReportPeriod, type PeriodWindow, type ReportPeriod } from './report-period';
import {
  assertReportScope,
  type ReportLevel,
  type ReportScope,
  type ReportUnit,
  unitsInScope,
} from './report-scope';
import { rollupCounts, rollupOverdueAt, rollupTrend } from './rollup-counts';
import { usageCounts, type UsageCounts } from './usage-counts';

/** A rate as numbers and as the province writes it. */
export interface RateCell {
  readonly numerator: number;
  readonly denominator: number;
  /** Hundredths of a percent, half-up (9996 = 99,96 %); null when the denominator is 0. */
  readonly hundredths: number | null;
  /** `99,96% (33.545/33.557 văn bản đi)` */
  readonly text: string;
  /** `99,96%` */
  readonly percent: string;
}

export interface Rates {
  /** Electronic ÷ outgoing not classified. */
  readonly exchange: RateCell;
  /** Sealed by the organisation (electronic) ÷ outgoing not classified. */
  readonly signedSeal: RateCell;
  /** Signed by the leader (electronic) ÷ outgoing not classified. */
  readonly signedLeader: RateCell;
  readonly handledEarly: RateCell;
  readonly handledOnTime: RateCell;
  readonly handledLate: RateCell;
  /** Average hours from arrival to completion of the documents completed in the period; null if none. */
  readonly averageHandlingHours: number | null;
}

export interface Figures {
  readonly counts: Counts;
  readonly rates: Rates;
  readonly usage: UsageCounts & {
    readonly units: number;
    /** Units with at least one active account (using the system). */
    readonly unitsUsing: number;
    /** Units with both an organisation certificate and a leader's certificate in use. */
    readonly unitsWithBothCertificates: number;
    readonly unitsWithBothCertificatesRate: RateCell;
  };
}

export interface ReportUnitRow extends Figures {
  readonly unit: ReportUnit & { readonly dissolvedInPeriod: boolean };
}

export interface Report {
  readonly measuresVersion: string;
  readonly source: 'rollup' | 'raw';
  readonly generatedAt: string;
  readonly period: ReportPeriod;
  readonly scope: ReportScope;
  /** The instant the point-in-time figures (overdue, accounts, certificates) are taken at. */
  readonly asOf: string;
  readonly units: ReportUnitRow[];
  readonly levels: (Figures & {
    readonly level: ReportLevel;
    readonly label: { vi: string; en: string };
  })[];
  readonly total: Figures;
  /** Total of the scope per month of the period (calendar months, or 15th–14th windows). */
  readonly trend: {
    readonly from: string;
    readonly to: string;
    readonly counts: Counts;
    readonly rates: Rates;
  }[];
  /** Units ordered by exchange rate, then signing rate, then volume (best first). */
  readonly ranking: {
    readonly unitId: string;
    readonly name: string;
    readonly exchange: RateCell;
    readonly signedSeal: RateCell;
  }[];
  /** Paper records digitised (OCR completed) in the period by the scope's units (countDigitisedRecords). */
  readonly digitisedRecords: number | null;
  readonly notes: { vi: string; en: string }[];
}

export const LEVEL_LABELS: Record<ReportLevel, { vi: string; en: string }> = {
  province_district: { vi: 'Cấp tỉnh, huyện', en: 'Province and district level' },
  commune: { vi: 'Cấp xã', en: 'Commune level' },
};

export function rateCell(numerator: number, denominator: number, noun = 'văn bản đi'): RateCell {
  const hundredths = rateHundredths(numerator, denominator);
  return {
    numerator,
    denominator,
    hundredths,
    text: formatRate(numerator, denominator, noun),
    percent: formatPercent(hundredths),
  };
}

export function ratesOf(c: Counts): Rates {
  const eligible = c.outTotal - c.outClassified;
  const handled = c.handledEarly + c.handledOnTime + c.handledLate;
  return {
    exchange: rateCell(c.outElectronic, eligible),
    signedSeal: rateCell(c.outSignedSeal, eligible),
    signedLeader: rateCell(c.outSignedLeader, eligible),
    handledEarly: rateCell(c.handledEarly, handled, 'văn bản đến'),
    handledOnTime: rateCell(c.handledOnTime, handled, 'văn bản đến'),
    handledLate: rateCell(c.handledLate, handled, 'văn bản đến'),
    averageHandlingHours: handled === 0 ? null : Math.round((c.handlingSeconds / handled / 3600) * 100) / 100,
  };
}

const NO_USAGE: UsageCounts = {
  accounts: 0,
  organisationCertificates: 0,
  leaderCertificates: 0,
  certificates: 0,
};

function figures(rows: readonly { counts: Counts; usage: UsageCounts }[]): Figures {
  let counts = zeroCounts();
  let accounts = 0;
  let org = 0;
  let leader = 0;
  let certs = 0;
  let using = 0;
  let both = 0;
  for (const r of rows) {
    counts = addCounts(counts, r.counts);
    accounts += r.usage.accounts;
    org += r.usage.organisationCertificates;
    leader += r.usage.leaderCertificates;
    certs += r.usage.certificates;
    if (r.usage.accounts > 0) using++;
    if (r.usage.organisationCertificates > 0 && r.usage.leaderCertificates > 0) both++;
  }
  return {
    counts,
    rates: ratesOf(counts),
    usage: {
      units: rows.length,
      unitsUsing: using,
      accounts,
      organisationCertificates: org,
      leaderCertificates: leader,
      certificates: certs,
      unitsWithBothCertificates: both,
      unitsWithBothCertificatesRate: rateCell(both, rows.length, 'đơn vị'),
    },
  };
}

export interface ReportRequest {
  readonly period: string;
  readonly window?: PeriodWindow;
  readonly scope: ReportScope;
  /** 'raw' recomputes from the document rows (the check and the benchmark's peer). */
  readonly source?: 'rollup' | 'raw';
}

/**
 * The report of a scope over a period (issue 13): checks the caller's scope first (403 without any
 * count), resolves the units as they were, and adds up the rollups (or the raw rows).
 */
export async function buildReport(
  ctx: { readonly db: Queryable; readonly clock: Clock; readonly actor: Actor },
  input: ReportRequest,
): Promise<Report> {
  await assertReportScope(ctx.db, ctx.actor, input.scope);
  return computeReport(ctx.db, ctx.clock.now(), input);
}

/** The date (exclusive) a slice's overdue stock is taken at: its end, or tomorrow while it runs. */
const sliceEnd = (to: string, today: string): string => (to > today ? addDays(today, 1) : to);

/** buildReport without the access check: for the scheduled job and the CLI. */
export async function computeReport(q: Queryable, now: Date, input: ReportRequest): Promise<Report> {
  const today = vietnamDate(now);
  const period = parseReportPeriod(input.period, input.window ?? 'calendar', today);
  const source = input.source ?? 'rollup';
  const units = period.future ? [] : await unitsInScope(q, input.scope, period);
  const unitIds = units.map((u) => u.id);
  // Point-in-time figures: at the end of the period, or now while it runs.
  const overdueAt = period.ongoing ? addDays(today, 1) : period.to;
  const [{ at }]: { at: Date }[] = period.ongoing
    ? [{ at: now }]
    : await q.query(`SELECT ${VN_START('$1')} AS at`, [period.to]);
  const count = source === 'raw' ? rawCounts : rollupCounts;
  const counts = period.future
    ? new Map<string, Counts>()
    : await count(q, { unitIds, from: period.from, to: period.to, overdueAt });
  const usage = period.future ? new Map<string, UsageCounts>() : await usageCounts(q, unitIds, at);
  const rows: ReportUnitRow[] = units.map((u) => {
    const c = counts.get(u.id) ?? zeroCounts();
    const us = usage.get(u.id) ?? NO_USAGE;
    const f = figures([{ counts: c, usage: us }]);
    return { ...f, unit: { ...u, dissolvedInPeriod: u.validTo !== null && u.validTo < period.to } };
  });
  const levels = (['province_district', 'commune'] as const)
    .map((level) => {
      const of = rows.filter((r) => r.unit.reportLevel === level);
      return { level, label: LEVEL_LABELS[level], n: of.length, ...figures(of.map(plain)) };
    })
    .filter((l) => l.n > 0)
    .map(({ n: _n, ...l }) => l);
  const trend = [];
  if (!period.future) {
    const slices = monthsOf(period).filter((m) => m.from <= today);
    if (source === 'rollup') {
      // One pass over the daily rollups; slices keyed by their first day (1st, or 15th for Decree 09).
      const shift = period.from.slice(8, 10) === '15' ? 14 : 0;
      const per = await rollupTrend(q, { unitIds, from: period.from, to: period.to, shift });
      // Overdue still open at each slice's end (now, for a slice still running), as for the period.
      const ends = slices.map((m) => sliceEnd(m.to, today));
      const overdue = await rollupOverdueAt(q, { unitIds, dates: ends });
      for (const [i, m] of slices.entries()) {
        const key = shift ? m.from : `${m.from.slice(0, 7)}-01`;
        const c = { ...(per.get(key) ?? zeroCounts()), overdueOpen: overdue.get(ends[i]!) ?? 0 };
        trend.push({ from: m.from, to: m.to, counts: c, rates: ratesOf(c) });
      }
    } else {
      for (const m of slices) {
        const per = await rawCounts(q, { unitIds, from: m.from, to: m.to, overdueAt: sliceEnd(m.to, today) });
        let c = zeroCounts();
        for (const v of per.values()) c = addCounts(c, v);
        trend.push({ from: m.from, to: m.to, counts: c, rates: ratesOf(c) });
      }
    }
  }
  let digitisedRecords = 0;
  if (!period.future && unitIds.length > 0) {
    const [{ from, to }]: { from: Date; to: Date }[] = await q.query(
      `SELECT ${VN_START('$1')} AS from, ${VN_START('$2')} AS to`,
      [period.from, period.to],
    );
    for (const d of await countDigitisedRecords(q as never, { unitIds, from, to }))
      digitisedRecords += d.records;
  }
  const ranking = rows
    .filter((r) => r.counts.outTotal > 0)
    .sort(
      (a, b) =>
        (b.rates.exchange.hundredths ?? -1) - (a.rates.exchange.hundredths ?? -1) ||
        (b.rates.signedSeal.hundredths ?? -1) - (a.rates.signedSeal.hundredths ?? -1) ||
        b.counts.outTotal - a.counts.outTotal ||
        a.unit.code.localeCompare(b.unit.code),
    )
    .map((r) => ({
      unitId: r.unit.id,
      name: r.unit.name,
      exchange: r.rates.exchange,
      signedSeal: r.rates.signedSeal,
    }));
  const notes = [
    {
      vi: 'Văn bản mật không được gửi qua mạng (Nghị định 30/2020, Luật Bảo vệ bí mật nhà nước): tính trong tổng số văn bản đi nhưng loại khỏi mẫu số của các tỷ lệ.',
      en: 'Classified documents may not travel over the network: counted in outgoing, excluded from the rates’ denominators.',
    },
  ];
  if (period.future)
    notes.unshift({ vi: 'Kỳ báo cáo chưa đến: chưa có số liệu.', en: 'Future period: no figures yet.' });
  return {
    measuresVersion: MEASURES_VERSION,
    source,
    generatedAt: now.toISOString(),
    period,
    scope: input.scope,
    asOf: at.toISOString(),
    units: rows,
    levels,
    total: figures(rows.map(plain)),
    trend,
    ranking,
    digitisedRecords,
    notes,
  };
}

function plain(r: ReportUnitRow): { counts: Counts; usage: UsageCounts } {
  return { counts: r.counts, usage: r.usage };
}
