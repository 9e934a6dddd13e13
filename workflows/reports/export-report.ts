import ExcelJS from 'exceljs';
import type { Report } from './build-report';
import { reportPdf } from './report-pdf';
import { cellText, reportTable } from './report-table';

export type ReportFormat = 'csv' | 'xlsx' | 'pdf';

export interface ReportFile {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly fileName: string;
}

function csvField(s: string): string {
  return /[",\r\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * CSV: UTF-8 with a byte order mark so that Excel opens the Vietnamese text as UTF-8; comma-separated,
 * RFC 4180 quoting; counts as plain integers (no thousands dots: a spreadsheet reads them as numbers),
 * rates as written (`99,96%`).
 */
export function reportCsv(r: Report): Buffer {
  const t = reportTable(r);
  const lines = [
    [t.title],
    [t.subtitle],
    t.headings.map((h) => h.vi),
    ...t.rows.map((row) => [row.ordinal, row.name, ...row.cells.map((c) => String(c))]),
  ];
  const text = lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** XLSX (exceljs): title, period, bold wrapped headings with borders, group and total rows shaded. */
export async function reportXlsx(r: Report): Promise<Buffer> {
  const t = reportTable(r);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VanBan';
  const ws = wb.addWorksheet('Báo cáo', { views: [{ state: 'frozen', ySplit: 4, xSplit: 2 }] });
  const width = t.headings.length;
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = t.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = t.subtitle;
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  ws.getCell(2, 1).font = { italic: true };
  const head = ws.getRow(4);
  t.headings.forEach((h, i) => {
    const c = head.getCell(i + 1);
    c.value = h.vi;
    c.font = { bold: true };
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  });
  head.height = 45;
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 48;
  for (let i = 3; i <= width; i++) ws.getColumn(i).width = 13;
  t.rows.forEach((row, ri) => {
    const x = ws.getRow(5 + ri);
    x.getCell(1).value = row.ordinal;
    x.getCell(2).value = row.name;
    row.cells.forEach((v, ci) => {
      const c = x.getCell(3 + ci);
      c.value = v;
      if (typeof v === 'number') c.numFmt = '#,##0';
      c.alignment = { horizontal: 'right' };
    });
    if (row.kind !== 'unit') {
      x.font = { bold: true };
      for (let i = 1; i <= width; i++)
        x.getCell(i).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: row.kind === 'total' ? 'FFFCE4D6' : 'FFF2F2F2' },
        };
    }
  });
  for (let ri = 4; ri < 5 + t.rows.length; ri++)
    for (let ci = 1; ci <= width; ci++)
      ws.getCell(ri, ci).border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The report as a file in one of the export formats (issue 13 item 5). */
export async function exportReport(r: Report, format: ReportFormat): Promise<ReportFile> {
  const base = `bao-cao-${r.period.key.replace(/[^0-9A-Za-z.-]/g, '_')}-${r.period.window}`;
  switch (format) {
    case 'csv':
      return { bytes: reportCsv(r), mediaType: 'text/csv; charset=utf-8', fileName: `${base}.csv` };
    case 'xlsx':
      return {
        bytes: await reportXlsx(r),
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `${base}.xlsx`,
      };
    case 'pdf':
      return { bytes: await reportPdf(r), mediaType: 'application/pdf', fileName: `${base}.pdf` };
  }
}

export { cellText };
