import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { signPdf } from '../../../signing/sign/sign-pdf';
import {
  DEFAULT_STAMP_PROFILE,
  parseStampProfile,
  sealBox,
  type StampBox,
} from '../../../signing/sign/stamp-profile';
import { tempDir, testPki } from '../pki/dev-pki-fixture';
import { LEADER_TIME, SEAL_TIME, a4Draft, pdftext, signers } from './sign-fixture';

const DPI = 100;

/** pdftoppm's PPM (P6) of page 1, at DPI. */
function render(file: string): { width: number; height: number; rgb: Buffer } {
  const prefix = file.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const ppm = readFileSync(`${prefix}.ppm`);
  const header = ppm.toString('latin1', 0, 64).split(/\s+/);
  const [, w, h] = header;
  const headerLength = ppm.indexOf('\n255\n') + 5;
  return { width: Number(w), height: Number(h), rgb: ppm.subarray(headerLength) };
}

type Page = ReturnType<typeof render>;
const isRed = (r: number, g: number, b: number) => r > 170 && g < 110 && b < 110;
const isBlue = (r: number, g: number, b: number) => b > 120 && r < 100 && g < 130;

/** Count red and blue pixels inside a box given in PDF points. */
function colours(page: Page, box: StampBox): { red: number; blue: number } {
  const s = DPI / 72;
  const pageHeight = page.height / s;
  let red = 0;
  let blue = 0;
  for (let py = Math.round((pageHeight - box.y - box.height) * s); py < (pageHeight - box.y) * s; py++) {
    for (let px = Math.round(box.x * s); px < (box.x + box.width) * s; px++) {
      const i = (py * page.width + px) * 3;
      const [r, g, b] = [page.rgb[i], page.rgb[i + 1], page.rgb[i + 2]];
      if (isRed(r, g, b)) red++;
      else if (isBlue(r, g, b)) blue++;
    }
  }
  return { red, blue };
}

describe('Decree 30 stamps as rendered by poppler', () => {
  const dir = tempDir('stamps');

  it('puts the red seal over the left third of the blue leader signature, with Vietnamese text intact', async () => {
    const pki = await testPki();
    const leader = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      // A template without a signature block: the stamp carries the title (stamp-layout.test.ts checks
      // that it does not when the template prints it).
      appearance: {
        image: drawSignaturePng(),
        title: 'Giám đốc',
        profile: parseStampProfile({
          ...DEFAULT_STAMP_PROFILE,
          leader: { ...DEFAULT_STAMP_PROFILE.leader, signatureBlockInTemplate: false },
        }),
      },
    });
    const out = path.join(dir, 'stamped.pdf');
    const sealed = await signPdf({
      input: leader.bytes!,
      signer: signers(pki, SEAL_TIME).org,
      role: 'org',
      level: 'B-B',
      signingTime: SEAL_TIME,
      fill: { number: '15/QĐ-UBND', date: 'Hà Nội, ngày 03 tháng 3 năm 2026' },
      appearance: { image: drawSealPng(), organisation: 'UBND xã Tân Phú' },
    });
    writeFileSync(out, sealed.bytes!);
    const page = render(out);
    const img = DEFAULT_STAMP_PROFILE.leader.imageBox;
    const third = img.width / 3;
    const left = colours(page, { ...img, width: third });
    const right = colours(page, { ...img, x: img.x + 2 * third, width: third });
    expect(left.red, 'seal over the left third').to.be.greaterThan(200);
    expect(right.red, 'no seal over the right third').to.equal(0);
    expect(right.blue, 'signature visible on the right').to.be.greaterThan(50);
    // The seal is centred on the left third: its centre (the star) is red.
    const seal = sealBox(DEFAULT_STAMP_PROFILE);
    const centre = colours(page, {
      x: seal.x + seal.width / 2 - 2,
      y: seal.y + seal.height / 2 - 2,
      width: 4,
      height: 4,
    });
    expect(centre.red).to.be.greaterThan(10);
    // The text is real text in an embedded font, extractable with the right diacritics.
    const text = pdftext(out);
    for (const s of [
      'GIÁM ĐỐC',
      'Nguyễn Văn An',
      'UBND xã Tân Phú',
      '2026-03-03T09:00:00+07:00',
      '15/QĐ-UBND',
      'Hà Nội, ngày 03 tháng 3 năm 2026',
    ]) {
      expect(text).to.contain(s);
    }
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).to.match(/DejaVuSerif\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});
