import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { DEFAULT_STAMP_PROFILE, parseStampProfile } from '../../../signing/sign/stamp-profile';
import { tempDir, testPki } from '../pki/dev-pki-fixture';
import { LEADER_TIME, SEAL_TIME, a4Draft, signers } from './sign-fixture';

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** pdftotext -bbox: every word of page 1 with its box (points, origin top left). */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  const out: Word[] = [];
  for (const m of html.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  ))
    out.push({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! });
  return out;
}

const overlaps = (a: Word, b: Word) =>
  a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;

/** An A4 draft with the national motto at the top right, its first line's baseline at `mottoY`. */
async function draftWithMotto(mottoY: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  page.drawText('UY BAN NHAN DAN', { x: 70, y: mottoY, size: 12, font });
  page.drawText('CONG HOA XA HOI CHU NGHIA VIET NAM', { x: 300, y: mottoY, size: 12, font: bold });
  page.drawText('Doc lap - Tu do - Hanh phuc', { x: 355, y: mottoY - 15, size: 13, font: bold });
  page.drawText('QUYET DINH', { x: 255, y: 600, size: 14, font });
  page.drawText('Ve viec ban hanh quy che lam viec.', { x: 200, y: 580, size: 12, font });
  return Buffer.from(await doc.save());
}

describe('Decree 30 stamp layout (issue 14 item 16), checked on the text positions poppler extracts', () => {
  const dir = tempDir('stamp-layout');

  it('writes the place-and-date line on one line, in 13 pt italic, inside the page margins', async () => {
    const pki = await testPki();
    const leader = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      appearance: { image: drawSignaturePng() },
    });
    const sealed = await signPdf({
      input: leader.bytes!,
      signer: signers(pki, SEAL_TIME).org,
      role: 'org',
      level: 'B-B',
      signingTime: SEAL_TIME,
      fill: { number: 'Số: 07/QĐ-UBND', date: 'Long Giang, ngày 07 tháng 12 năm 2026' },
      appearance: { image: drawSealPng(), organisation: 'UBND tỉnh Long Giang' },
    });
    const out = path.join(dir, 'date-line.pdf');
    writeFileSync(out, sealed.bytes!);
    const all = words(out);
    const start = all.findIndex((w) => w.text === 'Long');
    expect(start, 'the date line is extracted').to.be.greaterThan(-1);
    const line = all.slice(start, start + 8);
    expect(line.map((w) => w.text).join(' ')).to.equal('Long Giang, ngày 07 tháng 12 năm 2026');
    // One line: every word on the same baseline band.
    for (const w of line) expect(Math.abs(w.yMin - line[0]!.yMin), w.text).to.be.lessThan(0.5);
    // 13 pt: poppler's word box is the font's ascent to descent (DejaVu: 1.164 em).
    const height = line[0]!.yMax - line[0]!.yMin;
    expect(height / 1.164).to.be.closeTo(13, 0.3);
    const box = DEFAULT_STAMP_PROFILE.fields.date.box;
    expect(line[0]!.xMin).to.be.at.least(box.x);
    expect(line.at(-1)!.xMax).to.be.at.most(box.x + box.width);
    expect(line.at(-1)!.xMax, 'inside a 15 mm right margin').to.be.at.most(595.28 - 42.5);
    // Italic: the line is set in DejaVu Serif Condensed Italic, the number in the upright face.
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).to.match(/DejaVuSerifCondensed-Italic\s+CID TrueType/);
    expect(fonts).to.match(/DejaVuSerif\s+CID TrueType/);
  });

  it('does not repeat the title of the template’s signature block in the leader’s stamp, unless the profile asks', async () => {
    const pki = await testPki();
    const sign = async (profile = DEFAULT_STAMP_PROFILE) =>
      signPdf({
        input: await a4Draft(),
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
        appearance: { image: drawSignaturePng(), title: 'Chủ tịch', name: 'Nguyễn Văn An', profile },
      });
    const plain = path.join(dir, 'no-title.pdf');
    writeFileSync(plain, (await sign()).bytes!);
    const texts = words(plain).map((w) => w.text);
    expect(texts).to.include.members(['Nguyễn', 'Văn', 'An']);
    expect(texts).not.to.include('CHỦ');

    const withTitle = parseStampProfile({
      ...DEFAULT_STAMP_PROFILE,
      leader: { ...DEFAULT_STAMP_PROFILE.leader, signatureBlockInTemplate: false },
    });
    const titled = path.join(dir, 'title.pdf');
    writeFileSync(titled, (await sign(withTitle)).bytes!);
    expect(words(titled).map((w) => w.text)).to.include.members(['CHỦ', 'TỊCH']);
    const forced = parseStampProfile({
      ...DEFAULT_STAMP_PROFILE,
      leader: { ...DEFAULT_STAMP_PROFILE.leader, showTitle: true },
    });
    const forcedOut = path.join(dir, 'forced.pdf');
    writeFileSync(forcedOut, (await sign(forced)).bytes!);
    expect(words(forcedOut).map((w) => w.text)).to.include('CHỦ');
  });

  for (const [mottoY, where] of [
    [770, 'the top right margin, as the profile places it'],
    [780, 'higher in the free band above the motto'],
    [815, 'in the free space below the text, the top band being too narrow'],
  ] as const) {
    it(`puts the attachment marker where it never overlaps the national motto (motto at ${mottoY} pt: ${where})`, async () => {
      const pki = await testPki();
      const r = await signPdf({
        input: await draftWithMotto(mottoY),
        signer: signers(pki).org,
        role: 'attachment',
        level: 'B-B',
        signingTime: LEADER_TIME,
        appearance: { documentNumber: '12/QĐ-UBND', profile: DEFAULT_STAMP_PROFILE },
      });
      const out = path.join(dir, `attachment-${mottoY}.pdf`);
      writeFileSync(out, r.bytes!);
      const all = words(out);
      const markerStart = all.findIndex((w) => w.text === 'Số:');
      expect(markerStart).to.be.greaterThan(-1);
      const marker = all.filter(
        (w) => w.text === 'Số:' || w.text === '12/QĐ-UBND' || /^Thời|^gian|^ký:|\+07:00$/.test(w.text),
      );
      expect(marker.length).to.be.at.least(4);
      const page = all.filter((w) => !marker.includes(w));
      const motto = page.filter((w) => ['CONG', 'HOA', 'NAM', 'Doc', 'lap', 'phuc'].includes(w.text));
      expect(motto).to.have.length(6);
      for (const m of marker)
        for (const p of page) expect(overlaps(m, p), `${m.text} over ${p.text}`).to.equal(false);
      for (const m of marker) expect(m.xMax).to.be.at.most(595.28);
      // pdftotext measures from the top of the page.
      const markerTop = Math.min(...marker.map((m) => m.yMin));
      const mottoTop = Math.min(...motto.map((m) => m.yMin));
      const textBottom = Math.max(...page.map((m) => m.yMax));
      if (mottoY === 815) expect(markerTop, 'below all the text').to.be.greaterThan(textBottom);
      else expect(Math.max(...marker.map((m) => m.yMax)), 'above the motto').to.be.lessThan(mottoTop);
      if (mottoY === 770) expect(markerTop, 'where the profile puts it').to.be.closeTo(18, 6);
      if (mottoY === 780) expect(markerTop, 'moved up into the margin').to.be.lessThan(12);
    });
  }
});
