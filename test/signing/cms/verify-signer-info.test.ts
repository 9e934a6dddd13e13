import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPadesSignedData } from '../../../signing/cms/build-pades-signed-data';
import { parseSignedData } from '../../../signing/cms/parse-signed-data';
import { verifySignerInfo } from '../../../signing/cms/verify-signer-info';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';

describe('signing/cms verifySignerInfo', () => {
  const content = Buffer.from('nội dung');
  const digest = crypto.createHash('sha256').update(content).digest();

  async function signed(keySpec: 'rsa-2048' | 'ec-p256' = 'rsa-2048') {
    const pki = await testPki(keySpec);
    const signer = Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => PKI_TIME,
    });
    return {
      pki,
      cms: await buildPadesSignedData({ messageDigest: digest, digestAlgorithm: 'sha256', signer }),
    };
  }

  it('reports an intact signature: digest, content type, signature and ESS certificate all match', async () => {
    for (const keySpec of ['rsa-2048', 'ec-p256'] as const) {
      const { pki, cms } = await signed(keySpec);
      const parsed = parseSignedData(cms);
      const check = verifySignerInfo(parsed, parsed.signerInfos[0], digest);
      expect(check).to.deep.include({
        messageDigestMatches: true,
        contentTypeMatches: true,
        signatureValid: true,
        signingCertificate: 'match',
        algorithmUnsupported: false,
      });
      expect(check.signerCertificate?.equals(pki.leader.certificate)).to.equal(true);
    }
  });

  it('notices other content, a flipped bit in the signed attributes, and a substituted certificate', async () => {
    const { pki, cms } = await signed();
    const parsed = parseSignedData(cms);
    const other = crypto.createHash('sha256').update('khác').digest();
    expect(verifySignerInfo(parsed, parsed.signerInfos[0], other).messageDigestMatches).to.equal(false);

    const si = parsed.signerInfos[0];
    const tampered = Buffer.from(cms);
    const at = tampered.indexOf(si.messageDigest!);
    tampered[at] ^= 1;
    const t = parseSignedData(tampered);
    const check = verifySignerInfo(t, t.signerInfos[0], digest);
    expect(check.signatureValid).to.equal(false);
    expect(check.messageDigestMatches).to.equal(false);

    // The same SignerInfo checked against a look-alike certificate with the same issuer and serial
    // but another key: the signature fails and ESS signing-certificate-v2 does not match.
    const noCerts = { ...parsed, certificates: [] };
    const forged = verifySignerInfo(noCerts, si, digest, [pki.organisation.certificate]);
    expect(forged.signerCertificate).to.equal(null);
    expect(forged.signatureValid).to.equal(false);
    expect(forged.signingCertificate).to.equal('mismatch');
  });

  it('evaluates a corpus signature from a foreign PKI: intact signature, ESS v1 or v2 named', () => {
    const pdf = readFileSync(
      path.join(__dirname, '../../fixtures/corpus/pyhanko/pades-with-old-style-signing-cert-attr.pdf'),
    );
    const hex = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(pdf.toString('latin1'))![1];
    const parsed = parseSignedData(Buffer.from(hex, 'hex'));
    const si = parsed.signerInfos[0];
    const check = verifySignerInfo(parsed, si, si.messageDigest!);
    expect(check.signatureValid).to.equal(true);
    expect(si.signingCertificate ?? si.signingCertificateV2).to.not.equal(undefined);
    expect(check.signingCertificate).to.equal('match');
  });
});
