import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Certificate } from '../../../signing/pki/certificate';
import { isCodedError } from '../../../signing/errors';
import { openssl } from './dev-pki-fixture';

const TRUST = path.join(__dirname, '../../fixtures/trust');

describe('signing/pki Certificate', () => {
  it('reads the Vietnamese trust anchors with the fingerprints their README pins, names intact', () => {
    const readme = readFileSync(`${TRUST}/README.md`, 'utf8');
    const rows = [...readme.matchAll(/^\| (\S+\.pem) \|.*`([0-9a-f]{64})` \|$/gm)];
    expect(rows).to.have.length(4);
    for (const [, file, sha256] of rows) {
      const cert = Certificate.from(readFileSync(`${TRUST}/${file}`, 'utf8'));
      expect(cert.fingerprint('sha256').toString('hex'), file).to.equal(sha256);
    }
    const root = Certificate.from(readFileSync(`${TRUST}/vgca-rootca-g2.pem`, 'utf8'));
    expect(root.commonName).to.equal('RootCA chuyên dùng Chính phủ G2');
    expect(root.subjectValue('O')).to.equal('Ban Cơ yếu Chính phủ');
    expect(root.isSelfIssued).to.equal(true);
    expect(root.isCA).to.equal(true);
    expect(root.isSignedBy(root)).to.equal(true);
    const ca = Certificate.from(readFileSync(`${TRUST}/vgca-ca-g2-state-agencies.pem`, 'utf8'));
    expect(ca.isIssuedBy(root)).to.equal(true);
    expect(ca.isValidAt(new Date('2030-01-01Z'))).to.equal(true);
    expect(ca.isValidAt(new Date('2017-01-01Z'))).to.equal(false);
  });

  it('agrees with openssl on serial, validity and key usage', async () => {
    const file = `${TRUST}/vnpt-ca-sha2.pem`;
    const cert = Certificate.from(readFileSync(file, 'utf8'));
    const r = await openssl(['x509', '-in', file, '-noout', '-serial', '-enddate', '-ext', 'keyUsage']);
    expect(r.out).to.contain(`serial=${cert.serialHex}`);
    const end = /notAfter=(.*)/.exec(r.out)![1];
    expect(new Date(end).getTime()).to.equal(cert.notAfter.getTime());
    expect(cert.keyUsage).to.include.members(['keyCertSign', 'cRLSign']);
    expect(r.out).to.match(/Certificate Sign/);
  });

  it('reads a PEM bundle in order and throws CERT_MALFORMED, only, on damaged input', () => {
    const bundle = ['vgca-rootca-g2.pem', 'vnpt-ca-sha2.pem']
      .map((f) => readFileSync(`${TRUST}/${f}`, 'utf8'))
      .join('\n');
    expect(Certificate.parseAll(bundle).map((c) => c.commonName)).to.deep.equal([
      'RootCA chuyên dùng Chính phủ G2',
      'VNPT-CA SHA2',
    ]);
    const der = Certificate.from(bundle).der;
    fc.assert(
      fc.property(fc.nat(der.length - 1), fc.nat(255), (pos, value) => {
        const copy = Buffer.from(der);
        copy[pos] = value;
        for (const input of [copy, der.subarray(0, pos)]) {
          try {
            const c = Certificate.fromDer(input);
            void [c.keyUsage, c.extendedKeyUsage, c.crlDistributionPoints, c.ocspUrls, c.subject];
          } catch (e) {
            if (!isCodedError(e) || !['CERT_MALFORMED', 'ASN1_MALFORMED'].includes(e.code)) throw e;
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
