import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { parseSignedData } from '../../../signing/cms/parse-signed-data';
import type { DevIdentity, DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream } from '../../../signing/pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, fillNumberField, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

function crlsFor(pki: DevPki): Buffer[] {
  return [
    new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME),
    new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME),
  ];
}

describe('signing/validate signature variants', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];

  before(async () => {
    pki = await testPki('rsa-2048');
    crls = crlsFor(pki);
  });

  const validate = (pdf: Buffer, root = pki.root.certificate) =>
    validatePdf(pdf, { trustAnchors: [root], at: AT });

  it('ECDSA P-256 with an EC P-384 CA chain: TOTAL_PASSED', async () => {
    const ec = await testPki('ec-p256');
    const signed = await signPdf(await draftPdf(), {
      identity: ec.leader,
      fieldName: 'lanh_dao',
      crls: crlsFor(ec),
    });
    const s = (await validate(signed, ec.root.certificate)).signatures[0];
    expect(s.reasons).to.deep.equal([]);
    expect(s).to.deep.include({ indication: 'TOTAL_PASSED' });
    expect(s.crypto?.signatureAlgorithm).to.equal('ecdsa-sha256');
  });

  it('RSASSA-PSS: TOTAL_PASSED', async () => {
    const signed = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls,
      rsaScheme: 'rsa-pss',
    });
    const s = (await validate(signed)).signatures[0];
    expect(s).to.deep.include({ indication: 'TOTAL_PASSED' });
    expect(s.crypto?.signatureAlgorithm).to.equal('rsa-pss-sha256');
  });

  it('a flipped bit in the CMS signature value (outside the signed bytes): TOTAL_FAILED SIG_CRYPTO_FAILURE', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const r0 = await validate(signed);
    const [, a, b] = r0.signatures[0].structure.byteRange!;
    const der = Buffer.from(signed.subarray(a + 1, b - 1).toString('latin1'), 'hex');
    const value = parseSignedData(der).signerInfos[0].signature;
    const at = signed.indexOf(value.subarray(0, 16).toString('hex').toUpperCase(), a);
    const at2 = at >= 0 ? at : signed.indexOf(value.subarray(0, 16).toString('hex'), a);
    expect(at2).to.be.greaterThan(a);
    const copy = Buffer.from(signed);
    copy[at2 + 5] = copy[at2 + 5] === 0x30 ? 0x31 : 0x30;
    expect((await validate(copy)).signatures[0]).to.deep.include({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
      intact: false,
    });
  });

  it('an RSA-1024 signer: INDETERMINATE CRYPTO_CONSTRAINTS_FAILURE_NO_POE although intact', async () => {
    const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const certificate = issueCertificate({
      subject: [['CN', 'Khóa yếu']],
      publicKey: keys.publicKey,
      issuer: pki.issuingCa.certificate,
      signingKey: pki.issuingCa.key,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - 3600_000),
      notAfter: new Date(PKI_TIME.getTime() + 30 * 24 * 3600_000),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const weak: DevIdentity = { ...pki.leader, certificate, key: keys.privateKey };
    const signed = await signPdf(await draftPdf(), { identity: weak, fieldName: 'lanh_dao', crls });
    const s = (await validate(signed)).signatures[0];
    expect(s).to.deep.include({
      indication: 'INDETERMINATE',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
      intact: true,
      valid: false,
    });
    expect(s.crypto?.weakAlgorithm).to.match(/1024/);
  });

  it('FieldMDP: filling a field the signature locked fails it; filling an unlocked field does not', async () => {
    const locked = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls,
      lockFields: ['so_ky_hieu'],
    });
    const r1 = await validate(fillNumberField(locked, '9/UBND'));
    expect(r1.signatures[0]).to.deep.include({
      indication: 'TOTAL_FAILED',
      modificationLevel: 'FORM_FILLING',
    });
    expect(r1.signatures[0].reasons[0]).to.match(/locked field so_ky_hieu/);
    const other = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls,
      lockFields: ['ngay_ban_hanh'],
    });
    expect((await validate(fillNumberField(other, '9/UBND'))).signatures[0].indication).to.equal(
      'TOTAL_PASSED',
    );
  });

  it('shadow "replace": a font object replaced after signing is OTHER', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const changed = appendRevision(signed, (update, reader) => {
      const fonts = reader.pages()[0].resources!.get('Font') as PdfDict;
      const [ref] = [...fonts.entries.values()] as PdfRef[];
      update.set(
        ref,
        new PdfDict({
          Type: PdfName.of('Font'),
          Subtype: PdfName.of('Type1'),
          BaseFont: PdfName.of('Courier'),
        }),
      );
    });
    const s = (await validate(changed)).signatures[0];
    expect(s).to.deep.include({ indication: 'TOTAL_FAILED', modificationLevel: 'OTHER' });
  });

  it('shadow "hide-and-replace": page /Contents re-pointed to a new stream is OTHER', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    const changed = appendRevision(signed, (update, reader) => {
      const page = reader.pages()[0];
      const text = Buffer.from('BT /F1 14 Tf 60 760 Td (Noi dung khac) Tj ET', 'latin1');
      const stream = update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(text.length) }), text));
      update.set(page.ref!, (update.get(page.ref!) as PdfDict).clone().set('Contents', stream));
    });
    const s = (await validate(changed)).signatures[0];
    expect(s).to.deep.include({ indication: 'TOTAL_FAILED', modificationLevel: 'OTHER' });
    expect(s.modifications.changes.some((c) => c.detail === 'page /Contents changed')).to.equal(true);
  });
});
