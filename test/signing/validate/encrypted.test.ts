import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { IncrementalUpdate, PdfDict, PdfNumber, PdfReader, PdfRef, PdfStream } from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { ValidationError } from '../../../signing/validate/validation-error';
import { tempDir, testPki } from '../pki/dev-pki-fixture';
import { LEADER_TIME, SEAL_TIME, a4Draft, services, signers } from '../sign/sign-fixture';

const AT = new Date(SEAL_TIME.getTime() + 3600_000);

describe('signing/validate encrypted documents', function () {
  this.timeout(60_000);
  const dir = tempDir('validate-encrypted');
  const USER = 'người xem';
  const OWNER = 'chủ văn bản';
  let pki: DevPki;
  let signed: Buffer;

  before(async () => {
    pki = await testPki();
    const draft = path.join(dir, 'draft.pdf');
    writeFileSync(draft, await a4Draft());
    const encrypted = path.join(dir, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', USER, OWNER, '256', '--', draft, encrypted]);
    const leader = await signPdf({
      input: encrypted,
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-LT',
      signingTime: LEADER_TIME,
      ...services(pki, LEADER_TIME),
      password: OWNER,
    });
    signed = (
      await signPdf({
        input: leader.bytes!,
        signer: signers(pki, SEAL_TIME).org,
        role: 'org',
        level: 'B-LT',
        signingTime: SEAL_TIME,
        ...services(pki, SEAL_TIME),
        password: USER,
        fill: { number: '7/QĐ-UBND', date: 'ngày 03 tháng 3 năm 2026' },
      })
    ).bytes!;
  });

  async function refusal(input: Buffer | string, password?: string): Promise<ValidationError> {
    const e = await validatePdf(input, { trustAnchors: [pki.root.certificate], at: AT, password }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).to.be.instanceOf(ValidationError);
    expect((e as ValidationError).code).to.equal('VALIDATION_UNREADABLE');
    return e as ValidationError;
  }

  it('with the user or the owner password: both signatures TOTAL_PASSED, the document reported encrypted', async () => {
    for (const password of [USER, OWNER]) {
      const r = await validatePdf(signed, { trustAnchors: [pki.root.certificate], at: AT, password });
      expect(r.encrypted).to.equal(true);
      expect(r.signatures.map((s) => s.fieldName)).to.deep.equal(['chu_ky_lanh_dao', 'chu_ky_co_quan']);
      for (const s of r.signatures) {
        expect(s.indication, `${s.fieldName}: ${s.reasons.join('; ')}`).to.equal('TOTAL_PASSED');
        expect(s.chain.map((c) => c.revocation)).to.not.include('unknown');
      }
      expect(r.signatures[0].modificationLevel).to.equal('FORM_FILLING');
      expect(r.signatures[0].signerName).to.equal('Nguyễn Văn An');
    }
  });

  it('without a password, with a wrong one, or public-key encrypted: VALIDATION_UNREADABLE saying why', async () => {
    const none = await refusal(signed);
    expect(none.details).to.deep.include({ code: 'PDF_ENCRYPTED' });
    expect(none.messageVi).to.contain('mật khẩu');
    const wrong = await refusal(signed, 'sai');
    expect(wrong.details).to.deep.include({ code: 'PDF_PASSWORD_INCORRECT' });
    expect(wrong.message).to.contain('incorrect password');
    const pubkey = await refusal(
      readFileSync(path.join(__dirname, '../../fixtures/corpus/pyhanko/minimal-pubkey-aes256.pdf')),
    );
    expect(pubkey.details).to.deep.include({ code: 'PDF_ENCRYPTION_UNSUPPORTED' });
  });

  it('an encrypted revision replacing the page content after signing fails both signatures (OTHER)', async () => {
    const r = PdfReader.open(signed, { password: OWNER });
    const update = new IncrementalUpdate(r);
    const contents = r.page(0)!.dict.get('Contents');
    const ref = (Array.isArray(contents) ? contents[0] : contents) as PdfRef;
    const text = Buffer.from('BT /F1 14 Tf 60 760 Td (QUYET DINH da bi sua) Tj ET', 'latin1');
    update.set(ref, new PdfStream(new PdfDict({ Length: PdfNumber.of(text.length) }), text));
    const attacked = update.toBuffer().data;
    expect(attacked.toString('latin1')).to.not.contain('da bi sua'); // written encrypted
    const v = await validatePdf(attacked, { trustAnchors: [pki.root.certificate], at: AT, password: USER });
    for (const s of v.signatures) {
      expect(s.intact, s.fieldName).to.equal(true);
      expect(s.modificationLevel, s.fieldName).to.equal('OTHER');
      expect(s.indication, s.fieldName).to.equal('TOTAL_FAILED');
    }
  });

  it('a document whose user password is empty validates without one', async () => {
    const draft = path.join(dir, 'draft.pdf');
    const ownerOnly = path.join(dir, 'owner-only.pdf');
    execFileSync('qpdf', [
      '--password-mode=bytes',
      '--encrypt',
      '',
      OWNER,
      '128',
      '--use-aes=y',
      '--',
      draft,
      ownerOnly,
    ]);
    const s = await signPdf({
      input: ownerOnly,
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      password: OWNER,
    });
    const v = await validatePdf(s.bytes!, { trustAnchors: [pki.root.certificate], at: AT });
    expect(v.encrypted).to.equal(true);
    expect(v.signatures).to.have.length(1);
    // No revocation data embedded at B-B: intact and trusted path, revocation unknown offline.
    expect(v.signatures[0]).to.deep.include({ intact: true, subIndication: 'TRY_LATER' });
  });
});
