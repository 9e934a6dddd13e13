import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { IncrementalUpdate, PdfReader } from '../../../signing/pdf';
import { StampFont } from '../../../signing/sign/appearance/stamp-font';
import { signPdf } from '../../../signing/sign/sign-pdf';
import {
  DEFAULT_STAMP_PROFILE,
  loadStampProfile,
  parseStampProfile,
  sealBox,
} from '../../../signing/sign/stamp-profile';
import { tempDir, testPki } from '../pki/dev-pki-fixture';
import { LEADER_TIME, a4Draft, signers } from './sign-fixture';

describe('stamp profile', () => {
  const dir = tempDir('profile');

  it('centres the seal on the left third of the leader image box', () => {
    const p = structuredClone(DEFAULT_STAMP_PROFILE);
    p.leader.imageBox = { x: 300, y: 100, width: 120, height: 60 };
    p.seal.diameter = 100;
    expect(sealBox(p)).to.deep.equal({ x: 300 + 20 - 50, y: 130 - 50, width: 100, height: 100 });
  });

  it('round-trips through JSON and refuses unknown keys or negative sizes (SIGN_OPTIONS_INVALID)', () => {
    const file = path.join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify(DEFAULT_STAMP_PROFILE));
    expect(loadStampProfile(file)).to.deep.equal(DEFAULT_STAMP_PROFILE);
    expect(() => parseStampProfile({ ...DEFAULT_STAMP_PROFILE, colour: 'red' }))
      .to.throw()
      .with.property('code', 'SIGN_OPTIONS_INVALID');
    expect(() => parseStampProfile({ ...DEFAULT_STAMP_PROFILE, fontSize: -1 }))
      .to.throw()
      .with.property('code', 'SIGN_OPTIONS_INVALID');
  });

  it('places the leader widget and the number/date fields where a custom profile says', async () => {
    const pki = await testPki();
    const profile = structuredClone(DEFAULT_STAMP_PROFILE);
    profile.leader.box = { x: 60, y: 300, width: 180, height: 120 };
    profile.leader.imageBox = { x: 80, y: 330, width: 140, height: 60 };
    profile.fields.number = { name: 'so_ky_hieu', box: { x: 50, y: 700, width: 100, height: 14 } };
    const r = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      appearance: { profile },
    });
    const form = PdfReader.open(r.bytes!).acroForm();
    const sig = form.signatureFields[0];
    expect(sig.widgets[0].rect).to.deep.equal([60, 300, 240, 420]);
    const number = form.fields.find((f) => f.fullName === 'so_ky_hieu');
    expect(number?.widgets[0].rect).to.deep.equal([50, 700, 150, 714]);
  });

  it('refuses text the font has no glyph for (FONT_UNSUPPORTED)', async () => {
    const font = StampFont.load();
    const update = new IncrementalUpdate(
      PdfReader.open(path.join(__dirname, '../../fixtures/corpus/pyhanko/minimal.pdf')),
    );
    const embedded = await font.embed(update, ['Nguyễn Văn An']);
    expect(embedded.shape('Nguyễn').hex).to.have.length(6 * 4);
    expect(() => font.widthOf('\u{1F600}', 10))
      .to.throw()
      .with.property('code', 'FONT_UNSUPPORTED');
  });
});
