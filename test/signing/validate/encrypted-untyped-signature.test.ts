/**
 * Issue 9 item 5: in an encrypted PDF, a signature dictionary without /Type /Sig (the key is
 * optional, ISO 32000-2 §12.8.1) keeps its /Contents unencrypted (§7.6.2): the validator must not
 * decrypt it, or an intact signature becomes FORMAT_FAILURE.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PdfReader } from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);
const CORPUS = path.join(__dirname, '../../fixtures/corpus/pyhanko');

describe('signing/validate encrypted documents, signature dictionaries without /Type (issue 9 item 5)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
  });

  // pyHanko's AES-256 (R6) and RC4 test files, opened with their user password.
  for (const file of ['minimal-aes256.pdf', 'minimal-rc4.pdf'])
    it(`${file}: signed without /Type /Sig, the signature is intact and TOTAL_PASSED`, async () => {
      const signed = await signPdf(readFileSync(path.join(CORPUS, file)), {
        identity: pki.leader,
        fieldName: 'lanh_dao',
        crls,
        password: 'usersecret',
        omitType: true,
      });
      const reader = PdfReader.open(signed, { password: 'usersecret' });
      const sig = reader.acroForm().signatureFields[0].signature!;
      expect(sig.type, 'the dictionary has no /Type').to.equal(undefined);
      expect(reader.isEncrypted).to.equal(true);

      const r = await validatePdf(signed, {
        trustAnchors: [pki.root.certificate],
        at: AT,
        password: 'usersecret',
      });
      const [s] = r.signatures;
      expect(s.structure.gapIsContents, s.reasons.join('; ')).to.equal(true);
      expect(s.intact).to.equal(true);
      expect(s.indication, s.reasons.join('; ')).to.equal('TOTAL_PASSED');
    });
});
