import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { characterErrorRate, normaliseForCer } from '../../../workflows/digitisation/character-error-rate';
import { ocrmypdfEngine } from '../../../workflows/digitisation/run-ocr';
import type { OcrFixture, Variant } from '../../fixtures/ocr/generate';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'ocr');

/**
 * Highest character error rate accepted per variant, over each scan of the set (test/fixtures/ocr,
 * made by its generate.ts from known Vietnamese text). Measured with Debian 12's ocrmypdf 14.0.1 and
 * Tesseract 5.3 `vie` (bench/ocr.ts): clean and blurred 0 %, JPEG quality 15 with noise 7.4–13.5 %,
 * skewed 3.5° 0 % for one text and 37–40 % for the other (its short lines come out in pieces, in
 * another order: CER counts order). The thresholds sit a little above what is achieved, so that a
 * worse engine, a lost language pack or a pipeline that drops diacritics fails here.
 */
const MAX_CER: Record<Variant, number> = { clean: 0.01, blur: 0.02, jpeg: 0.16, skew: 0.42 };
/** Mean over the whole set. */
const MAX_MEAN_CER = 0.1;

describe('workflows/digitisation OCR quality: character error rate on the known Vietnamese scans', function () {
  this.timeout(900_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as OcrFixture[];

  it('computes CER over code points after NFC, one wrong diacritic being one error', () => {
    expect(characterErrorRate('Quyết định', 'Quyết định')).to.equal(0);
    // Decomposed input (e + combining marks) is the same text.
    expect(characterErrorRate('Quyết định', 'Quye\u0302\u0301t định')).to.equal(0);
    expect(characterErrorRate('Quyết định', 'Quyêt định')).to.equal(1 / 10);
    expect(characterErrorRate('Quyết định', 'Quyet dinh')).to.equal(3 / 10);
    expect(characterErrorRate('ab', '')).to.equal(1);
    expect(normaliseForCer(' a \n\n b ')).to.equal('a b');
  });

  it('keeps every scan of the set within its variant’s threshold, and the mean within 10 %', async () => {
    expect(manifest).to.have.length(16);
    const results: { file: string; variant: Variant; cer: number }[] = [];
    for (const f of manifest) {
      const truth = fs.readFileSync(path.join(FIXTURES, f.text), 'utf8');
      const out = await ocrmypdfEngine(
        path.join(FIXTURES, f.file),
        { format: f.file.endsWith('.jpg') ? 'jpeg' : 'tiff', signed: false },
        { timeoutMs: 600_000 },
      );
      expect(out.method).to.equal('ocr');
      results.push({ file: f.file, variant: f.variant, cer: characterErrorRate(truth, out.text) });
    }
    const over = results.filter((r) => r.cer > MAX_CER[r.variant]);
    expect(over, JSON.stringify(results)).to.deep.equal([]);
    const mean = results.reduce((s, r) => s + r.cer, 0) / results.length;
    expect(mean, JSON.stringify(results)).to.be.at.most(MAX_MEAN_CER);
    // Clean scans at both resolutions are read exactly, diacritics included.
    expect(results.filter((r) => r.variant === 'clean').map((r) => r.cer)).to.deep.equal([0, 0, 0, 0]);
  });
});
