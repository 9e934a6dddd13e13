import { spawn } from 'node:child_process';

/** Bounds of one extraction: a PDF's text layer, never a long block of a worker. */
export interface ExtractLimits {
  readonly maxPages: number;
  readonly maxChars: number;
  readonly timeoutMs: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxPages: 200, maxChars: 200_000, timeoutMs: 30_000 };

export type ExtractResult =
  | { readonly status: 'done'; readonly text: string }
  | { readonly status: 'empty'; readonly text: '' }
  | { readonly status: 'failed'; readonly text: ''; readonly reason: string };

/**
 * The text layer of a PDF with poppler's `pdftotext` (UTF-8, the first `maxPages` pages), read from
 * stdin, killed after `timeoutMs`, output cut at `maxChars`. A PDF with no text layer (a scan) is
 * `empty` (OCR is the digitisation module's); an unreadable one `failed`. Never rewrites the PDF.
 */
export function extractPdfText(
  pdf: Buffer,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<ExtractResult> {
  return new Promise((resolve) => {
    const child = spawn('pdftotext', ['-q', '-enc', 'UTF-8', '-l', String(limits.maxPages), '-', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (r: ExtractResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ status: 'failed', text: '', reason: 'timeout' });
    }, limits.timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      // UTF-8 needs at most 4 bytes a character: stop reading well past the character limit.
      if (size > limits.maxChars * 4) return;
      chunks.push(c);
      size += c.length;
    });
    child.on('error', (e) => done({ status: 'failed', text: '', reason: e.message }));
    child.on('close', (code) => {
      if (code !== 0 && size === 0)
        return done({ status: 'failed', text: '', reason: `pdftotext exit ${code}` });
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .normalize('NFC')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b\u000e-\u001f]/g, ' ')
        .replace(/\f/g, '\n')
        .slice(0, limits.maxChars);
      done(text.trim() === '' ? { status: 'empty', text: '' } : { status: 'done', text });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(pdf);
  });
}
