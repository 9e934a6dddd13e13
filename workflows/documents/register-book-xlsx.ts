import ExcelJS from 'exceljs';
import type { RegisterTable } from './register-book-table';

/**
 * The register book as a workbook (exceljs): title and period above, the Decree 30 headers with their
 * column numbers, frozen and repeated on every printed page, A4 landscape fitted to the page width.
 */
export async function renderRegisterBookXlsx(
  table: RegisterTable,
  o: { generatedAt: Date },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VanBan';
  wb.created = o.generatedAt;
  wb.modified = o.generatedAt;
  const ws = wb.addWorksheet(
    table.title.startsWith('SỔ ĐĂNG KÝ VĂN BẢN ĐI') ? 'Sổ văn bản đi' : 'Sổ văn bản đến',
    {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:4',
      },
      views: [{ state: 'frozen', ySplit: 4 }],
    },
  );
  const n = table.columns.length;
  ws.columns = table.columns.map((c) => ({ width: Math.max(8, c.width * 1.6) }));
  ws.mergeCells(1, 1, 1, n);
  ws.getCell(1, 1).value = table.title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, n);
  ws.getCell(2, 1).value = table.subtitle;
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const border = {
    top: { style: 'thin' as const },
    left: { style: 'thin' as const },
    bottom: { style: 'thin' as const },
    right: { style: 'thin' as const },
  };
  const head = ws.getRow(3);
  const numbers = ws.getRow(4);
  table.columns.forEach((c, i) => {
    head.getCell(i + 1).value = c.header;
    numbers.getCell(i + 1).value = `(${i + 1})`;
    for (const cell of [head.getCell(i + 1), numbers.getCell(i + 1)]) {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
    }
  });
  for (const r of table.rows) {
    const row = ws.addRow([...r]);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = border;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
