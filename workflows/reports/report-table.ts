import type { Figures, Report } from './build-report';
import { formatCount } from './format-rate';

/** One column of the exported table: the province's heading and how to read a cell from figures. */
interface Column {
  readonly vi: string;
  readonly en: string;
  /** A count (number) or a percentage (text, `99,96%`). */
  readonly kind: 'count' | 'percent' | 'text';
  readonly of: (f: Figures) => number | string;
}

const COLUMNS: readonly Column[] = [
  { vi: 'Tổng số văn bản đi', en: 'Outgoing', kind: 'count', of: (f) => f.counts.outTotal },
  { vi: 'Văn bản điện tử', en: 'Electronic', kind: 'count', of: (f) => f.counts.outElectronic },
  { vi: 'Văn bản giấy', en: 'Paper', kind: 'count', of: (f) => f.counts.outPaper },
  { vi: 'Văn bản mật', en: 'Classified', kind: 'count', of: (f) => f.counts.outClassified },
  {
    vi: 'Tỷ lệ trao đổi điện tử (%)',
    en: 'Exchange rate',
    kind: 'percent',
    of: (f) => f.rates.exchange.percent,
  },
  { vi: 'Ký số của cơ quan', en: 'Sealed', kind: 'count', of: (f) => f.counts.outSignedSeal },
  { vi: 'Tỷ lệ ký số (%)', en: 'Signing rate', kind: 'percent', of: (f) => f.rates.signedSeal.percent },
  { vi: 'Ký số của lãnh đạo', en: 'Leader-signed', kind: 'count', of: (f) => f.counts.outSignedLeader },
  { vi: 'Văn bản đến', en: 'Incoming', kind: 'count', of: (f) => f.counts.inReceived },
  { vi: 'Đã vào sổ', en: 'Registered', kind: 'count', of: (f) => f.counts.inRegistered },
  { vi: 'Từ chối', en: 'Refused', kind: 'count', of: (f) => f.counts.inRefused },
  { vi: 'Trả lại (thu hồi)', en: 'Returned (recalled)', kind: 'count', of: (f) => f.counts.inReturned },
  { vi: 'Xử lý trước hạn (%)', en: 'Early', kind: 'percent', of: (f) => f.rates.handledEarly.percent },
  { vi: 'Xử lý đúng hạn (%)', en: 'On time', kind: 'percent', of: (f) => f.rates.handledOnTime.percent },
  { vi: 'Xử lý quá hạn (%)', en: 'Late', kind: 'percent', of: (f) => f.rates.handledLate.percent },
  { vi: 'Tồn quá hạn', en: 'Overdue open', kind: 'count', of: (f) => f.counts.overdueOpen },
  {
    vi: 'Thời gian xử lý bình quân (giờ)',
    en: 'Average handling (hours)',
    kind: 'text',
    of: (f) =>
      f.rates.averageHandlingHours === null ? '—' : String(f.rates.averageHandlingHours).replace('.', ','),
  },
  { vi: 'Tài khoản', en: 'Accounts', kind: 'count', of: (f) => f.usage.accounts },
  { vi: 'Chứng thư số', en: 'Certificates', kind: 'count', of: (f) => f.usage.certificates },
];

export interface TableRow {
  readonly kind: 'group' | 'unit' | 'total';
  /** STT: 1, 2, … within a group; I, II for groups; empty for the total. */
  readonly ordinal: string;
  readonly name: string;
  readonly cells: readonly (number | string)[];
}

export interface ReportTable {
  readonly title: string;
  readonly subtitle: string;
  readonly headings: readonly { readonly vi: string; readonly en: string }[];
  readonly kinds: readonly Column['kind'][];
  readonly rows: readonly TableRow[];
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * The report as the province's table (issue 13 item 5): STT / Đơn vị / Tổng số / Điện tử / % …, units
 * grouped by level (I. Cấp tỉnh, huyện; II. Cấp xã) with each group's subtotal, then the total. The
 * CSV, XLSX and PDF exports all write this one table.
 */
export function reportTable(r: Report): ReportTable {
  const rows: TableRow[] = [];
  r.levels.forEach((l, gi) => {
    rows.push({
      kind: 'group',
      ordinal: ROMAN[gi] ?? String(gi + 1),
      name: l.label.vi,
      cells: COLUMNS.map((c) => c.of(l)),
    });
    r.units
      .filter((u) => u.unit.reportLevel === l.level)
      .forEach((u, i) =>
        rows.push({
          kind: 'unit',
          ordinal: String(i + 1),
          name: u.unit.dissolvedInPeriod ? `${u.unit.name} (đã giải thể ${u.unit.validTo})` : u.unit.name,
          cells: COLUMNS.map((c) => c.of(u)),
        }),
      );
  });
  rows.push({ kind: 'total', ordinal: '', name: 'Tổng cộng', cells: COLUMNS.map((c) => c.of(r.total)) });
  return {
    title: 'BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ VÀ KÝ SỐ',
    subtitle: r.period.label.vi,
    headings: [
      { vi: 'STT', en: 'No.' },
      { vi: 'Đơn vị', en: 'Unit' },
      ...COLUMNS.map((c) => ({ vi: c.vi, en: c.en })),
    ],
    kinds: ['text', 'text', ...COLUMNS.map((c) => c.kind)],
    rows,
  };
}

/** A cell as text in Vietnamese number format. */
export function cellText(v: number | string): string {
  return typeof v === 'number' ? formatCount(v) : v;
}
