import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import * as echarts from 'echarts';
import { PDFDocument, type PDFFont, type PDFPage, rgb, type RGB } from 'pdf-lib';
import type { Report } from './build-report';
import { cellText, reportTable } from './report-table';

/**
 * The report as PDF (issue 13 item 5): A4 landscape, DejaVu Sans (the `dejavu-fonts-ttf` package the
 * stamps use: Vietnamese glyphs), the monthly trend and the level breakdown drawn by ECharts on the server
 * (SVG renderer, `ssr`), then the province's table. The SVG is drawn into the PDF as vector paths with
 * pdf-lib (`drawSvgPath`) and text with the embedded font — no new dependency and no rasterising.
 */
export async function reportPdf(r: Report): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`Báo cáo ${r.period.label.vi}`);
  pdf.setCreator('VanBan');
  const font = await pdf.embedFont(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')), {
    subset: true,
  });
  const bold = await pdf.embedFont(
    readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    {
      subset: true,
    },
  );
  const t = reportTable(r);
  const [W, H] = [842, 595];
  let page = pdf.addPage([W, H]);
  const center = (p: PDFPage, s: string, y: number, f: PDFFont, size: number) =>
    p.drawText(s, { x: (W - f.widthOfTextAtSize(s, size)) / 2, y, font: f, size });
  center(page, t.title, H - 50, bold, 14);
  center(page, t.subtitle, H - 70, font, 10);
  const months = r.trend.map((m) => `${m.from.slice(8, 10)}/${m.from.slice(5, 7)}`);
  drawSvg(
    page,
    chartSvg(
      {
        animation: false,
        title: { text: 'Tỷ lệ trao đổi điện tử và ký số theo tháng (%)', textStyle: { fontSize: 12 } },
        legend: { bottom: 0, data: ['Trao đổi điện tử', 'Ký số của cơ quan'] },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', max: 100 },
        series: [
          {
            name: 'Trao đổi điện tử',
            type: 'bar',
            data: r.trend.map((m) => (m.rates.exchange.hundredths ?? 0) / 100),
          },
          {
            name: 'Ký số của cơ quan',
            type: 'bar',
            data: r.trend.map((m) => (m.rates.signedSeal.hundredths ?? 0) / 100),
          },
        ],
      },
      380,
      230,
    ),
    { x: 40, y: H - 90 },
    font,
  );
  drawSvg(
    page,
    chartSvg(
      {
        animation: false,
        title: { text: 'Văn bản đi theo cấp', textStyle: { fontSize: 12 } },
        legend: { bottom: 0, data: ['Điện tử', 'Giấy'] },
        xAxis: { type: 'category', data: r.levels.map((l) => l.label.vi) },
        yAxis: { type: 'value' },
        series: [
          { name: 'Điện tử', type: 'bar', stack: 'a', data: r.levels.map((l) => l.counts.outElectronic) },
          { name: 'Giấy', type: 'bar', stack: 'a', data: r.levels.map((l) => l.counts.outPaper) },
        ],
      },
      380,
      230,
    ),
    { x: 430, y: H - 90 },
    font,
  );
  const head = r.total.rates;
  const lines = [
    `Tỷ lệ trao đổi văn bản điện tử: ${head.exchange.text}`,
    `Tỷ lệ văn bản điện tử có ký số của cơ quan: ${head.signedSeal.text}`,
    `Xử lý văn bản đến: trước hạn ${head.handledEarly.percent}, đúng hạn ${head.handledOnTime.percent}, quá hạn ${head.handledLate.percent}; tồn quá hạn ${cellText(r.total.counts.overdueOpen)}`,
    `Đơn vị có tài khoản: ${r.total.usage.unitsUsing}/${r.total.usage.units}; tài khoản: ${cellText(r.total.usage.accounts)}; chứng thư số: ${cellText(r.total.usage.certificates)}; đơn vị có chứng thư cơ quan và lãnh đạo: ${r.total.usage.unitsWithBothCertificatesRate.text}`,
    ...r.notes.map((n) => `Ghi chú: ${n.vi}`),
  ];
  let y = H - 345;
  for (const l of lines) {
    page.drawText(l, { x: 40, y, font, size: 9, maxWidth: W - 80 });
    y -= 14;
  }

  // The table: STT, unit, then the columns; repeated headings on each page.
  page = pdf.addPage([W, H]);
  const colW = [24, 170, ...t.headings.slice(2).map(() => (W - 60 - 194) / (t.headings.length - 2))];
  const size = 6.5;
  const drawRow = (cells: string[], yy: number, f: PDFFont, h: number, shade?: RGB) => {
    let x = 30;
    cells.forEach((c, i) => {
      if (shade) page.drawRectangle({ x, y: yy - h + 3, width: colW[i]!, height: h, color: shade });
      page.drawRectangle({
        x,
        y: yy - h + 3,
        width: colW[i]!,
        height: h,
        borderColor: rgb(0.5, 0.5, 0.5),
        borderWidth: 0.4,
      });
      const words = wrap(c, f, size, colW[i]! - 4);
      words.forEach((w, wi) => {
        const tw = f.widthOfTextAtSize(w, size);
        const tx = i >= 2 ? x + colW[i]! - 2 - tw : x + 2;
        page.drawText(w, { x: tx, y: yy - 5 - wi * (size + 1.5), font: f, size });
      });
      x += colW[i]!;
    });
  };
  const headH = 46;
  const heading = () => {
    drawRow(
      t.headings.map((h) => h.vi),
      H - 30,
      bold,
      headH,
      rgb(0.85, 0.88, 0.95),
    );
    return H - 30 - headH;
  };
  y = heading();
  for (const row of t.rows) {
    const cells = [row.ordinal, row.name, ...row.cells.map(cellText)];
    const h = Math.max(12, wrap(row.name, font, size, colW[1]! - 4).length * (size + 1.5) + 4);
    if (y - h < 30) {
      page = pdf.addPage([W, H]);
      y = heading();
    }
    drawRow(
      cells,
      y,
      row.kind === 'unit' ? font : bold,
      h,
      row.kind === 'unit' ? undefined : rgb(0.95, 0.95, 0.95),
    );
    y -= h;
  }
  return Buffer.from(await pdf.save());
}

function wrap(s: string, f: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of s.split(/\s+/)) {
    const next = cur ? `${cur} ${w}` : w;
    if (f.widthOfTextAtSize(next, size) <= width || !cur) {
      cur = next;
    } else {
      out.push(cur);
      cur = w;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** ECharts' server-side SVG of an option (no DOM). */
export function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ textStyle: { fontFamily: 'DejaVu Sans' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function color(v: string | undefined): RGB | undefined {
  if (!v || v === 'none' || v === 'transparent') return undefined;
  let m = /^#([0-9a-f]{6})$/i.exec(v);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
  }
  m = /^#([0-9a-f]{3})$/i.exec(v);
  if (m) {
    const [r, g, b] = [...m[1]!].map((c) => parseInt(c + c, 16) / 255);
    return rgb(r!, g!, b!);
  }
  m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(v);
  if (m) return rgb(Number(m[1]) / 255, Number(m[2]) / 255, Number(m[3]) / 255);
  return rgb(0, 0, 0);
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function unescapeXml(s: string): string {
  return s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** [a b c d e f] of an SVG transform (matrix or translate), identity when absent. */
function matrix(t: string | undefined): number[] {
  if (!t) return [1, 0, 0, 1, 0, 0];
  const nums = (s: string) =>
    s
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
  let m = /matrix\(([^)]*)\)/.exec(t);
  if (m) return nums(m[1]!);
  m = /translate\(([^)]*)\)/.exec(t);
  if (m) {
    const [x = 0, y = 0] = nums(m[1]!);
    return [1, 0, 0, 1, x, y];
  }
  return [1, 0, 0, 1, 0, 0];
}

/**
 * Draws ECharts' SVG (paths, rectangles, text) at `at` (top-left corner, PDF points; 1 SVG px = 1 pt).
 * Only what ECharts' SVG renderer writes for bar and line charts is read.
 */
export function drawSvg(page: PDFPage, svg: string, at: { x: number; y: number }, font: PDFFont): void {
  for (const m of svg.matchAll(/<(path|rect|text)\b([^>]*)>(?:([^<]*)<\/text>)?/g)) {
    const [, tag, raw, content] = m;
    const a = attrs(raw!);
    const [ma = 1, mb = 0, mc = 0, md = 1, me = 0, mf = 0] = matrix(a.transform);
    const fill = color(a.fill ?? (tag === 'text' ? '#000000' : undefined));
    const stroke = color(a.stroke);
    if (tag === 'text') {
      const text = unescapeXml(content ?? '');
      if (!text.trim()) continue;
      const size = Number(/font-size:\s*([\d.]+)px/.exec(a.style ?? '')?.[1] ?? 12);
      const w = font.widthOfTextAtSize(text, size);
      let x = me + Number(a.x ?? 0);
      const yy = mf + Number(a.y ?? 0);
      if (a['text-anchor'] === 'middle') x -= w / 2;
      else if (a['text-anchor'] === 'end') x -= w;
      const base =
        a['dominant-baseline'] === 'central' || a['dominant-baseline'] === 'middle' ? yy + size * 0.35 : yy;
      page.drawText(text, { x: at.x + x, y: at.y - base, size, font, color: fill ?? rgb(0, 0, 0) });
      continue;
    }
    if (!fill && !stroke) continue;
    let d = a.d;
    if (tag === 'rect') {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(a[k] ?? 0));
      d = `M${x} ${y}L${x! + w!} ${y}L${x! + w!} ${y! + h!}L${x} ${y! + h!}Z`;
    }
    if (!d) continue;
    // drawSvgPath flips y itself; the element's SVG transform T enters as F·T·F (F = diag(1, -1)).
    page.drawSvgPath(d, {
      x: at.x + me,
      y: at.y - mf,
      scale: Math.abs(ma - 1) < 1e-9 && Math.abs(md - 1) < 1e-9 && !mb && !mc ? 1 : Math.sqrt(ma * md),
      color: fill,
      borderColor: stroke,
      borderWidth: stroke ? Number(a['stroke-width'] ?? 1) : 0,
      opacity: a['fill-opacity'] ? Number(a['fill-opacity']) : undefined,
    });
  }
}
