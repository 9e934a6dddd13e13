import ExcelJS from 'exceljs';
import { CodedError } from '../../signing/errors';
import type { DomainContext } from '../context';
import { auditEventName } from './audit-event-names';
import type { AuditRecord } from './audit-event';
import { listAuditEvents, type ListAuditEventsQuery } from './list-audit-events';

/** Most rows an export holds; more answer 422 AUDIT_EXPORT_TOO_LARGE (narrow the filters). */
export const AUDIT_EXPORT_MAX_ROWS = 20_000;

export type AuditExportErrorCode = 'AUDIT_EXPORT_TOO_LARGE';

export class AuditExportError extends CodedError {
  declare readonly code: AuditExportErrorCode;

  static tooLarge(max: number): AuditExportError {
    return new AuditExportError(
      'AUDIT_EXPORT_TOO_LARGE',
      {
        vi: `Bộ lọc chọn hơn ${max.toLocaleString('vi-VN')} sự kiện; hãy thu hẹp thời gian, đơn vị hoặc loại sự kiện`,
        en: `The filters select more than ${max.toLocaleString('en-GB')} events; narrow the period, unit or event type`,
      },
      { details: { max } },
    );
  }
}

export interface AuditExportRow {
  readonly event: AuditRecord;
  readonly unitName: string;
}

/**
 * Every event the filters select (the list's access rules: it is listAuditEvents, page by page), newest
 * first, each with its unit's name; more than `max` refused before anything is rendered.
 */
export async function collectAuditExport(
  ctx: DomainContext,
  query: Omit<ListAuditEventsQuery, 'limit' | 'cursor'>,
  max = AUDIT_EXPORT_MAX_ROWS,
): Promise<AuditExportRow[]> {
  const events: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(ctx, { ...query, limit: 500, cursor });
    events.push(...page.items);
    if (events.length > max) throw AuditExportError.tooLarge(max);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const ids = [...new Set(events.map((e) => e.unitId).filter((id): id is string => id !== null))];
  const names = new Map<string, string>(
    ids.length
      ? (
          (await ctx.db.query(`SELECT id, name FROM units WHERE id = ANY($1::uuid[])`, [ids])) as {
            id: string;
            name: string;
          }[]
        ).map((u) => [u.id, u.name])
      : [],
  );
  return events.map((event) => ({
    event,
    unitName: event.unitId ? (names.get(event.unitId) ?? event.unitId) : '',
  }));
}

/** Date and time in Vietnam, dd/mm/yyyy HH:MM:SS. */
function vnDateTime(d: Date): string {
  const s = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 19)}`;
}

export const AUDIT_EXPORT_COLUMNS: readonly {
  header: string;
  width: number;
  value: (r: AuditExportRow) => string;
}[] = [
  { header: 'Số thứ tự / Seq', width: 10, value: (r) => String(r.event.seq) },
  { header: 'Thời gian / Time', width: 20, value: (r) => vnDateTime(r.event.occurredAt) },
  { header: 'Sự kiện / Event', width: 36, value: (r) => auditEventName(r.event.type, 'vi') },
  { header: 'Mã sự kiện / Event code', width: 28, value: (r) => r.event.type },
  { header: 'Người thực hiện / Actor', width: 18, value: (r) => r.event.actorUsername ?? '' },
  { header: 'Đơn vị / Unit', width: 32, value: (r) => r.unitName },
  { header: 'Địa chỉ IP / IP address', width: 16, value: (r) => r.event.ip ?? '' },
  { header: 'Chi tiết / Details', width: 60, value: (r) => JSON.stringify(r.event.payload) },
];

/** A spreadsheet cell that could run as a formula (=, +, -, @, tab, CR) is kept as text. */
function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** CSV, UTF-8 with a byte-order mark (Excel reads the Vietnamese letters), RFC 4180 quoting, CRLF. */
export function renderAuditCsv(rows: readonly AuditExportRow[]): Buffer {
  const q = (v: string) => `"${safeCell(v).replace(/"/g, '""')}"`;
  const lines = [AUDIT_EXPORT_COLUMNS.map((c) => q(c.header)).join(',')];
  for (const r of rows) lines.push(AUDIT_EXPORT_COLUMNS.map((c) => q(c.value(r))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** XLSX (exceljs): one sheet 'Nhật ký hệ thống', the header row bold and frozen. */
export async function renderAuditXlsx(rows: readonly AuditExportRow[], generatedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VanBan';
  wb.created = generatedAt;
  const ws = wb.addWorksheet('Nhật ký hệ thống', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = AUDIT_EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  const head = ws.getRow(1);
  AUDIT_EXPORT_COLUMNS.forEach((c, i) => {
    head.getCell(i + 1).value = c.header;
    head.getCell(i + 1).font = { bold: true };
  });
  for (const r of rows) ws.addRow(AUDIT_EXPORT_COLUMNS.map((c) => safeCell(c.value(r))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
