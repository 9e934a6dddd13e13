import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPadesSignedData } from '../../../../signing/cms/build-pades-signed-data';
import { parseSignedData } from '../../../../signing/cms/parse-signed-data';
import { Pkcs11Signer, Pkcs11SignerOptions } from '../../../../signing/sign/signers/pkcs11-signer';
import { PKI_TIME, attime, openssl, tempDir, testPki } from '../../pki/dev-pki-fixture';
import { SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, importKey, softHsmToken } from './softhsm-fixture';

describe('signing/sign/signers Pkcs11Signer (SoftHSM2)', () => {
  const clock = () => PKI_TIME;
  const base: Pkcs11SignerOptions = {
    modulePath: SOFTHSM_MODULE,
    tokenLabel: TOKEN_LABEL,
    pin: USER_PIN,
    clock,
  };
  const opened: Pkcs11Signer[] = [];
  const open = (o: Partial<Pkcs11SignerOptions>) => {
    const s = Pkcs11Signer.open({ ...base, ...o });
    opened.push(s);
    return s;
  };
  let dir: string;
  before(async () => {
    softHsmToken();
    dir = tempDir('p11');
    const rsa = await testPki();
    const ec = await testPki('ec-p256');
    importKey(rsa.organisation.key, rsa.organisation.certificate, 'seal', 'b2');
    importKey(ec.leader.key, ec.leader.certificate, 'leader-ec', 'c3');
  });
  after(async () => {
    for (const s of opened) await s.close();
  });

  async function verifies(cms: Buffer, content: Buffer, rootPem: string) {
    writeFileSync(path.join(dir, 'c.bin'), content);
    writeFileSync(path.join(dir, 's.p7s'), cms);
    writeFileSync(path.join(dir, 'root.pem'), rootPem);
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
      '-CAfile',
      path.join(dir, 'root.pem'),
      '-purpose',
      'any',
      ...attime(),
      '-out',
      '/dev/null',
    ]);
    return r.out;
  }

  const content = Buffer.from('Con dấu của cơ quan');

  it('reads the certificate stored next to the key and signs RSA PKCS#1, RSA-PSS and ECDSA that openssl verifies', async () => {
    const rsa = await testPki();
    const ec = await testPki('ec-p256');
    const seal = open({ keyLabel: 'seal', chain: rsa.organisation.chain });
    expect(seal.certificate.equals(rsa.organisation.certificate)).to.equal(true);
    const pss = open({ keyId: 'b2', chain: rsa.organisation.chain, rsaScheme: 'rsa-pss' });
    const ecdsa = open({ keyLabel: 'leader-ec', chain: ec.leader.chain });
    for (const [signer, root, alg, hash] of [
      [seal, rsa.root.certificate, 'rsa-pkcs1', 'sha256'],
      [pss, rsa.root.certificate, 'rsa-pss', 'sha256'],
      [pss, rsa.root.certificate, 'rsa-pss', 'sha512'],
      [ecdsa, ec.root.certificate, 'ecdsa', 'sha256'],
      [ecdsa, ec.root.certificate, 'ecdsa', 'sha384'],
    ] as const) {
      const cms = await buildPadesSignedData({
        messageDigest: crypto.createHash(hash).update(content).digest(),
        digestAlgorithm: hash,
        signer,
      });
      expect(parseSignedData(cms).signerInfos[0].signatureAlgorithm).to.deep.include({ scheme: alg, hash });
      expect(await verifies(cms, content, root.toPem()), `${alg} ${hash}`).to.contain(
        'Verification successful',
      );
    }
  });

  it('serialises concurrent signatures on its one session: all of them verify', async () => {
    const ec = await testPki('ec-p256');
    const signer = open({ keyLabel: 'leader-ec', chain: ec.leader.chain });
    const data = Array.from({ length: 12 }, (_, i) => Buffer.from(`tài liệu ${i}`));
    const sigs = await Promise.all(data.map((d) => signer.sign(d, { scheme: 'ecdsa', hash: 'sha256' })));
    sigs.forEach((sig, i) => {
      expect(
        crypto.verify('sha256', data[i], { key: ec.leader.certificate.publicKey, dsaEncoding: 'der' }, sig),
      ).to.equal(true);
    });
  });

  it('fails with coded errors for an unknown token, a wrong PIN, an unknown key, and an expired certificate', () => {
    const code = (o: Partial<Pkcs11SignerOptions>) => {
      try {
        open(o);
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'opened';
    };
    expect(code({ tokenLabel: 'No such token', keyLabel: 'seal' })).to.equal('PKCS11_TOKEN_NOT_FOUND');
    expect(code({ pin: '000000', keyLabel: 'seal' })).to.equal('PKCS11_LOGIN_FAILED');
    expect(code({ keyLabel: 'nobody' })).to.equal('PKCS11_KEY_NOT_FOUND');
    expect(code({})).to.equal('SIGNER_CONFIG_INVALID');
    expect(code({ keyLabel: 'seal', clock: () => new Date('2040-01-01Z') })).to.equal('CERT_EXPIRED');
  });
});
