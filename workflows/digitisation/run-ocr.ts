import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ScanFormat } from './inspect-scan';
import { runTool, runToolWatched } from './run-tool';

export interface OcrOptions {
  /** Tesseract languages (default `vie`: Vietnamese, with its diacritics). */
  readonly languages?: string;
  /** Limit of the whole ocrmypdf run for one file (killed beyond it; the job retries). */
  readonly timeoutMs: number;
  /** Limit of Tesseract on one page (ocrmypdf then keeps the page without text). */
  readonly pageTimeoutSeconds?: number;
  /** Called as pages are recognised, with how many of this file are done so far. */
  readonly onPage?: (pagesDone: number) => void;
}

export interface OcrOutput {
  /** The searchable PDF/A (ocrmypdf), or null when the file was not rewritten (signed: its text only). */
  readonly derivative: Buffer | null;
  /** The text: of the derivative's OCR layer, or of a signed PDF's own text layer (pdftotext). */
  readonly text: string;
  readonly method: 'ocr' | 'text-layer';
}

/** The OCR step, injectable so that tests can fail it once (a crash mid-job) or spy on what it gets. */
export type OcrEngine = (
  file: string,
  scan: { readonly format: ScanFormat; readonly signed: boolean },
  o: OcrOptions,
) => Promise<OcrOutput>;

/**
 * Text of a PDF (poppler's pdftotext, UTF-8). `raw`: in content stream order — for an OCR layer, which
 * Tesseract writes line by line in reading order (the default, physical reading order, splits the
 * words of a line that is still slightly slanted after deskew into several lines).
 */
export async function pdfText(file: string, timeoutMs: number, raw = false): Promise<string> {
  const out = await runTool('pdftotext', [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', file, '-'], {
    timeoutMs,
  });
  return out.stdout.normalize('NFC');
}

/**
 * Debian's ocrmypdf + tesseract-ocr-vie: a scan (PDF, TIFF, JPEG; several pages) becomes a PDF/A-2B with
 * the original page images and an invisible text layer (`--skip-text`: pages that already carry text
 * are kept as they are), then its text is read back with pdftotext. A signed PDF is never given to
 * ocrmypdf (Debian 12's ocrmypdf 14 would rewrite it and break its signatures): its own text layer is
 * extracted instead. Works in a private temporary directory removed afterwards.
 */
export const ocrmypdfEngine: OcrEngine = async (file, scan, o) => {
  if (scan.signed) return { derivative: null, text: await pdfText(file, o.timeoutMs), method: 'text-layer' };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-ocr-'));
  try {
    const out = path.join(dir, 'out.pdf');
    // `-v 1` names each page as ocrmypdf works on it; "<page> Grafting" follows the page's recognition.
    const grafted = new Set<number>();
    await runToolWatched(
      'ocrmypdf',
      [
        '-l',
        o.languages ?? 'vie',
        '--output-type',
        'pdfa',
        '--skip-text',
        '--deskew',
        '--jobs',
        '1',
        '--tesseract-timeout',
        String(o.pageTimeoutSeconds ?? 180),
        '-v',
        '1',
        file,
        out,
      ],
      // ocrmypdf keeps its intermediate files in TMPDIR: ours, removed below even when it is killed.
      {
        timeoutMs: o.timeoutMs,
        env: { ...process.env, TMPDIR: dir, OMP_THREAD_LIMIT: '1' },
        onLine: (line) => {
          const page = /^\s*(\d+) Grafting/.exec(line)?.[1];
          if (page === undefined || grafted.has(Number(page))) return;
          grafted.add(Number(page));
          o.onPage?.(grafted.size);
        },
      },
    );
    const derivative = await fs.readFile(out);
    return { derivative, text: await pdfText(out, o.timeoutMs, true), method: 'ocr' };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
};
