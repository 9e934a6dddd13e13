import * as crypto from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseSignedData } from '../../../signing/cms/parse-signed-data';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  addSignaturePlaceholder,
  hashByteRangesSync,
  readAcroForm,
} from '../../../signing/pdf';
import { createDevPki } from '../../../signing/pki/create-dev-pki';
import { parseTstInfo } from '../../../signing/pki/timestamp-token';
import { addDocumentTimestamp } from '../../../signing/sign/add-document-timestamp';
import { addValidationData } from '../../../signing/sign/add-validation-data';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { fillPdf } from '../../../signing/sign/fill-pdf';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../../signing/sign/signers/signer';
import { PKI_TIME, tempDir, testPki } from '../pki/dev-pki-fixture';
import {
  CORPUS,
  LEADER_TIME,
  SEAL_TIME,
  a4Draft,
  expectQpdfClean,
  pdfsig,
  pdftext,
  services,
  signers,
} from './sign-fixture';

/** After a step: poppler finds `valid` valid signatures, qpdf is clean, the previous file is a prefix. */
function expectSound(file: string, previous: Buffer | undefined, valid: number): Buffer {
  const bytes = readFileSync(file);
  const sig = pdfsig(file);
  expect(sig.valid, sig.report).to.equal(valid);
  expectQpdfClean(file);
  if (previous)
    expect(bytes.subarray(0, previous.length).equals(previous), 'previous revision is a prefix').to.equal(
      true,
    );
  return bytes;
}

/** The document timestamp's token covers exactly the digest of its byte range. */
function expectDocumentTimestampCovers(bytes: Buffer): void {
  const form = readAcroForm(PdfReader.open(bytes));
  const ts = form.signatureFields.map((f) => f.signature).find((s) => s?.type === 'DocTimeStamp');
  expect(ts, 'document timestamp').to.not.equal(undefined);
  expect(ts!.subFilter).to.equal('ETSI.RFC3161');
  const digest = hashByteRangesSync(bytes, ts!.byteRange!, 'sha256');
  expect(parseTstInfo(ts!.contents!).hashedMessage).to.deep.equal(digest);
  expect(ts!.byteRange![2] + ts!.byteRange![3]).to.equal(bytes.length);
}

describe('signPdf: the Decree 30 sequence', () => {
  const dir = tempDir('sign');

  it('leader → number/date → seal → LTA on an A4 draft: every step valid for poppler, clean for qpdf, append-only', async () => {
    const pki = await testPki();
    const { leader } = signers(pki, LEADER_TIME);
    const { org } = signers(pki, SEAL_TIME);
    const draft = path.join(dir, 'draft.pdf');
    writeFileSync(draft, await a4Draft());

    const s1 = path.join(dir, 'seq-1-leader.pdf');
    const r1 = await signPdf({
      input: draft,
      output: s1,
      signer: leader,
      role: 'leader',
      level: 'B-T',
      signingTime: LEADER_TIME,
      ...services(pki, LEADER_TIME),
      appearance: { image: drawSignaturePng(), title: 'Chủ tịch' },
    });
    expect(r1.fieldName).to.equal('chu_ky_lanh_dao');
    const b1 = expectSound(s1, undefined, 1);
    const form1 = readAcroForm(PdfReader.open(b1));
    expect(form1.fields.map((f) => f.fullName)).to.include.members([
      'so_van_ban',
      'ngay_ban_hanh',
      'chu_ky_lanh_dao',
    ]);
    expect(form1.sigFlags).to.equal(3);
    const sig1 = form1.signatureFields[0].signature!;
    expect(sig1.subFilter).to.equal('ETSI.CAdES.detached');
    expect(sig1.signingTime).to.equal("D:20260303080000+07'00'");
    const cms1 = parseSignedData(sig1.contents!);
    expect(cms1.signerInfos[0].signingTime, 'PAdES forbids the CMS signing-time').to.equal(undefined);
    expect(cms1.signerInfos[0].signingCertificateV2).to.have.length(1);
    expect(cms1.signerInfos[0].signatureTimestampTokens, 'B-T').to.have.length(1);

    const s2 = path.join(dir, 'seq-2-fill.pdf');
    await fillPdf({ input: s1, output: s2, number: '12/QĐ-UBND', date: 'Tân Phú, ngày 03 tháng 3 năm 2026' });
    const b2 = expectSound(s2, b1, 1);
    expect(pdftext(s2)).to.contain('12/QĐ-UBND').and.to.contain('Tân Phú, ngày 03 tháng 3 năm 2026');

    const s3 = path.join(dir, 'seq-3-seal.pdf');
    await signPdf({
      input: s2,
      output: s3,
      signer: org,
      role: 'org',
      level: 'B-T',
      signingTime: SEAL_TIME,
      ...services(pki, SEAL_TIME),
      appearance: { image: drawSealPng() },
    });
    const b3 = expectSound(s3, b2, 2);

    const s4 = path.join(dir, 'seq-4-lt.pdf');
    const lt = await addValidationData({ input: s3, output: s4, at: SEAL_TIME, ...services(pki, SEAL_TIME) });
    const b4 = expectSound(s4, b3, 2);
    const r4 = PdfReader.open(b4);
    const dss = r4.resolve(r4.catalog.get('DSS')) as PdfDict;
    for (const k of ['Certs', 'CRLs', 'OCSPs'])
      expect(r4.resolve(dss.get(k)), k)
        .to.be.an('array')
        .with.length.greaterThan(0);
    const contents = readAcroForm(r4).signatureFields.map((f) => f.signature!.contents!);
    const expectedKeys = contents.map((c) => crypto.createHash('sha1').update(c).digest('hex').toUpperCase());
    expect([...(r4.resolve(dss.get('VRI')) as PdfDict).keys()]).to.have.members(expectedKeys);
    expect(lt.vriKeys).to.have.members(expectedKeys);

    const s5 = path.join(dir, 'seq-5-lta.pdf');
    await addDocumentTimestamp({ input: s4, output: s5, ...services(pki, SEAL_TIME) });
    const b5 = expectSound(s5, b4, 2); // poppler does not verify ETSI.RFC3161; checked below
    expectDocumentTimestampCovers(b5);
    expect(pdfsig(s5).total).to.equal(3);
  });

  it('signs the seal at B-LTA in one call, filling number and date in the same revision', async () => {
    const pki = await testPki();
    const leader = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      appearance: { image: drawSignaturePng() },
    });
    const out = path.join(dir, 'seal-lta.pdf');
    await signPdf({
      input: leader.bytes!,
      output: out,
      signer: signers(pki, SEAL_TIME).org,
      role: 'org',
      level: 'B-LTA',
      signingTime: SEAL_TIME,
      fill: { number: '7/TB-UBND', date: 'ngày 03 tháng 3 năm 2026' },
      ...services(pki, SEAL_TIME),
      appearance: { image: drawSealPng() },
    });
    const bytes = expectSound(out, leader.bytes!, 2);
    expectDocumentTimestampCovers(bytes);
    const reader = PdfReader.open(bytes);
    expect(
      reader.revisions.length - PdfReader.open(leader.bytes!).revisions.length,
      'seal, DSS, timestamp',
    ).to.equal(3);
    expect(pdftext(out)).to.contain('7/TB-UBND');
  });

  it('signs an attachment with a text marker at the top right of page 1 and no image', async () => {
    const pki = await testPki();
    const r = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).org,
      role: 'attachment',
      level: 'B-B',
      signingTime: LEADER_TIME,
      appearance: { documentNumber: '12/QĐ-UBND' },
    });
    const out = path.join(dir, 'attachment.pdf');
    writeFileSync(out, r.bytes!);
    expectSound(out, undefined, 1);
    const form = readAcroForm(PdfReader.open(r.bytes!));
    expect(
      form.fields.map((f) => f.fullName),
      'no number/date fields on attachments',
    ).to.deep.equal(['chu_ky_phu_luc']);
    const [x1, y1, x2, y2] = form.signatureFields[0].widgets[0].rect!;
    expect(x2).to.be.closeTo(595.28 - 18, 0.5);
    expect(y2).to.be.closeTo(841.89 - 18, 0.5);
    expect(x1).to.be.lessThan(x2);
    expect(y1).to.be.lessThan(y2);
    const text = pdftext(out);
    expect(text).to.contain('Số: 12/QĐ-UBND').and.to.contain('2026-03-03T08:00:00+07:00');
  });

  for (const name of [
    'minimal-xref.pdf',
    'minimal-hybrid-xref.pdf',
    'uncompressed-objstream-sample.pdf',
    'minimal-two-fields.pdf',
  ]) {
    it(`keeps every signature valid on corpus file ${name} (leader → seal → LTA)`, async () => {
      const pki = await testPki();
      const input = path.join(CORPUS, 'pyhanko', name);
      const original = readFileSync(input);
      const s1 = path.join(dir, `${name}-1.pdf`);
      await signPdf({
        input,
        output: s1,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
        appearance: { image: drawSignaturePng(), draftFields: false },
      });
      const b1 = expectSound(s1, original, 1);
      const s2 = path.join(dir, `${name}-2.pdf`);
      await signPdf({
        input: s1,
        output: s2,
        signer: signers(pki, SEAL_TIME).org,
        role: 'org',
        level: 'B-LTA',
        signingTime: SEAL_TIME,
        ...services(pki, SEAL_TIME),
        appearance: { image: drawSealPng() },
      });
      const b2 = expectSound(s2, b1, 2);
      expectDocumentTimestampCovers(b2);
    });
  }
});

describe('signPdf: refused input', () => {
  const dir = tempDir('sign-bad');

  async function expectRefused(code: string, run: (output: string) => Promise<unknown>): Promise<void> {
    const output = path.join(dir, `${code}-${crypto.randomBytes(3).toString('hex')}.pdf`);
    let error: unknown;
    try {
      await run(output);
    } catch (e) {
      error = e;
    }
    expect(error, `expected ${code}`).to.have.property('code', code);
    expect(existsSync(output), 'no output file').to.equal(false);
    expect(
      readdirSync(dir).filter((f) => f.endsWith('.part')),
      'no temp file left',
    ).to.deep.equal([]);
  }

  it('refuses an encrypted PDF with PDF_ENCRYPTED', async () => {
    const pki = await testPki();
    await expectRefused('PDF_ENCRYPTED', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal-aes256.pdf'),
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
      }),
    );
  });

  it('refuses a document certified with DocMDP P=1 with PDF_CERTIFIED_NO_CHANGES', async () => {
    const pki = await testPki();
    // A certification signature dictionary (ISO 32000-2 §12.8.2.2) written with our own writer.
    const reader = PdfReader.open(path.join(CORPUS, 'pyhanko/minimal.pdf'));
    const update = new IncrementalUpdate(reader);
    const sig = update.add(
      addSignaturePlaceholder(
        new PdfDict({
          Type: PdfName.of('Sig'),
          Filter: PdfName.of('Adobe.PPKLite'),
          SubFilter: PdfName.of('ETSI.CAdES.detached'),
          Reference: [
            new PdfDict({
              Type: PdfName.of('SigRef'),
              TransformMethod: PdfName.of('DocMDP'),
              TransformParams: new PdfDict({
                Type: PdfName.of('TransformParams'),
                P: PdfNumber.of(1),
                V: PdfName.of('1.2'),
              }),
            }),
          ],
        }),
        4096,
      ),
    );
    const catalog = reader.catalog.clone().set('Perms', new PdfDict({ DocMDP: sig }));
    update.set(reader.rootRef!, catalog);
    const certified = update.toBuffer().data;
    expect(readAcroForm(PdfReader.open(certified)).docMdp?.permissions).to.equal(1);
    await expectRefused('PDF_CERTIFIED_NO_CHANGES', (output) =>
      signPdf({
        input: certified,
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
        appearance: { draftFields: false },
      }),
    );
  });

  it('refuses a damaged file unless repair is allowed (PDF_REPAIRED_REFUSED)', async () => {
    const pki = await testPki();
    const input = path.join(CORPUS, 'pyhanko/minimal-startxref-obo1.pdf');
    await expectRefused('PDF_REPAIRED_REFUSED', (output) =>
      signPdf({
        input,
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
        appearance: { draftFields: false },
      }),
    );
    const out = path.join(dir, 'repaired-allowed.pdf');
    await signPdf({
      input,
      output: out,
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
      allowRepaired: true,
      appearance: { draftFields: false },
    });
    expect(pdfsig(out).valid).to.equal(1);
    expectQpdfClean(out);
  });

  it('refuses a certificate expired at the signing time (CERT_EXPIRED) and one not yet valid', async () => {
    const pki = await testPki();
    const late = new Date(pki.leader.certificate.notAfter.getTime() + 1000);
    await expectRefused('CERT_EXPIRED', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal.pdf'),
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: late,
      }),
    );
    const early = new Date(PKI_TIME.getTime() - 2 * 3600 * 1000);
    await expectRefused('CERT_NOT_YET_VALID', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal.pdf'),
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-B',
        signingTime: early,
      }),
    );
  });

  it('refuses a wrong PKCS#12 password (P12_BAD_PASSWORD)', async () => {
    const pki = await testPki();
    expect(() => Pkcs12Signer.fromBuffer(pki.leader.pkcs12, 'not the password'))
      .to.throw()
      .with.property('code', 'P12_BAD_PASSWORD');
  });

  it('refuses a key that does not match the certificate (KEY_CERT_MISMATCH), even from a signer that does not check', async () => {
    const pki = await testPki();
    const honest = signers(pki).leader;
    const lying: Signer = {
      certificate: pki.leader.certificate,
      chain: pki.leader.chain,
      signatureAlgorithm: (d) => honest.signatureAlgorithm(d),
      sign: async (data, alg) => crypto.sign(alg.hash, data, pki.organisation.key),
    };
    await expectRefused('KEY_CERT_MISMATCH', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal.pdf'),
        output,
        signer: lying,
        role: 'leader',
        level: 'B-B',
        signingTime: LEADER_TIME,
      }),
    );
  });

  it('refuses a signer certificate revoked before the signing time (CERT_REVOKED)', async () => {
    const pki = await createDevPki({ now: PKI_TIME, keySpec: 'ec-p256' });
    pki.crlIssuer.revoke(
      pki.leader.certificate.serialNumber,
      new Date(PKI_TIME.getTime() + 60_000),
      'keyCompromise',
    );
    await expectRefused('CERT_REVOKED', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal.pdf'),
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-LT',
        signingTime: LEADER_TIME,
        ...services(pki, LEADER_TIME),
      }),
    );
  });

  it('refuses B-T without a timestamp client, before touching anything', async () => {
    const pki = await testPki();
    await expectRefused('SIGN_OPTIONS_INVALID', (output) =>
      signPdf({
        input: path.join(CORPUS, 'pyhanko/minimal.pdf'),
        output,
        signer: signers(pki).leader,
        role: 'leader',
        level: 'B-T',
        signingTime: LEADER_TIME,
      }),
    );
  });
});
