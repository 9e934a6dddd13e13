import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPadesSignedData } from '../../../../signing/cms/build-pades-signed-data';
import { writePkcs12 } from '../../../../signing/pki/write-pkcs12';
import { Pkcs12Signer } from '../../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME, openssl, tempDir, testPki } from '../../pki/dev-pki-fixture';

const CORPUS = path.join(__dirname, '../../../fixtures/corpus/node-signpdf');
const corpus = (f: string) => readFileSync(path.join(CORPUS, f));
const IN_2018 = () => new Date('2018-10-01T00:00:00Z');

describe('signing/sign/signers Pkcs12Signer', () => {
  it('reads the legacy RC2/3DES, SHA-1-MAC files of the corpus (empty password and "node-signpdf")', () => {
    const a = Pkcs12Signer.fromBuffer(corpus('certificate.p12'), '', { clock: IN_2018 });
    expect(a.certificate.commonName).to.equal('signpdf');
    const b = Pkcs12Signer.fromBuffer(corpus('withpass.p12'), 'node-signpdf', { clock: IN_2018 });
    expect(b.certificate.commonName).to.equal('SignPdf');
    expect(b.signatureAlgorithm('sha256')).to.deep.equal({ scheme: 'rsa-pkcs1', hash: 'sha256' });
  });

  it('keeps the exact certificate DER of the file (same fingerprint as openssl reads)', async () => {
    const signer = Pkcs12Signer.fromBuffer(corpus('certificate.p12'), '', { clock: IN_2018 });
    const dir = tempDir('p12');
    const pem = path.join(dir, 'c.pem');
    const r = await openssl([
      'pkcs12',
      '-legacy',
      '-in',
      path.join(CORPUS, 'certificate.p12'),
      '-passin',
      'pass:',
      '-nokeys',
      '-clcerts',
      '-out',
      pem,
    ]);
    expect(r.code, r.out).to.equal(0);
    const fp = await openssl(['x509', '-in', pem, '-noout', '-fingerprint', '-sha256']);
    expect(fp.out).to.contain(signer.certificate.fingerprintHex('sha256'));
  });

  it('orders the chain of bundle.p12 from the issuing CA to the root, extra certificates last', () => {
    const signer = Pkcs12Signer.fromBuffer(corpus('bundle.p12'), '', {
      clock: () => new Date('2019-06-01Z'),
    });
    expect(signer.certificate.commonName).to.equal('3.example.com');
    expect(signer.chain.map((c) => c.commonName)).to.deep.equal([
      'Interm.',
      'Root-ca',
      '1.example.com',
      '2.example.com',
    ]);
  });

  it('signs with a corpus key a CMS that openssl verifies', async () => {
    const signer = Pkcs12Signer.fromBuffer(corpus('certificate.p12'), '', { clock: IN_2018 });
    const content = Buffer.from('ký bằng khóa cũ');
    const cms = await buildPadesSignedData({
      messageDigest: crypto.createHash('sha256').update(content).digest(),
      digestAlgorithm: 'sha256',
      signer,
    });
    const dir = tempDir('p12cms');
    writeFileSync(path.join(dir, 'c.bin'), content);
    writeFileSync(path.join(dir, 's.p7s'), cms);
    const r = await openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 's.p7s'),
      '-content',
      path.join(dir, 'c.bin'),
      '-noverify',
      '-out',
      '/dev/null',
    ]);
    expect(r.out).to.contain('Verification successful');
  });

  it('reads OpenSSL 3 files (PBES2 AES-256, SHA-256 MAC) written by openssl itself, with a Vietnamese password', async () => {
    const pki = await testPki();
    const dir = tempDir('p12ossl');
    writeFileSync(path.join(dir, 'key.pem'), pki.leader.key.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(path.join(dir, 'cert.pem'), pki.leader.certificate.toPem());
    writeFileSync(
      path.join(dir, 'chain.pem'),
      pki.issuingCa.certificate.toPem() + pki.root.certificate.toPem(),
    );
    const out = path.join(dir, 'o.p12');
    const r = await openssl([
      'pkcs12',
      '-export',
      '-inkey',
      path.join(dir, 'key.pem'),
      '-in',
      path.join(dir, 'cert.pem'),
      '-certfile',
      path.join(dir, 'chain.pem'),
      '-passout',
      'pass:Mật khẩu-ký số',
      '-out',
      out,
    ]);
    expect(r.code, r.out).to.equal(0);
    const signer = Pkcs12Signer.fromBuffer(readFileSync(out), 'Mật khẩu-ký số', { clock: () => PKI_TIME });
    expect(signer.certificate.equals(pki.leader.certificate)).to.equal(true);
    expect(signer.chain).to.have.length(2);
    const err = (() => {
      try {
        Pkcs12Signer.fromBuffer(readFileSync(out), 'Mat khau-ky so', { clock: () => PKI_TIME });
      } catch (e) {
        return e;
      }
    })();
    expect(err).to.have.property('code', 'P12_BAD_PASSWORD');
  });

  it('refuses a wrong password, an expired certificate, garbage and a key of another certificate with coded errors', async () => {
    const pki = await testPki();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => Pkcs12Signer.fromBuffer(corpus('withpass.p12'), 'wrong', { clock: IN_2018 }))).to.equal(
      'P12_BAD_PASSWORD',
    );
    expect(
      code(() =>
        Pkcs12Signer.fromBuffer(corpus('withpass.p12'), 'node-signpdf', {
          clock: () => new Date('2019-01-01Z'),
        }),
      ),
    ).to.equal('CERT_EXPIRED');
    expect(code(() => Pkcs12Signer.fromBuffer(Buffer.from('not a pkcs12 file'), ''))).to.equal(
      'P12_MALFORMED',
    );
    const mixed = writePkcs12({
      key: pki.organisation.key,
      certificate: pki.leader.certificate,
      password: 'x',
    });
    expect(code(() => Pkcs12Signer.fromBuffer(mixed, 'x', { clock: () => PKI_TIME }))).to.equal(
      'KEY_CERT_MISMATCH',
    );
    expect(
      code(() =>
        Pkcs12Signer.fromKey(pki.organisation.key, pki.leader.certificate, [], { clock: () => PKI_TIME }),
      ),
    ).to.equal('KEY_CERT_MISMATCH');
    const early = () => new Date(pki.leader.certificate.notBefore.getTime() - 1000);
    expect(
      code(() => Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, [], { clock: early })),
    ).to.equal('CERT_NOT_YET_VALID');
  });
});
