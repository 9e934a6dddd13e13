import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { RegisterTable } from './register-book-table';

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape, points
const MARGIN = 28;
const WIDTH = PAGE[0] - 2 * MARGIN;
const SIZE = 8;
const HEAD_SIZE = 7.5;
const LEADING = 1.25;
const PAD = 3;
const INK = rgb(0, 0, 0);
const LINE = rgb(0.3, 0.3, 0.3);
const HEADER_BG = rgb(0.92, 0.92, 0.92);

let fontBytes: { regular: Buffer; bold: Buffer } | undefined;
function fonts(): { regular: Buffer; bold: Buffer } {
  fontBytes ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontBytes;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const clean = (t: string) => t.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

/** Breaks a cell's text into lines no wider than `width` (words longer than a line are cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of clean(text).split(/\s*;\s*(?=\S)/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line) out.push(line);
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
        out.push(w.slice(0, cut));
        w = w.slice(cut);
      }
      line = w;
    }
    if (line) out.push(line);
  }
  return out.length ? out : [''];
}

/**
 * The register book printed: A4 landscape, DejaVu Sans embedded (Vietnamese diacritics, text extractable),
 * the title on the first page, the column headers repeated at the top of every page, a row never split
 * across pages, "Trang i/n" at the foot.
 */
export async function renderRegisterBookPdf(table: RegisterTable, o: { generatedAt: Date }): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts().regular, { subset: true });
  const bold = await doc.embedFont(fonts().bold, { subset: true });
  doc.setTitle(`${table.title} — ${clean(table.subtitle)}`, { showInWindowTitleBar: true });
  doc.setLanguage('vi-VN');
  doc.setProducer('VanBan');
  doc.setCreator('VanBan — sổ đăng ký văn bản');
  doc.setCreationDate(o.generatedAt);
  doc.setModificationDate(o.generatedAt);

  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * WIDTH);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const headLines = table.columns.map((c, i) => wrap(c.header, bold, HEAD_SIZE, widths[i]! - 2 * PAD));
  const headHeight = Math.max(...headLines.map((l) => l.length)) * HEAD_SIZE * LEADING + 2 * PAD;

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;

  const drawRow = (cells: string[][], height: number, font: PDFFont, size: number, fill?: boolean) => {
    if (fill) {
      page.drawRectangle({ x: MARGIN, y: y - height, width: WIDTH, height, color: HEADER_BG });
    }
    cells.forEach((lines, i) => {
      page.drawRectangle({
        x: xs[i]!,
        y: y - height,
        width: widths[i]!,
        height,
        borderColor: LINE,
        borderWidth: 0.5,
      });
      lines.forEach((line, k) => {
        const lineWidth = font.widthOfTextAtSize(line, size);
        // Headers and the narrow number columns are centred, text columns left-aligned.
        const centred = fill || widths[i]! < 60;
        page.drawText(line, {
          x: centred ? xs[i]! + (widths[i]! - lineWidth) / 2 : xs[i]! + PAD,
          y: y - PAD - size - k * size * LEADING + 1.5,
          size,
          font,
          color: INK,
        });
      });
    });
    y -= height;
  };

  const newPage = () => {
    page = doc.addPage(PAGE);
    pages.push(page);
    y = PAGE[1] - MARGIN;
    if (pages.length === 1) {
      const tw = bold.widthOfTextAtSize(table.title, 13);
      page.drawText(table.title, { x: (PAGE[0] - tw) / 2, y: y - 13, size: 13, font: bold, color: INK });
      y -= 20;
      for (const line of wrap(table.subtitle, regular, 9, WIDTH)) {
        const w = regular.widthOfTextAtSize(line, 9);
        page.drawText(line, { x: (PAGE[0] - w) / 2, y: y - 9, size: 9, font: regular, color: INK });
        y -= 9 * LEADING;
      }
      y -= 8;
    }
    drawRow(headLines, headHeight, bold, HEAD_SIZE, true);
    // Column numbers (1), (2)… under the headers, as the printed registers carry them.
    drawRow(
      table.columns.map((_, i) => [`(${i + 1})`]),
      HEAD_SIZE * LEADING + 2 * PAD,
      regular,
      HEAD_SIZE,
      true,
    );
  };

  newPage();
  for (const row of table.rows) {
    const cells = row.map((text, i) => wrap(text, regular, SIZE, widths[i]! - 2 * PAD));
    const height = Math.max(...cells.map((l) => l.length)) * SIZE * LEADING + 2 * PAD;
    if (y - height < MARGIN + 14) newPage();
    drawRow(cells, height, regular, SIZE);
  }
  if (table.rows.length === 0) {
    page.drawText('Không có văn bản trong kỳ.', { x: MARGIN + PAD, y: y - 14, size: SIZE, font: regular });
  }
  pages.forEach((p, i) => {
    const label = `Trang ${i + 1}/${pages.length}`;
    p.drawText(label, {
      x: MARGIN + WIDTH - regular.widthOfTextAtSize(label, 7.5),
      y: MARGIN - 14,
      size: 7.5,
      font: regular,
      color: INK,
    });
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
