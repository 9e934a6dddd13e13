import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Pkcs11Signer } from '../../../../signing/sign/signers/pkcs11-signer';
import { Pkcs12Signer } from '../../../../signing/sign/signers/pkcs12-signer';
import { SignerFactory } from '../../../../signing/sign/signers/signer-factory';
import { PKI_TIME, tempDir, testPki } from '../../pki/dev-pki-fixture';
import { SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, importKey, softHsmToken } from './softhsm-fixture';

describe('signing/sign/signers SignerFactory', () => {
  it('creates each configured signer once, from a PKCS#12 path, inline PKCS#12 or a PKCS#11 token', async () => {
    const pki = await testPki();
    softHsmToken();
    importKey(pki.leader.key, pki.leader.certificate, 'factory-leader', 'd4');
    const dir = tempDir('factory');
    writeFileSync(path.join(dir, 'seal.p12'), pki.organisation.pkcs12);
    const factory = new SignerFactory(
      {
        seal: { type: 'pkcs12', path: path.join(dir, 'seal.p12'), password: pki.organisation.password },
        leader: {
          type: 'pkcs12',
          base64: pki.leader.pkcs12.toString('base64'),
          password: pki.leader.password,
          rsaScheme: 'rsa-pss',
        },
        token: {
          type: 'pkcs11',
          modulePath: SOFTHSM_MODULE,
          tokenLabel: TOKEN_LABEL,
          pin: USER_PIN,
          keyId: 'd4',
          chainPem: pki.issuingCa.certificate.toPem(),
        },
      },
      { clock: () => PKI_TIME },
    );
    try {
      const seal = await factory.get('seal');
      expect(seal).to.be.instanceOf(Pkcs12Signer);
      expect(await factory.get('seal')).to.equal(seal);
      expect(seal.certificate.equals(pki.organisation.certificate)).to.equal(true);
      expect((await factory.get('leader')).signatureAlgorithm('sha256').scheme).to.equal('rsa-pss');
      const token = await factory.get('token');
      expect(token).to.be.instanceOf(Pkcs11Signer);
      expect(token.chain.map((c) => c.commonName)).to.deep.equal(['VanBan Development Issuing CA']);
      const sig = await token.sign(Buffer.from('x'), { scheme: 'rsa-pkcs1', hash: 'sha256' });
      expect(crypto.verify('sha256', Buffer.from('x'), pki.leader.certificate.publicKey, sig)).to.equal(true);
    } finally {
      await factory.close();
    }
  });

  it('reports an absent or malformed configuration as SIGNER_CONFIG_INVALID with the issues', async () => {
    const factory = new SignerFactory({
      broken: { type: 'pkcs12', password: 'x' },
      p11: { type: 'pkcs11', modulePath: '/x.so', tokenLabel: 'T', pin: '1' },
      odd: { type: 'smartcard' },
    });
    for (const name of ['missing', 'broken', 'p11', 'odd']) {
      const err = await factory.get(name).catch((e) => e);
      expect(err.code, name).to.equal('SIGNER_CONFIG_INVALID');
    }
    const err = await factory.get('broken').catch((e) => e);
    expect(err.details.issues.join()).to.contain('exactly one of path and base64');
  });
});
