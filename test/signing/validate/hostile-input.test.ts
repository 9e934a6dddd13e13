import { expect } from 'chai';
import * as zlib from 'node:zlib';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PdfDict, PdfName, PdfNumber, PdfReader, PdfStream } from '../../../signing/pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** Appends `count` classic-xref revisions, each defining one new object built by `body`. */
function appendRawRevisions(pdf: Buffer, count: number, body: (num: number, i: number) => string): Buffer {
  const reader = PdfReader.open(pdf);
  const root = reader.rootRef!.toString();
  let prev = reader.revisions[reader.revisions.length - 1].xrefOffset;
  let num = reader.size;
  const parts: Buffer[] = [pdf];
  let pos = pdf.length;
  for (let i = 0; i < count; i++, num++) {
    const obj = `${num} 0 obj\n${body(num, i)}\nendobj\n`;
    const xref = pos + obj.length;
    const tail =
      `xref\n${num} 1\n${String(pos).padStart(10, '0')} 00000 n \n` +
      `trailer\n<< /Size ${num + 1} /Root ${root} /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
    const chunk = Buffer.from(obj + tail, 'latin1');
    parts.push(chunk);
    prev = xref;
    pos += chunk.length;
  }
  return Buffer.concat(parts);
}

describe('signing/validate hostile input', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME),
    ];
    signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
  });

  const validate = (pdf: Buffer) => validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });

  it('a decompression bomb in the DSS is refused by the decode limit; the signature keeps its CMS data', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(200 * 1024 * 1024));
    const hostile = appendRevision(signed, (update, reader) => {
      const stream = update.add(
        new PdfStream(
          new PdfDict({ Filter: PdfName.of('FlateDecode'), Length: PdfNumber.of(bomb.length) }),
          bomb,
        ),
      );
      const dss = update.add(new PdfDict({ Type: PdfName.of('DSS'), CRLs: [stream], Certs: [stream] }));
      const catalog = (update.get(reader.rootRef!) as PdfDict).clone().set('DSS', dss);
      update.set(reader.rootRef!, catalog);
    });
    const r = await validate(hostile);
    expect(r.signatures[0]).to.deep.include({
      intact: true,
      trusted: true,
      modificationLevel: 'LTA_UPDATES',
    });
  });

  it('1,200 appended revisions: analysed within bounds, the signature is not TOTAL_PASSED', async () => {
    const many = appendRawRevisions(signed, 1200, (_num, i) => `<< /Marker ${i} >>`);
    const r = await validate(many);
    expect(r.revisions).to.be.greaterThan(1200);
    const s = r.signatures[0];
    expect(s.intact).to.equal(true);
    expect(s.indication).to.equal('TOTAL_FAILED');
    expect(s.modifications.changes.some((c) => /too many revisions/.test(c.detail))).to.equal(true);
  });

  it('a later revision re-pointing /Root to a self-referencing object: no crash, OTHER', async () => {
    const hostile = appendRawRevisions(signed, 1, (num) => `[${num} 0 R]`);
    const text = hostile.toString('latin1');
    const lastRoot = text.lastIndexOf('/Root ');
    const num = PdfReader.open(signed).size;
    const patched =
      text.slice(0, lastRoot) +
      `/Root ${num} 0 R`.padEnd(text.indexOf(' /Prev', lastRoot) - lastRoot, ' ') +
      text.slice(text.indexOf(' /Prev', lastRoot));
    let result;
    try {
      result = await validate(Buffer.from(patched, 'latin1'));
    } catch (e) {
      expect((e as { code?: string }).code).to.equal('VALIDATION_UNREADABLE');
      return;
    }
    for (const s of result.signatures) expect(s.indication).to.not.equal('TOTAL_PASSED');
  });

  it('an absurd /ByteRange (beyond the file, negative, not integers) is FORMAT_FAILURE', async () => {
    for (const forged of ['[0 99999999999 99999999999 1]', '[0 -5 10 10]', '[0 1.5 2 3]', '[5 10 20 30]']) {
      const text = signed.toString('latin1');
      const m = /\/ByteRange\s*\[[^\]]*\]/.exec(text)!;
      const replacement = ('/ByteRange ' + forged).padEnd(m[0].length, ' ');
      if (replacement.length > m[0].length) continue;
      const copy = Buffer.from(
        text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length),
        'latin1',
      );
      const r = await validate(copy);
      expect(r.signatures[0], forged).to.deep.include({
        indication: 'TOTAL_FAILED',
        subIndication: 'FORMAT_FAILURE',
      });
    }
  });
});
