import fs from 'node:fs/promises';
import { DigitisationError } from './digitisation-error';
import { runTool, ToolError } from './run-tool';

export type ScanFormat = 'pdf' | 'tiff' | 'jpeg';

export const SCAN_MEDIA_TYPES: Record<ScanFormat, string> = {
  pdf: 'application/pdf',
  tiff: 'image/tiff',
  jpeg: 'image/jpeg',
};

/** What an uploaded scan is: its format, pages, lowest resolution of its images, and signatures. */
export interface ScanInspection {
  readonly format: ScanFormat;
  readonly pages: number;
  /**
   * The lowest resolution over the file's pages (dpi, the smaller of x and y): from the image headers
   * (TIFF, JPEG), or for a PDF from each image's pixel size against its size on the page
   * (`pdfimages -list`). Null: a PDF without images (born digital, nothing to scan).
   */
  readonly dpi: number | null;
  /** A PDF carrying a signature (/ByteRange of a signature dictionary): never rewritten. */
  readonly signed: boolean;
}

export interface InspectLimits {
  /** Lowest resolution accepted (default 200 dpi). */
  readonly minDpi: number;
  /** Most pages one file may have. */
  readonly maxPages: number;
  /** Largest page image, in pixels (default 200 million: A0 at 300 dpi is 140 million). */
  readonly maxPixels?: number;
  readonly timeoutMs: number;
}

const DEFAULT_MAX_PIXELS = 200_000_000;

/** The interpreter ocrmypdf runs on (its Debian package depends on Pillow there). */
const PYTHON = '/usr/bin/python3';

/** Sniffs the format from the first bytes (the client's media type is not trusted). */
export function sniffScanFormat(head: Buffer): ScanFormat | null {
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (head.length >= 4 && (head.readUInt32BE(0) === 0x49492a00 || head.readUInt32BE(0) === 0x4d4d002a))
    return 'tiff';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  return null;
}

/** True when the PDF holds a signature dictionary (a /ByteRange array): it must never be rewritten. */
export function pdfIsSigned(bytes: Buffer): boolean {
  return /\/ByteRange\s*\[/.test(bytes.toString('latin1'));
}

const IMAGE_INFO = String.raw`
import sys, json
from PIL import Image
Image.MAX_IMAGE_PIXELS = 400_000_000
im = Image.open(sys.argv[1])
limit = int(sys.argv[2])
pages = []
n = getattr(im, 'n_frames', 1)
for i in range(min(n, limit + 1)):
    im.seek(i)
    dpi = im.info.get('dpi')
    pages.append([float(dpi[0]), float(dpi[1]), im.width, im.height] if dpi else [0, 0, im.width, im.height])
print(json.dumps({'format': im.format, 'frames': n, 'dpi': pages}))
`;

function unreadable(format: ScanFormat, detail: string): DigitisationError {
  return new DigitisationError(
    'DIGITISATION_UNREADABLE',
    {
      vi: `Không đọc được tệp ${format.toUpperCase()} đã tải lên`,
      en: `The uploaded ${format.toUpperCase()} file cannot be read`,
    },
    { format, detail: detail.slice(0, 300) },
  );
}

function tooManyPages(pages: number, maxPages: number): DigitisationError {
  return new DigitisationError(
    'DIGITISATION_TOO_MANY_PAGES',
    {
      vi: `Tệp có ${pages} trang, vượt quá giới hạn ${maxPages} trang mỗi tệp`,
      en: `The file has ${pages} pages, more than the limit of ${maxPages} per file`,
    },
    { pages, maxPages },
  );
}

/** A page image beyond the pixel limit: OCR would need gigabytes for it. */
function checkPixels(pixels: number, l: InspectLimits, page: number): void {
  const maxPixels = l.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(pixels > maxPixels)) return;
  throw new DigitisationError(
    'DIGITISATION_IMAGE_TOO_LARGE',
    {
      vi: `Ảnh trang ${page} có ${Math.round(pixels / 1e6)} triệu điểm ảnh, vượt quá giới hạn ${Math.round(maxPixels / 1e6)} triệu`,
      en: `The image of page ${page} has ${Math.round(pixels / 1e6)} million pixels, more than the limit of ${Math.round(maxPixels / 1e6)} million`,
    },
    { page, pixels, maxPixels },
  );
}

/** Lowest dpi, rounded, over pages; refuses below the floor with the measured value and the page. */
function checkResolution(perPage: readonly (number | null)[], minDpi: number): number | null {
  let lowest: number | null = null;
  perPage.forEach((dpi, i) => {
    if (dpi === null) return;
    const rounded = Math.round(dpi);
    if (rounded < minDpi) throw DigitisationError.resolutionTooLow(rounded, minDpi, i + 1);
    lowest = lowest === null ? rounded : Math.min(lowest, rounded);
  });
  return lowest;
}

async function inspectImage(file: string, format: ScanFormat, l: InspectLimits): Promise<ScanInspection> {
  let info: { format: string; frames: number; dpi: [number, number, number, number][] };
  try {
    const out = await runTool(PYTHON, ['-I', '-c', IMAGE_INFO, file, String(l.maxPages)], {
      timeoutMs: l.timeoutMs,
    });
    info = JSON.parse(out.stdout) as typeof info;
  } catch (e) {
    throw unreadable(format, e instanceof ToolError ? e.stderr : String(e));
  }
  if (info.frames > l.maxPages) throw tooManyPages(info.frames, l.maxPages);
  const perPage = info.dpi.map((d, i) => {
    checkPixels(d[2] * d[3], l, i + 1);
    // JFIF writes 1×1 (aspect ratio only) when it records no density.
    if (d[0] <= 1 || d[1] <= 1) throw DigitisationError.resolutionUnknown(i + 1);
    return Math.min(d[0], d[1]);
  });
  return { format, pages: info.frames, dpi: checkResolution(perPage, l.minDpi), signed: false };
}

async function inspectPdf(file: string, l: InspectLimits): Promise<ScanInspection> {
  let pages: number;
  let list: string;
  try {
    const info = await runTool('pdfinfo', [file], { timeoutMs: l.timeoutMs });
    pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? NaN);
    if (!Number.isInteger(pages) || pages < 1) throw new Error('no page count');
    if (pages > l.maxPages) throw tooManyPages(pages, l.maxPages);
    list = (await runTool('pdfimages', ['-list', file], { timeoutMs: l.timeoutMs })).stdout;
  } catch (e) {
    if (e instanceof DigitisationError) throw e;
    throw unreadable('pdf', e instanceof ToolError ? e.stderr : String(e));
  }
  // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
  const perPage: (number | null)[] = Array.from({ length: pages }, () => null);
  for (const line of list.split('\n').slice(2)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || f[2] !== 'image') continue;
    const page = Number(f[0]);
    checkPixels(Number(f[3]) * Number(f[4]), l, page);
    const ppi = Math.min(Number(f[12]), Number(f[13]));
    if (!Number.isFinite(ppi) || page < 1 || page > pages) continue;
    // The page's own scan is its largest image: a small logo stamped at low resolution does not count.
    const before = perPage[page - 1];
    perPage[page - 1] = before === null || before === undefined ? ppi : Math.max(before, ppi);
  }
  const bytes = await fs.readFile(file);
  return { format: 'pdf', pages, dpi: checkResolution(perPage, l.minDpi), signed: pdfIsSigned(bytes) };
}

/**
 * Inspects an uploaded scan (PDF, TIFF, JPEG; several pages): format from its bytes, page count within
 * the limit, resolution at least `minDpi` on every page (422 DIGITISATION_RESOLUTION_TOO_LOW with the
 * measured dpi and page), and for a PDF whether it is signed.
 */
export async function inspectScan(file: string, head: Buffer, l: InspectLimits): Promise<ScanInspection> {
  const format = sniffScanFormat(head);
  if (!format)
    throw new DigitisationError('DIGITISATION_FORMAT_UNSUPPORTED', {
      vi: 'Chỉ nhận bản quét PDF, TIFF hoặc JPEG',
      en: 'Only PDF, TIFF or JPEG scans are accepted',
    });
  return format === 'pdf' ? inspectPdf(file, l) : inspectImage(file, format, l);
}
