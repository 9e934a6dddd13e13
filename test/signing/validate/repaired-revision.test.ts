/**
 * Issue 9 item 4: the report says when a revision nobody signed needed cross-reference repair to be
 * read — not a verdict change, an auditor's fact.
 */
import { expect } from 'chai';
import { PdfDict, PdfString } from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { describeReport } from '../../../signing/validate/report/describe-report';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** Moves the last startxref value `by` bytes (a writer that miscounted). */
function shiftLastStartxref(pdf: Buffer, by: number): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('startxref');
  const m = /^startxref(\s+)(\d+)/.exec(text.slice(at))!;
  return Buffer.concat([
    pdf.subarray(0, at),
    Buffer.from(`startxref${m[1]}${Number(m[2]) + by}`, 'latin1'),
    pdf.subarray(at + m[0].length),
  ]);
}

describe('signing/validate repaired revisions (issue 9 item 4)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    const crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME),
    ];
    signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
  });

  it('an unsigned revision read only after repair is named in the result, the warnings and the report', async () => {
    const updated = appendRevision(signed, (update) =>
      update.setTrailer('Info', update.add(new PdfDict({ Producer: PdfString.fromText('VanBan') }))),
    );
    const broken = shiftLastStartxref(updated, 3);
    const r = await validatePdf(broken, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.repaired).to.equal(true);
    expect(r.revisions).to.equal(3);
    expect(r.repairedRevisions).to.have.length(1);
    expect(r.repairedRevisions![0]).to.deep.include({ revision: 2, signed: false });
    expect(r.repairedRevisions![0].repairs[0]).to.match(/cross-reference offset \d+ off by -3/);
    expect(r.warnings.join('\n')).to.match(
      /revision 2, which no signature covers, needed cross-reference repair/,
    );
    // Not a verdict change: the signature is judged as without the repair.
    const sound = await validatePdf(updated, { trustAnchors: [pki.root.certificate], at: AT });
    expect(sound.repairedRevisions).to.deep.equal([]);
    expect(r.signatures[0].indication).to.equal(sound.signatures[0].indication);

    const view = JSON.stringify(
      describeReport(
        {
          reportVersion: 1,
          generatedAt: AT.toISOString(),
          file: { name: 'x.pdf', sha256: '00', size: broken.length },
          status: 'VALIDATED',
          indication: r.indication ?? null,
          problem: null,
          settings: { validationTime: AT.toISOString(), revocation: 'offline', trustAnchors: [] },
          validation: r,
        },
        'en',
      ),
    );
    expect(view).to.contain('Unsigned revision needed cross-reference repair to be read');
  });

  it('a signed revision’s repair is reported as signed, without the unsigned warning', async () => {
    const broken = shiftLastStartxref(signed, 2);
    const r = await validatePdf(broken, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.repairedRevisions).to.have.length(1);
    expect(r.repairedRevisions![0]).to.deep.include({ revision: 1, signed: true });
    expect(r.warnings.join('\n')).to.not.match(/no signature covers/);
  });
});
