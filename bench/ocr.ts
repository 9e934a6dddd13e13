/**
 * OCR benchmark (issue 12 item 7, docs/digitisation.md): character error rate and speed of the
 * digitisation pipeline — ocrmypdfEngine, i.e. Debian's ocrmypdf (deskew, PDF/A-2B output, text layer)
 * with tesseract-ocr-vie, then pdftotext — on every scan of the quality set test/fixtures/ocr (known
 * Vietnamese text at 200 and 300 dpi: clean, skewed 3.5°, Gaussian blur of 2 px at 300 dpi, JPEG at quality 15 with salt-and-pepper noise on 4 % of the pixels),
 * beside its peer measured in the same run: bare `tesseract <image> - -l vie` on the same file (no
 * deskew, no PDF/A, text only). Per variant: CER of each and pages per minute of each, and the ratio
 * pipeline ÷ tesseract (speed: what the PDF/A derivative and deskew cost; CER: what deskew gains).
 * One page at a time, one thread (OMP_THREAD_LIMIT=1), as the job runs.
 *
 *   npx ts-node --transpile-only bench/ocr.ts [--rounds 1]
 *
 * Results: a table on stdout and bench/out/ocr.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { characterErrorRate } from '../workflows/digitisation/character-error-rate';
import { ocrmypdfEngine } from '../workflows/digitisation/run-ocr';
import { runTool } from '../workflows/digitisation/run-tool';
import type { OcrFixture } from '../test/fixtures/ocr/generate';

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'ocr');

async function main(): Promise<void> {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 1;
  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as OcrFixture[];
  const rows: {
    file: string;
    dpi: number;
    variant: string;
    pipelineCer: number;
    tesseractCer: number;
    pipelinePagesPerMin: number;
    tesseractPagesPerMin: number;
  }[] = [];
  for (const f of manifest) {
    const file = path.join(FIXTURES, f.file);
    const truth = fs.readFileSync(path.join(FIXTURES, f.text), 'utf8');
    let pipelineMs = 0;
    let tesseractMs = 0;
    let pipelineText = '';
    let tesseractText = '';
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      const out = await ocrmypdfEngine(
        file,
        { format: f.file.endsWith('.jpg') ? 'jpeg' : 'tiff', signed: false },
        { timeoutMs: 300_000 },
      );
      pipelineMs += performance.now() - t;
      pipelineText = out.text;
      t = performance.now();
      const raw = await runTool('tesseract', [file, '-', '-l', 'vie'], {
        timeoutMs: 300_000,
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
      tesseractMs += performance.now() - t;
      tesseractText = raw.stdout;
    }
    const row = {
      file: f.file,
      dpi: f.dpi,
      variant: f.variant,
      pipelineCer: characterErrorRate(truth, pipelineText),
      tesseractCer: characterErrorRate(truth, tesseractText),
      pipelinePagesPerMin: (60_000 * rounds) / pipelineMs,
      tesseractPagesPerMin: (60_000 * rounds) / tesseractMs,
    };
    rows.push(row);
    console.log(
      [
        row.file.padEnd(26),
        `CER ${(row.pipelineCer * 100).toFixed(2).padStart(6)} %`,
        `(tesseract ${(row.tesseractCer * 100).toFixed(2).padStart(6)} %)`,
        `${row.pipelinePagesPerMin.toFixed(1).padStart(5)} pages/min`,
        `(tesseract ${row.tesseractPagesPerMin.toFixed(1).padStart(5)};`,
        `ratio ${(row.pipelinePagesPerMin / row.tesseractPagesPerMin).toFixed(2)})`,
      ].join('  '),
    );
  }
  console.log('\nper variant (mean over texts):');
  const groups = new Map<string, typeof rows>();
  for (const r of rows)
    groups.set(`${r.dpi} dpi ${r.variant}`, [...(groups.get(`${r.dpi} dpi ${r.variant}`) ?? []), r]);
  const summary = [...groups].map(([name, g]) => {
    const mean = (k: keyof (typeof rows)[number]) => g.reduce((s, r) => s + Number(r[k]), 0) / g.length;
    return {
      variant: name,
      pipelineCer: mean('pipelineCer'),
      tesseractCer: mean('tesseractCer'),
      pipelinePagesPerMin: mean('pipelinePagesPerMin'),
      tesseractPagesPerMin: mean('tesseractPagesPerMin'),
    };
  });
  for (const s of summary)
    console.log(
      `${s.variant.padEnd(16)} CER ${(s.pipelineCer * 100).toFixed(2).padStart(6)} % vs tesseract ${(s.tesseractCer * 100).toFixed(2).padStart(6)} %   ` +
        `${s.pipelinePagesPerMin.toFixed(1)} vs ${s.tesseractPagesPerMin.toFixed(1)} pages/min (ratio ${(s.pipelinePagesPerMin / s.tesseractPagesPerMin).toFixed(2)})`,
    );
  fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
  fs.writeFileSync(
    path.join(__dirname, 'out', 'ocr.json'),
    JSON.stringify({ rounds, rows, summary }, null, 2),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
