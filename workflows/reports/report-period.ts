import { ReportError } from './report-error';

/** Calendar periods, or the official reporting window of Decree 09/2019/NĐ-CP Art. 12. */
export type PeriodWindow = 'calendar' | 'decree09';
export type PeriodKind = 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'custom';

/** A report period: `from` inclusive, `to` exclusive, Vietnamese calendar dates `YYYY-MM-DD`. */
export interface ReportPeriod {
  /** `2026-Q1`, `2026-M03`, `2026-H1`, `2026-9M`, `2026`, or `2026-01-05..2026-02-20` (inclusive). */
  readonly key: string;
  readonly kind: PeriodKind;
  readonly window: PeriodWindow;
  readonly from: string;
  readonly to: string;
  /** The last day of the period (inclusive), as people write it. */
  readonly lastDay: string;
  readonly label: { readonly vi: string; readonly en: string };
  /** Starts after today: empty by definition, labelled so. */
  readonly future: boolean;
  /** Today falls inside it: counts so far. */
  readonly ongoing: boolean;
}

/** Custom ranges longer than this are refused (issue 13 "Bad input"). */
export const MAX_PERIOD_YEARS = 10;

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function ymd(y: number, m: number, d: number): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function checkDate(s: string): string {
  const t = new Date(`${s}T00:00:00Z`);
  if (!ISO.test(s) || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== s)
    throw ReportError.periodInvalid(
      `Ngày không hợp lệ: ${s.slice(0, 20)}`,
      `Invalid date: ${s.slice(0, 20)}`,
      s,
    );
  return s;
}

function vnDate(s: string): string {
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/**
 * First and last month (1-based, inclusive) of a period kind inside its year. Decree 09 windows run
 * from the 15th of the month before the first month to the 14th of the last month.
 */
function months(kind: Exclude<PeriodKind, 'custom'>, index: number): [number, number] {
  switch (kind) {
    case 'month':
      return [index, index];
    case 'quarter':
      return [3 * index - 2, 3 * index];
    case 'half':
      return [6 * index - 5, 6 * index];
    case 'nine_months':
      return [1, 9];
    case 'year':
      return [1, 12];
  }
}

const KIND_LABEL: Record<Exclude<PeriodKind, 'custom'>, (i: number) => { vi: string; en: string }> = {
  month: (i) => ({ vi: `Tháng ${String(i).padStart(2, '0')}`, en: `Month ${String(i).padStart(2, '0')}` }),
  quarter: (i) => ({ vi: `Quý ${['I', 'II', 'III', 'IV'][i - 1]}`, en: `Q${i}` }),
  half: (i) => ({ vi: i === 1 ? '6 tháng đầu năm' : '6 tháng cuối năm', en: i === 1 ? 'H1' : 'H2' }),
  nine_months: () => ({ vi: '9 tháng', en: '9 months' }),
  year: () => ({ vi: 'Năm', en: 'Year' }),
};

/**
 * Parses a period key (see ReportPeriod.key) in a window and checks it: a range that ends before it
 * starts, or is longer than MAX_PERIOD_YEARS, is refused with REPORT_PERIOD_INVALID / _TOO_LONG.
 * `today` (Vietnamese date) marks future and ongoing periods.
 */
export function parseReportPeriod(key: string, window: PeriodWindow, today: string): ReportPeriod {
  const k = key.trim();
  let kind: PeriodKind;
  let from: string;
  let to: string;
  let label: { vi: string; en: string };
  const custom = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(k);
  if (custom) {
    kind = 'custom';
    from = checkDate(custom[1]!);
    const last = checkDate(custom[2]!);
    if (last < from)
      throw ReportError.periodInvalid(
        `Kỳ báo cáo kết thúc (${vnDate(last)}) trước khi bắt đầu (${vnDate(from)})`,
        `The period ends (${last}) before it starts (${from})`,
        k,
      );
    to = addDays(last, 1);
    if (
      to >
      ymd(Number(from.slice(0, 4)) + MAX_PERIOD_YEARS, Number(from.slice(5, 7)), Number(from.slice(8, 10)))
    )
      throw new ReportError(
        'REPORT_PERIOD_TOO_LONG',
        {
          vi: `Kỳ báo cáo dài quá ${MAX_PERIOD_YEARS} năm; hãy chọn khoảng ngắn hơn`,
          en: `The period is longer than ${MAX_PERIOD_YEARS} years; choose a shorter range`,
        },
        { value: k, maxYears: MAX_PERIOD_YEARS },
      );
    label = { vi: `Từ ${vnDate(from)} đến ${vnDate(last)}`, en: `${from} to ${last}` };
    return finish({ key: k, kind, window, from, to, label }, today);
  }
  const m = /^(\d{4})(?:-(Q[1-4]|M(0[1-9]|1[0-2])|H[12]|9M))?$/.exec(k);
  if (!m)
    throw ReportError.periodInvalid(
      `Kỳ báo cáo không hợp lệ: ${k.slice(0, 40)} (ví dụ 2026-Q1, 2026-M03, 2026-H1, 2026-9M, 2026, 2026-01-01..2026-03-31)`,
      `Invalid period: ${k.slice(0, 40)} (e.g. 2026-Q1, 2026-M03, 2026-H1, 2026-9M, 2026, 2026-01-01..2026-03-31)`,
      k.slice(0, 40),
    );
  const year = Number(m[1]);
  if (year < 1990 || year > 2200)
    throw ReportError.periodInvalid(`Năm không hợp lệ: ${year}`, `Invalid year: ${year}`, k);
  const part = m[2];
  let index = 1;
  if (!part) kind = 'year';
  else if (part.startsWith('Q')) [kind, index] = ['quarter', Number(part.slice(1))];
  else if (part.startsWith('M')) [kind, index] = ['month', Number(part.slice(1))];
  else if (part.startsWith('H')) [kind, index] = ['half', Number(part.slice(1))];
  else kind = 'nine_months';
  const [first, last] = months(kind, index);
  if (window === 'calendar') {
    from = ymd(year, first, 1);
    to = ymd(year, last + 1, 1);
  } else {
    // Decree 09/2019/NĐ-CP Art. 12: from the 15th of the month before to the 14th of the last month.
    from = ymd(year, first - 1, 15);
    to = ymd(year, last, 15);
  }
  const base = KIND_LABEL[kind](index);
  const range = `${vnDate(from)}–${vnDate(addDays(to, -1))}`;
  label = {
    vi: `${base.vi} ${kind === 'year' ? year : `năm ${year}`} (${range})`,
    en: `${base.en} ${year} (${from} to ${addDays(to, -1)})`,
  };
  return finish({ key: k, kind, window, from, to, label }, today);
}

function finish(p: Omit<ReportPeriod, 'future' | 'ongoing' | 'lastDay'>, today: string): ReportPeriod {
  const future = p.from > today;
  const ongoing = !future && today < p.to;
  const lastDay = addDays(p.to, -1);
  const label = future
    ? { vi: `${p.label.vi} — kỳ chưa đến, chưa có số liệu`, en: `${p.label.en} — future period, no data yet` }
    : ongoing
      ? { vi: `${p.label.vi} — số liệu đến ${vnDate(today)}`, en: `${p.label.en} — figures up to ${today}` }
      : p.label;
  return { ...p, lastDay, label, future, ongoing };
}

/** The months of a period, for a monthly trend (calendar months, or 15th-to-14th windows from a 15th). */
export function monthsOf(p: Pick<ReportPeriod, 'from' | 'to'>): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let cur = p.from;
  while (cur < p.to) {
    const y = Number(cur.slice(0, 4));
    const mo = Number(cur.slice(5, 7));
    const next = ymd(y, mo + 1, Number(cur.slice(8, 10)) === 15 ? 15 : 1);
    out.push({ from: cur, to: next < p.to ? next : p.to });
    cur = next;
  }
  return out;
}
