/**
 * The human report as a PDF of our own making (pdf-lib): A4 pages, DejaVu Sans embedded as a subset
 * Type0/CIDFontType2 font with a /ToUnicode CMap (ISO 32000-2 §9.7, §9.10.3), so Vietnamese text
 * renders with its diacritics and text extraction (pdftotext, screen readers, search) reads it back.
 * The layout follows the same outline as the HTML report (describeReport).
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { describeReport, type ReportView, type Table, type Tone } from './describe-report';
import type { ReportLanguage } from './report-text';
import type { ValidationReport } from './validation-report';

const PAGE: [number, number] = [595.28, 841.89]; // A4 in points
const MARGIN = 48;
const WIDTH = PAGE[0] - 2 * MARGIN;
const FOOTER_SPACE = 28;
/** A single value longer than this is cut (a hostile field name cannot fill hundreds of pages). */
const MAX_VALUE_CHARS = 2000;

const COLOURS: Record<Tone, { ink: RGB; bg: RGB }> = {
  passed: { ink: rgb(0.09, 0.44, 0.23), bg: rgb(0.9, 0.96, 0.93) },
  failed: { ink: rgb(0.61, 0.11, 0.11), bg: rgb(0.99, 0.93, 0.93) },
  indeterminate: { ink: rgb(0.54, 0.33, 0), bg: rgb(0.99, 0.95, 0.88) },
  none: { ink: rgb(0.28, 0.33, 0.41), bg: rgb(0.93, 0.95, 0.97) },
};
const INK = rgb(0.12, 0.16, 0.2);
const MUTED = rgb(0.37, 0.42, 0.48);
const LINE = rgb(0.85, 0.87, 0.9);
const HEADER_BG = rgb(0.96, 0.97, 0.98);

let fontBytes: { regular: Buffer; bold: Buffer; mono: Buffer } | undefined;
function fonts(): { regular: Buffer; bold: Buffer; mono: Buffer } {
  fontBytes ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    mono: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf')),
  };
  return fontBytes;
}

/** NFC, no control characters, bounded length. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const t = text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return t.length > MAX_VALUE_CHARS ? `${t.slice(0, MAX_VALUE_CHARS)}…` : t;
}

interface Style {
  readonly font: PDFFont;
  readonly size: number;
  readonly color?: RGB;
}

class Typesetter {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly mono: PDFFont,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.pages.push(this.page);
    this.y = PAGE[1] - MARGIN;
  }

  /** Starts a new page unless `height` fits above the footer. */
  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOTER_SPACE) this.newPage();
  }

  /** Breaks `text` into lines no wider than `width` (words first, characters when a word is too long). */
  wrap(text: string, style: Style, width: number): string[] {
    const lines: string[] = [];
    const w = (s: string) => style.font.widthOfTextAtSize(s, style.size);
    let line = '';
    for (const word of clean(text).split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (w(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (w(rest) > width) {
        // The longest prefix that fits (binary search: widths grow with length).
        let lo = 1;
        let hi = rest.length - 1;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (w(rest.slice(0, mid)) <= width) lo = mid;
          else hi = mid - 1;
        }
        lines.push(rest.slice(0, lo));
        rest = rest.slice(lo);
      }
      line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
  }

  lineHeight(style: Style): number {
    return style.size * 1.35;
  }

  /** Draws wrapped lines at `x` from the current y downwards (no page break inside). */
  drawLines(lines: readonly string[], style: Style, x: number, y: number): void {
    const lh = this.lineHeight(style);
    lines.forEach((l, i) => {
      if (l)
        this.page.drawText(l, {
          x,
          y: y - style.size - i * lh,
          size: style.size,
          font: style.font,
          color: style.color ?? INK,
        });
    });
  }

  paragraph(text: string, style: Style, gapAfter = 4): void {
    const lines = this.wrap(text, style, WIDTH);
    const lh = this.lineHeight(style);
    for (const l of lines) {
      this.ensure(lh);
      this.drawLines([l], style, MARGIN, this.y);
      this.y -= lh;
    }
    this.y -= gapAfter;
  }

  verdict(tone: Tone, headline: string, explanation: string): void {
    const c = COLOURS[tone];
    const head: Style = { font: this.bold, size: 12, color: c.ink };
    const body: Style = { font: this.regular, size: 9.5 };
    const inner = WIDTH - 24;
    const h1 = this.wrap(headline, head, inner);
    const h2 = this.wrap(explanation, body, inner);
    const height = h1.length * this.lineHeight(head) + h2.length * this.lineHeight(body) + 16;
    this.ensure(height);
    this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: WIDTH, height, color: c.bg });
    this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: 4, height, color: c.ink });
    this.drawLines(h1, head, MARGIN + 14, this.y - 7);
    this.drawLines(h2, body, MARGIN + 14, this.y - 9 - h1.length * this.lineHeight(head));
    this.y -= height + 10;
  }

  facts(rows: readonly (readonly [string, string])[]): void {
    const label: Style = { font: this.regular, size: 9, color: MUTED };
    const labelWidth = 160;
    for (const [k, v] of rows) {
      const value: Style = /^[0-9a-f]{64}$/.test(v)
        ? { font: this.mono, size: 8.5 }
        : { font: this.regular, size: 9 };
      const kl = this.wrap(k, label, labelWidth - 8);
      const vl = this.wrap(v, value, WIDTH - labelWidth);
      const height = Math.max(kl.length * this.lineHeight(label), vl.length * this.lineHeight(value)) + 2;
      this.ensure(height);
      this.drawLines(kl, label, MARGIN, this.y);
      this.drawLines(vl, value, MARGIN + labelWidth, this.y);
      this.y -= height;
    }
    this.y -= 6;
  }

  table(t: Table): void {
    this.heading(t.caption, 10.5);
    if (t.rows.length > 0) {
      const total = t.widths.reduce((a, b) => a + b, 0);
      const widths = t.widths.map((w) => (w / total) * WIDTH);
      const cellStyle: Style = { font: this.regular, size: 8 };
      const headStyle: Style = { font: this.bold, size: 8 };
      const pad = 4;
      const measure = (cells: readonly string[], style: Style) => {
        const wrapped = cells.map((c, i) => this.wrap(c, style, widths[i] - 2 * pad));
        return {
          wrapped,
          height: Math.max(...wrapped.map((l) => l.length)) * this.lineHeight(style) + 2 * pad,
        };
      };
      const header = measure(t.headers, headStyle);
      const drawRow = (row: { wrapped: string[][]; height: number }, style: Style, bg?: RGB) => {
        let x = MARGIN;
        row.wrapped.forEach((lines, i) => {
          this.page.drawRectangle({
            x,
            y: this.y - row.height,
            width: widths[i],
            height: row.height,
            borderColor: LINE,
            borderWidth: 0.6,
            ...(bg ? { color: bg } : {}),
          });
          this.drawLines(lines, style, x + pad, this.y - pad + 1);
          x += widths[i];
        });
        this.y -= row.height;
      };
      this.ensure(header.height + 20);
      drawRow(header, headStyle, HEADER_BG);
      for (const cells of t.rows) {
        const row = measure(cells, cellStyle);
        if (this.y - row.height < MARGIN + FOOTER_SPACE) {
          this.newPage();
          drawRow(header, headStyle, HEADER_BG); // the header again on the new page
        }
        drawRow(row, cellStyle);
      }
      this.y -= 4;
    }
    if (t.note) this.paragraph(t.note, { font: this.regular, size: 8.5, color: MUTED });
    this.y -= 4;
  }

  heading(text: string, size: number): void {
    const style: Style = { font: this.bold, size };
    this.ensure(this.lineHeight(style) * 2 + 20); // keep a heading with what follows
    this.y -= 4;
    this.paragraph(text, style, 2);
  }

  rule(): void {
    this.ensure(12);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y - 4 },
      end: { x: MARGIN + WIDTH, y: this.y - 4 },
      thickness: 0.6,
      color: LINE,
    });
    this.y -= 12;
  }
}

export async function renderReportViewPdf(
  view: ReportView,
  o: { generatedAt: Date; sha256: string },
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = fonts();
  const t = new Typesetter(
    doc,
    await doc.embedFont(f.regular, { subset: true }),
    await doc.embedFont(f.bold, { subset: true }),
    await doc.embedFont(f.mono, { subset: true }),
  );
  doc.setTitle(clean(`${view.title} — ${view.subtitle}`), { showInWindowTitleBar: true });
  doc.setLanguage(view.lang === 'vi' ? 'vi-VN' : 'en-GB');
  doc.setSubject(clean(view.headline));
  doc.setProducer('VanBan');
  doc.setCreator('VanBan — kiểm tra chữ ký số');
  doc.setCreationDate(o.generatedAt);
  doc.setModificationDate(o.generatedAt);

  t.paragraph(view.title, { font: t.bold, size: 17 }, 0);
  t.paragraph(view.subtitle, { font: t.regular, size: 10, color: MUTED }, 8);
  t.verdict(view.tone, view.headline, view.explanation);
  t.heading(view.labels.summary, 12);
  t.facts(view.facts);
  if (view.notes.length) {
    t.heading(view.labels.notes, 10.5);
    for (const n of view.notes) t.paragraph(`• ${n}`, { font: t.regular, size: 8.5 }, 1);
  }
  for (const sig of view.signatures) {
    t.rule();
    t.heading(sig.heading, 12.5);
    t.verdict(sig.tone, sig.headline, sig.explanation);
    t.facts(sig.facts);
    for (const table of sig.tables) t.table(table);
    if (sig.reasons.length) {
      t.heading(view.labels.reasons, 10.5);
      for (const r of sig.reasons) t.paragraph(`• ${r}`, { font: t.regular, size: 8.5 }, 1);
    }
  }
  t.rule();
  t.table(view.trust);
  t.paragraph(view.footer, { font: t.regular, size: 8.5, color: MUTED });

  const n = t.pages.length;
  t.pages.forEach((page, i) => {
    const label = view.labels.page.replace('{i}', String(i + 1)).replace('{n}', String(n));
    const style = { size: 8, font: t.regular, color: MUTED };
    page.drawText(label, {
      ...style,
      x: MARGIN + WIDTH - t.regular.widthOfTextAtSize(label, 8),
      y: MARGIN - 10,
    });
    page.drawText(`SHA-256 ${o.sha256.slice(0, 16)}…`, { ...style, font: t.mono, x: MARGIN, y: MARGIN - 10 });
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The report as a PDF in Vietnamese (default) or English. */
export function renderPdfReport(report: ValidationReport, lang: ReportLanguage = 'vi'): Promise<Buffer> {
  return renderReportViewPdf(describeReport(report, lang), {
    generatedAt: new Date(report.generatedAt),
    sha256: report.file.sha256,
  });
}
