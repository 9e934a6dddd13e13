import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { OID } from '../../../signing/cms/oids';
import { parseSignedData } from '../../../signing/cms/parse-signed-data';
import { Certificate } from '../../../signing/pki/certificate';
import { isCodedError } from '../../../signing/errors';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');

/** Every /Contents hex string of the signature dictionaries of a PDF (no PDF parser needed here). */
function signatureContents(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  return [
    ...text.matchAll(
      /\/ByteRange\s*\[[^\]]*\][^<]*?\/Contents\s*<([0-9a-fA-F\s]+)>|\/Contents\s*<([0-9a-fA-F\s]{200,})>/g,
    ),
  ].map((m) => Buffer.from((m[1] ?? m[2]).replace(/\s+/g, ''), 'hex'));
}

describe('signing/cms parseSignedData', () => {
  const files = [
    ...['signed-once.pdf', 'signed-twice.pdf', 'incrementally_signed.pdf'].map((f) =>
      path.join(CORPUS, 'node-signpdf', f),
    ),
    ...readdirSync(path.join(CORPUS, 'pyhanko'))
      .filter((f) => /^(minimal-signed-twice|pades-lta|sig-)/.test(f) && f.endsWith('.pdf'))
      .map((f) => path.join(CORPUS, 'pyhanko', f)),
  ];

  for (const file of files) {
    it(`reads the signatures of ${path.basename(file)} from the corpus: signer, digest, certificates`, () => {
      const contents = signatureContents(readFileSync(file));
      expect(contents.length).to.be.greaterThan(0);
      for (const der of contents) {
        const parsed = parseSignedData(der); // zero padding after the ContentInfo is ignored
        expect(parsed.signerInfos).to.have.length(1);
        const si = parsed.signerInfos[0];
        expect(si.signature.length).to.be.greaterThan(60);
        if (parsed.encapsulatedContentType === OID.tstInfo) continue; // a document timestamp
        if (si.signedAttributesDer) expect(si.messageDigest?.length).to.be.oneOf([20, 32, 48, 64]);
        else expect(si.messageDigest).to.equal(undefined); // sig-no-signed-attrs: signature over the content
        const certs = parsed.certificates.map((c) => Certificate.fromDer(c));
        if (si.sid.kind === 'issuerAndSerialNumber') {
          const sid = si.sid;
          const signerCert = certs.find(
            (c) => c.serialNumber === sid.serialNumber && c.issuerDer.equals(sid.issuerDer),
          );
          expect(signerCert, 'the signer certificate is embedded').to.not.equal(undefined);
        }
      }
    });
  }

  it('turns random bytes, truncations and bit flips into CMS_MALFORMED, never another exception', async () => {
    const sample = signatureContents(readFileSync(path.join(CORPUS, 'node-signpdf', 'signed-once.pdf')))[0];
    const real = sample.subarray(0, sample.readUInt16BE(2) + 4);
    const check = (bytes: Buffer) => {
      try {
        parseSignedData(bytes);
      } catch (e) {
        if (!isCodedError(e) || e.code !== 'CMS_MALFORMED') throw e;
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => check(Buffer.from(b))),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat(real.length - 1), fc.nat(255), (pos, value) => {
        const copy = Buffer.from(real);
        copy[pos] = value;
        check(copy);
        check(real.subarray(0, pos));
      }),
      { numRuns: 3000 },
    );
    expect(() => parseSignedData(Buffer.from('3080', 'hex')))
      .to.throw()
      .with.property('code', 'CMS_MALFORMED');
  });
});
