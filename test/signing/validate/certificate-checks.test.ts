import { expect } from 'chai';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bitString, sequence } from '../../../signing/cms/der';
import { Certificate } from '../../../signing/pki/certificate';
import { issueCertificate } from '../../../signing/pki/issue-certificate';
import { isCertificateSignedBy } from '../../../signing/validate/certificate-signature-check';
import { VerificationCache } from '../../../signing/validate/verification-cache';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';

const DAY = 86_400_000;

function selfSigned(
  key: { publicKey: crypto.KeyObject; privateKey: crypto.KeyObject },
  signatureAlgorithm?: Parameters<typeof issueCertificate>[0]['signatureAlgorithm'],
): Certificate {
  return issueCertificate({
    subject: [['CN', 'Kiểm thử khoá']],
    publicKey: key.publicKey,
    signingKey: key.privateKey,
    serialNumber: 7n,
    notBefore: PKI_TIME,
    notAfter: new Date(PKI_TIME.getTime() + DAY),
    ca: {},
    keyUsage: ['keyCertSign', 'cRLSign'],
    signatureAlgorithm,
  });
}

/** The DER with one byte of the TBSCertificate flipped (inside the validity dates). */
function tampered(c: Certificate): Certificate {
  const der = Buffer.from(c.der);
  const at = der.indexOf(c.tbsDer) + c.tbsDer.length - 40;
  der[at] ^= 0x01;
  return Certificate.fromDer(der);
}

describe('signing/validate certificate checks without OpenSSL X509 objects', () => {
  it('verifies RSA-PSS-keyed certificates (their keys imported by OpenSSL’s decoder)', () => {
    const kp = crypto.generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
    });
    const cert = selfSigned(kp, { scheme: 'rsa-pss', hash: 'sha256' });
    expect(cert.publicKey.asymmetricKeyType).to.equal('rsa-pss');
    expect(isCertificateSignedBy(cert, cert)).to.equal(true);
  });

  it('agrees with OpenSSL’s X509_verify on the development PKI, on tampered certificates and on foreign corpus certificates', async () => {
    const pki = await testPki();
    const ec = await testPki('ec-p256');
    const certs = [pki, ec].flatMap((p) => [
      p.root.certificate,
      p.issuingCa.certificate,
      p.leader.certificate,
      p.organisation.certificate,
      p.timestampAuthority.certificate,
    ]);
    const corpus = Certificate.parseAll(
      // A real anchor the repository ships (signing/pki/trust/roots).
      fs.readFileSync(path.join(__dirname, '../../../signing/pki/trust/roots/vgca-ca-g2-state-agencies.pem')),
    );
    const all = [...certs, ...certs.map(tampered), ...corpus];
    let agreed = 0;
    for (const child of all)
      for (const parent of all) {
        const fresh = [Certificate.fromDer(child.der), Certificate.fromDer(parent.der)] as const;
        const expected = fresh[0].isSignedBy(fresh[1]);
        expect(isCertificateSignedBy(child, parent), `${child.subject} ← ${parent.subject}`).to.equal(
          expected,
        );
        if (expected) agreed++;
      }
    // root ← root, CA ← root, leaf ← CA for both key types, and the corpus anchor ← itself.
    expect(agreed).to.be.at.least(2 * 5 + 1);
  });

  it('refuses a certificate whose TBS signature field differs from the outer signatureAlgorithm (RFC 5280 §4.1.1.2)', async () => {
    const pki = await testPki();
    // The TBS says sha384WithRSAEncryption, the outer field sha256WithRSAEncryption, and the value
    // is a valid SHA-256 signature by the issuing CA over that TBS: only the mismatch is wrong.
    const sha256WithRsa = Buffer.from('06092a864886f70d01010b', 'hex');
    const tbs = Buffer.from(pki.leader.certificate.tbsDer);
    const at = tbs.indexOf(sha256WithRsa);
    tbs[at + 10] = 0x0c;
    const value = crypto.sign('sha256', tbs, pki.issuingCa.key);
    const outer = sequence(sha256WithRsa, Buffer.from([0x05, 0x00]));
    const mixed = Certificate.fromDer(sequence(tbs, sequence(outer.subarray(2)), bitString(value)));
    expect(mixed.isSignedBy(pki.issuingCa.certificate), 'OpenSSL').to.equal(false);
    expect(isCertificateSignedBy(mixed, pki.issuingCa.certificate)).to.equal(false);
    // The same bytes with matching fields verify.
    const matching = Certificate.fromDer(
      sequence(
        pki.leader.certificate.tbsDer,
        sequence(sha256WithRsa, Buffer.from([0x05, 0x00])),
        bitString(crypto.sign('sha256', pki.leader.certificate.tbsDer, pki.issuingCa.key)),
      ),
    );
    expect(isCertificateSignedBy(matching, pki.issuingCa.certificate)).to.equal(true);
  });

  it('hands the same instance for the same DER, and null for malformed bytes', async () => {
    const pki = await testPki();
    const cache = new VerificationCache();
    const a = cache.certificate(pki.leader.certificate.der);
    expect(cache.certificate(Buffer.from(pki.leader.certificate.der))).to.equal(a);
    expect(cache.canonical(Certificate.fromDer(pki.leader.certificate.der))).to.equal(a);
    const anchor = Certificate.fromDer(pki.root.certificate.der);
    expect(cache.canonical(anchor)).to.equal(anchor);
    expect(cache.certificate(pki.root.certificate.der)).to.equal(anchor);
    expect(cache.certificate(Buffer.from('3003020101', 'hex'))).to.equal(null);
    expect(cache.crl(Buffer.from('3003020101', 'hex'))).to.equal(null);
    expect(cache.ocsp(Buffer.from('3003020101', 'hex'))).to.equal(null);
  });
});
