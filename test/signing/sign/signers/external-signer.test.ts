import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSignedData } from '../../../../signing/cms/parse-signed-data';
import { DevTimestampClient } from '../../../../signing/pki/dev-timestamp-client';
import { ExternalSigner, PreparedExternalSignature } from '../../../../signing/sign/signers/external-signer';
import { PKI_TIME, attime, openssl, tempDir, testPki } from '../../pki/dev-pki-fixture';

describe('signing/sign/signers ExternalSigner (two-step)', () => {
  const content = Buffer.from('Văn bản ký từ xa');
  const messageDigest = crypto.createHash('sha256').update(content).digest();
  let now = PKI_TIME;
  const clock = () => now;
  beforeEach(() => {
    now = PKI_TIME;
  });

  it('survives a JSON round trip between the steps and yields a CMS that openssl verifies', async () => {
    const pki = await testPki();
    const prepared = new ExternalSigner({ clock }).prepare({
      messageDigest,
      digestAlgorithm: 'sha256',
      signerCertificate: pki.leader.certificate,
    });
    expect(Buffer.from(prepared.digest, 'base64')).to.deep.equal(
      crypto.createHash('sha256').update(Buffer.from(prepared.dataToSign, 'base64')).digest(),
    );
    expect(prepared.expiresAt).to.equal(new Date(PKI_TIME.getTime() + 300_000).toISOString());
    const stored: PreparedExternalSignature = JSON.parse(JSON.stringify(prepared));
    // "after a restart": a new ExternalSigner instance finishes it
    now = new Date(PKI_TIME.getTime() + 60_000);
    const signature = crypto.sign('sha256', Buffer.from(stored.dataToSign, 'base64'), pki.leader.key);
    const cms = await new ExternalSigner({ clock }).complete(
      stored,
      signature,
      [pki.leader.certificate, ...pki.leader.chain],
      {
        timestampClient: new DevTimestampClient(pki.timestampAuthority, clock),
      },
    );
    expect(parseSignedData(cms).signerInfos[0].signatureTimestampTokens).to.have.length(1);
    expect(parseSignedData(cms).certificates).to.have.length(3);
    const dir = tempDir('ext');
    writeFileSync(path.join(dir, 'c.bin'), content);
    writeFileSync(path.join(dir, 's.p7s'), cms);
    writeFileSync(path.join(dir, 'root.pem'), pki.root.certificate.toPem());
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
    expect(r.out).to.contain('Verification successful');
  });

  it('accepts an ECDSA signature in WebCrypto r‖s form as well as DER', async () => {
    const pki = await testPki('ec-p256');
    const signer = new ExternalSigner({ clock });
    const prepared = signer.prepare({
      messageDigest,
      digestAlgorithm: 'sha256',
      signerCertificate: pki.leader.certificate,
    });
    const tbs = Buffer.from(prepared.dataToSign, 'base64');
    const raw = crypto.sign('sha256', tbs, { key: pki.leader.key, dsaEncoding: 'ieee-p1363' });
    expect(raw).to.have.length(64);
    const cms = await signer.complete(prepared, raw, pki.leader.chain);
    const sig = parseSignedData(cms).signerInfos[0].signature;
    expect(sig[0]).to.equal(0x30);
    expect(
      crypto.verify('sha256', tbs, { key: pki.leader.certificate.publicKey, dsaEncoding: 'der' }, sig),
    ).to.equal(true);
  });

  it('refuses a signature by another key, an expired preparation and a tampered one', async () => {
    const pki = await testPki();
    const signer = new ExternalSigner({ clock, ttlSeconds: 120 });
    const prepared = signer.prepare({
      messageDigest,
      digestAlgorithm: 'sha256',
      signerCertificate: pki.leader.certificate,
    });
    const tbs = Buffer.from(prepared.dataToSign, 'base64');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'completed',
        (e) => e.code,
      );
    expect(await code(signer.complete(prepared, crypto.sign('sha256', tbs, pki.organisation.key)))).to.equal(
      'EXTERNAL_SIGNATURE_INVALID',
    );
    expect(await code(signer.complete(prepared, Buffer.alloc(256)))).to.equal('EXTERNAL_SIGNATURE_INVALID');
    const good = crypto.sign('sha256', tbs, pki.leader.key);
    now = new Date(PKI_TIME.getTime() + 121_000);
    expect(await code(signer.complete(prepared, good))).to.equal('PREPARED_SIGNATURE_EXPIRED');
    now = PKI_TIME;
    const swapped = { ...prepared, signerCertificate: pki.organisation.certificate.der.toString('base64') };
    expect(await code(signer.complete(swapped, crypto.sign('sha256', tbs, pki.organisation.key)))).to.equal(
      'PREPARED_SIGNATURE_INVALID',
    );
    expect(await code(signer.complete({ ...prepared, dataToSign: 'AAAA' }, good))).to.equal(
      'PREPARED_SIGNATURE_INVALID',
    );
    expect(await code(signer.complete(prepared, good))).to.equal('completed');
  });

  it('refuses to prepare for an expired certificate', async () => {
    const pki = await testPki();
    now = new Date(pki.leader.certificate.notAfter.getTime() + 1);
    expect(() =>
      new ExternalSigner({ clock }).prepare({
        messageDigest,
        digestAlgorithm: 'sha256',
        signerCertificate: pki.leader.certificate,
      }),
    )
      .to.throw()
      .with.property('code', 'CERT_EXPIRED');
  });
});
