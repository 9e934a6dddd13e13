/**
 * Shared parts of the signing and validation benchmarks (bench/sign.ts, bench/validate.ts): the
 * generated input documents, a time-bounded rate loop, a child process's peak RSS, and the report
 * helpers (same layout as bench/platform.ts).
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  PDFDocument,
  StandardFonts,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30),
  };
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function writeResults(name: string, results: unknown): string {
  const outDir = path.join(__dirname, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return path.relative(process.cwd(), file);
}

// ---------------------------------------------------------------------------------------------
// Timing

export interface Slice {
  /** Documents per second over the slice. */
  rate: number;
  /** Mean milliseconds per document. */
  msPerDocument: number;
  documents: number;
  seconds: number;
}

/**
 * Runs `once` one after the other until `seconds` have passed and at least `minRuns` were done:
 * documents per second in one process, nothing in flight concurrently.
 */
export async function slice(
  once: () => Promise<unknown> | unknown,
  seconds: number,
  minRuns = 2,
): Promise<Slice> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let documents = 0;
  while (documents < minRuns || performance.now() < deadline) {
    await once();
    documents++;
  }
  const ms = performance.now() - started;
  return {
    rate: round((documents * 1000) / ms, 2),
    msPerDocument: round(ms / documents, 2),
    documents,
    seconds: round(ms / 1000, 2),
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** Runs a bench child script (through ts-node when running from sources) and parses its last JSON line. */
export function runChild<T>(script: string, args: string[]): T {
  const ext = path.extname(__filename);
  const out = execFileSync(
    process.execPath,
    [
      ...(ext === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : []),
      path.join(__dirname, `${script}${ext}`),
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** What a child reports: peak RSS (resourceUsage().maxRSS) before and after its work, in MiB. */
export interface ChildMemory {
  baselineMiB: number;
  peakMiB: number;
  ms: number;
}

export const maxRssMiB = () => round(process.resourceUsage().maxRSS / 1024, 0);

// ---------------------------------------------------------------------------------------------
// Input documents

const LINES = [
  'UỶ BAN NHÂN DÂN TỈNH LONG AN',
  'QUYẾT ĐỊNH về việc ban hành quy chế làm việc',
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;',
  'Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.',
];

/** ASCII only (the standard 14 fonts have no Vietnamese glyphs): the text's shape is what matters. */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd');

/** A draft of `pages` A4 pages of text (about 45 lines each), as a drafting tool exports it. */
export async function textDraft(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let l = 0; l < 45; l++) {
      const text = ascii(`${p * 45 + l + 1}. ${LINES[(p + l) % LINES.length]!}`);
      page.drawText(text, { x: 60, y: 790 - l * 16, size: 11, font });
    }
  }
  return Buffer.from(await doc.save());
}

/**
 * A one-page draft carrying a scanned-like image of about `megabytes` MB (raw RGB noise, which no
 * filter compresses: the file is as large as the image).
 */
export async function imageDraft(megabytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText('QUYET DINH (ban chup kem theo)', { x: 60, y: 800, size: 14, font });
  const side = Math.round(Math.sqrt((megabytes * 1024 * 1024) / 3));
  const pixels = crypto.randomBytes(side * side * 3);
  const image = doc.context.register(
    doc.context.stream(pixels, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: side,
      Height: side,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    }),
  );
  const name = page.node.newXObject('Scan', image);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(480, 0, 0, 480, 57, 280),
    drawObject(name),
    popGraphicsState(),
  );
  return Buffer.from(await doc.save());
}

/** A one-page PDF with a `bytes`-long content stream, written in 4 MiB steps (never in memory). */
export function writeBigPdf(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  let pos = 0;
  const offsets: number[] = [];
  const put = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    fs.writeSync(fd, buf);
    pos += buf.length;
  };
  const obj = (body: string) => {
    offsets.push(pos);
    put(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>');
  offsets.push(pos);
  put(`4 0 obj\n<< /Length ${bytes} >>\nstream\n`);
  const chunk = Buffer.alloc(4 * 1024 * 1024, '% filler comment line, never drawn\n');
  for (let done = 0; done < bytes; done += chunk.length)
    put(chunk.subarray(0, Math.min(chunk.length, bytes - done)));
  put('\nendstream\nendobj\n');
  const xref = pos;
  let t = `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) t += `${String(o).padStart(10, '0')} 00000 n \n`;
  put(`${t}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  fs.closeSync(fd);
}

export interface BenchDocument {
  name: string;
  description: string;
  bytes: Buffer;
}

/** The three benchmark inputs: 1 page, 100 pages, ~10 MB. */
export async function benchDocuments(): Promise<BenchDocument[]> {
  return [
    { name: '1-page', description: '1 page of text', bytes: await textDraft(1) },
    { name: '100-page', description: '100 pages of text', bytes: await textDraft(100) },
    { name: '10-MB', description: '1 page + 10 MB raw image', bytes: await imageDraft(10) },
  ];
}
