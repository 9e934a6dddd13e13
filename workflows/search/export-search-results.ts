import ExcelJS from 'exceljs';
import type { DomainContext } from '../context';
import {
  MAX_OFFSET,
  MAX_PAGE_SIZE,
  searchDocuments,
  type SearchHit,
  type SearchInput,
} from './search-documents';

/** Most rows an export holds: the pages a search can reach. */
export const EXPORT_MAX_ROWS = MAX_OFFSET + MAX_PAGE_SIZE;

const KIND_LABEL: Record<SearchHit['kind'], string> = {
  outgoing: 'Văn bản đi',
  incoming: 'Văn bản đến',
  record: 'Hồ sơ lưu trữ',
  file: 'Hồ sơ',
  scan: 'Bản số hóa',
};

/** Vietnam calendar date, dd/mm/yyyy, as registers print it. */
function vnDate(d: Date | null): string {
  if (!d) return '';
  const s = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** The columns of the list (Decree 30 Appendix VI metadata a result list carries). */
export const EXPORT_COLUMNS: readonly { header: string; width: number; value: (h: SearchHit) => string }[] = [
  { header: 'Nguồn', width: 12, value: (h) => KIND_LABEL[h.kind] },
  { header: 'Số, ký hiệu', width: 16, value: (h) => h.number ?? '' },
  { header: 'Ngày ban hành', width: 12, value: (h) => vnDate(h.issuedAt) },
  { header: 'Ngày đến', width: 12, value: (h) => vnDate(h.arrivedAt) },
  { header: 'Loại văn bản', width: 14, value: (h) => h.documentType ?? '' },
  { header: 'Trích yếu', width: 60, value: (h) => h.title },
  { header: 'Cơ quan ban hành', width: 28, value: (h) => h.issuer ?? '' },
  { header: 'Người ký', width: 20, value: (h) => h.signer ?? '' },
  { header: 'Hạn xử lý', width: 12, value: (h) => vnDate(h.dueAt) },
  { header: 'Trạng thái', width: 12, value: (h) => h.status ?? '' },
  { header: 'Độ khẩn', width: 12, value: (h) => h.urgency ?? '' },
  { header: 'Hồ sơ', width: 14, value: (h) => h.fileCode ?? '' },
  { header: 'Thời hạn bảo quản', width: 14, value: (h) => h.retention ?? '' },
];

/** Every hit of a search, in its order, up to EXPORT_MAX_ROWS (the same access rules: it is the search). */
export async function collectSearchHits(ctx: DomainContext, input: SearchInput): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  for (let page = 1; (page - 1) * MAX_PAGE_SIZE <= MAX_OFFSET; page++) {
    const r = await searchDocuments(ctx, { ...input, page, pageSize: MAX_PAGE_SIZE, facets: false });
    hits.push(...r.hits);
    if (r.hits.length < MAX_PAGE_SIZE) break;
  }
  return hits;
}

/** A spreadsheet cell that could run as a formula (=, +, -, @, tab, CR) is kept as text. */
function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** CSV, UTF-8 with a byte-order mark (Excel reads the Vietnamese letters), RFC 4180 quoting, CRLF. */
export function renderSearchCsv(hits: readonly SearchHit[]): Buffer {
  const q = (v: string) => `"${safeCell(v).replace(/"/g, '""')}"`;
  const lines = [['STT', ...EXPORT_COLUMNS.map((c) => c.header)].map(q).join(',')];
  hits.forEach((h, i) =>
    lines.push([String(i + 1), ...EXPORT_COLUMNS.map((c) => c.value(h))].map(q).join(',')),
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** XLSX (exceljs): a title row with the query, the header row frozen, A4 landscape. */
export async function renderSearchXlsx(
  hits: readonly SearchHit[],
  o: { query: string; generatedAt: Date },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VanBan';
  wb.created = o.generatedAt;
  const ws = wb.addWorksheet('Kết quả tìm kiếm', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = [{ width: 6 }, ...EXPORT_COLUMNS.map((c) => ({ width: c.width }))];
  ws.mergeCells(1, 1, 1, EXPORT_COLUMNS.length + 1);
  ws.getCell(1, 1).value = `KẾT QUẢ TÌM KIẾM: ${o.query || '(tất cả)'} — ${hits.length} văn bản`;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  const head = ws.getRow(2);
  ['STT', ...EXPORT_COLUMNS.map((c) => c.header)].forEach((h, i) => {
    head.getCell(i + 1).value = h;
    head.getCell(i + 1).font = { bold: true };
    head.getCell(i + 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  hits.forEach((h, i) => {
    const row = ws.addRow([i + 1, ...EXPORT_COLUMNS.map((c) => c.value(h))]);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
