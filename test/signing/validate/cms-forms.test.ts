/**
 * Issue 9 items 3, 6, 8: CMS forms the validator must judge right — encapsulated content in a
 * detached signature, SHA-1 (weak, not changed bytes), EdDSA (RFC 8419).
 */
import { expect } from 'chai';
import { children, explicit, octetString, readTlv, sequence } from '../../../signing/cms/der';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PdfReader } from '../../../signing/pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** Replaces the CMS in the /Contents gap of the (only) signature with `rewrite(cms)`, zero-padded. */
function rewriteCms(pdf: Buffer, rewrite: (cms: Buffer) => Buffer): Buffer {
  const sig = PdfReader.open(pdf)
    .acroForm()
    .signatureFields.find((f) => f.signature)!.signature!;
  const [, a, b] = sig.byteRange!;
  const cms = readTlv(sig.contents!, 0).raw;
  const hex = rewrite(cms).toString('hex');
  const room = b - a - 2;
  if (hex.length > room) throw new Error('the new CMS does not fit the placeholder');
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(room, '0'), a + 1, 'latin1');
  return out;
}

/** ContentInfo{SignedData} with encapContentInfo replaced by `encap` (RFC 5652 §5.1). */
function withEncapsulatedContentInfo(cms: Buffer, encap: Buffer): Buffer {
  const [type, wrapped] = children(readTlv(cms, 0));
  const fields = children(children(wrapped)[0]);
  const parts = fields.map((f, i) => (i === 2 ? encap : f.raw));
  return sequence(type.raw, explicit(0, sequence(...parts)));
}

describe('signing/validate CMS forms (issue 9 items 3, 6, 8)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
  });

  const validate = (pdf: Buffer) => validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });

  it('the detached signature as signed passes (the rewrite keeps what it does not replace)', async () => {
    const same = rewriteCms(signed, (cms) => {
      const [, wrapped] = children(readTlv(cms, 0));
      return withEncapsulatedContentInfo(cms, children(children(wrapped)[0])[2].raw);
    });
    expect((await validate(same)).signatures[0].indication).to.equal('TOTAL_PASSED');
  });

  for (const [name, eContent] of [
    ['empty', Buffer.alloc(0)],
    ['holding other bytes', Buffer.from('noi dung khac')],
  ] as const)
    it(`item 3: an eContent (${name}) in an ETSI.CAdES.detached signature: TOTAL_FAILED / FORMAT_FAILURE`, async () => {
      const attacked = rewriteCms(signed, (cms) => {
        const [, wrapped] = children(readTlv(cms, 0));
        const encap = children(children(children(wrapped)[0])[2]);
        return withEncapsulatedContentInfo(cms, sequence(encap[0].raw, explicit(0, octetString(eContent))));
      });
      const s = (await validate(attacked)).signatures[0];
      expect(s.indication).to.equal('TOTAL_FAILED');
      expect(s.subIndication).to.equal('FORMAT_FAILURE');
      expect(s.reasons[0]).to.match(/eContent/);
    });
});
