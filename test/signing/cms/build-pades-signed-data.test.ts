import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DigestAlgorithm } from '../../../signing/cms/algorithms';
import { addSignatureTimestamp } from '../../../signing/cms/add-signature-timestamp';
import { assembleSignedData } from '../../../signing/cms/assemble-signed-data';
import { buildPadesSignedData } from '../../../signing/cms/build-pades-signed-data';
import { OID } from '../../../signing/cms/oids';
import { parseSignedData } from '../../../signing/cms/parse-signed-data';
import { prepareSignedAttributes } from '../../../signing/cms/prepare-signed-attributes';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { parseTstInfo } from '../../../signing/pki/timestamp-token';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME, attime, openssl, tempDir, testPki } from '../pki/dev-pki-fixture';

const CONTENT = Buffer.from('%PDF-1.7 … nội dung văn bản được ký … %%EOF');

describe('signing/cms buildPadesSignedData', () => {
  let dir: string;
  before(() => {
    dir = tempDir('cms');
  });
  const file = (name: string, data: Buffer | string) => {
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  async function opensslVerify(
    cms: Buffer,
    name: string,
    keySpec: 'rsa-2048' | 'ec-p256' | 'ec-p384',
    content = CONTENT,
  ) {
    const pki = await testPki(keySpec);
    return openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      file(`${name}.p7s`, cms),
      '-content',
      file(`${name}.bin`, content),
      '-CAfile',
      file(`root-${keySpec}.pem`, pki.root.certificate.toPem()),
      '-purpose',
      'any',
      ...attime(),
      '-out',
      '/dev/null',
    ]);
  }

  const cases: Array<{
    keySpec: 'rsa-2048' | 'ec-p256' | 'ec-p384';
    rsaScheme?: 'rsa-pkcs1' | 'rsa-pss';
    hash: DigestAlgorithm;
    expectOid: string;
  }> = [
    { keySpec: 'rsa-2048', rsaScheme: 'rsa-pkcs1', hash: 'sha256', expectOid: OID.sha256WithRSAEncryption },
    { keySpec: 'rsa-2048', rsaScheme: 'rsa-pkcs1', hash: 'sha512', expectOid: OID.sha512WithRSAEncryption },
    { keySpec: 'rsa-2048', rsaScheme: 'rsa-pss', hash: 'sha256', expectOid: OID.rsassaPss },
    { keySpec: 'rsa-2048', rsaScheme: 'rsa-pss', hash: 'sha384', expectOid: OID.rsassaPss },
    { keySpec: 'ec-p256', hash: 'sha256', expectOid: OID.ecdsaWithSha256 },
    { keySpec: 'ec-p384', hash: 'sha384', expectOid: OID.ecdsaWithSha384 },
  ];
  for (const c of cases) {
    it(`builds a detached SignedData that openssl cms -verify accepts: ${c.keySpec} ${c.rsaScheme ?? 'ecdsa'} ${c.hash}`, async () => {
      const pki = await testPki(c.keySpec);
      const signer = Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
        rsaScheme: c.rsaScheme,
        clock: () => PKI_TIME,
      });
      const messageDigest = crypto.createHash(c.hash).update(CONTENT).digest();
      const cms = await buildPadesSignedData({ messageDigest, digestAlgorithm: c.hash, signer });
      const name = `${c.keySpec}-${c.rsaScheme}-${c.hash}`;
      const r = await opensslVerify(cms, name, c.keySpec);
      expect(r.out, r.out).to.contain('Verification successful');
      const parsed = parseSignedData(cms);
      const si = parsed.signerInfos[0];
      expect(si.signatureAlgorithmOid).to.equal(c.expectOid);
      expect(si.signatureAlgorithm?.hash).to.equal(c.hash);
      expect(si.messageDigest).to.deep.equal(messageDigest);
      // …and the same CMS over other content fails: the verification above is not vacuous.
      const wrong = await opensslVerify(cms, `${name}-wrong`, c.keySpec, Buffer.from('other bytes'));
      expect(wrong.code).to.not.equal(0);
    });
  }

  it('has the B-B signed attributes: content-type id-data, message-digest, signing-certificate-v2, no signing-time', async () => {
    const pki = await testPki();
    const signer = Pkcs12Signer.fromKey(
      pki.organisation.key,
      pki.organisation.certificate,
      pki.organisation.chain,
      { clock: () => PKI_TIME },
    );
    const cms = await buildPadesSignedData({
      messageDigest: crypto.createHash('sha256').update(CONTENT).digest(),
      digestAlgorithm: 'sha256',
      signer,
    });
    const parsed = parseSignedData(cms);
    expect(parsed.version).to.equal(1);
    expect(parsed.encapsulatedContentType).to.equal(OID.data);
    expect(parsed.encapsulatedContent).to.equal(undefined);
    const si = parsed.signerInfos[0];
    expect(si.signedAttributes.map((a) => a.type).sort()).to.deep.equal(
      [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
    );
    expect(si.signingTime).to.equal(undefined);
    expect(si.contentType).to.equal(OID.data);
    const [essId] = si.signingCertificateV2!;
    expect(essId.hashAlgorithm).to.equal('sha256');
    expect(essId.certHash).to.deep.equal(pki.organisation.certificate.fingerprint('sha256'));
    expect(essId.issuerDer).to.deep.equal(pki.organisation.certificate.issuerDer);
    expect(essId.serialNumber).to.equal(pki.organisation.certificate.serialNumber);
    expect(si.sid).to.deep.include({
      kind: 'issuerAndSerialNumber',
      serialNumber: pki.organisation.certificate.serialNumber,
    });
    expect(parsed.certificates.length).to.equal(3);
    const printed = await openssl([
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      file('attrs.p7s', cms),
    ]);
    expect(printed.out).to.contain('id-smime-aa-signingCertificateV2');
    expect(printed.out).to.not.contain('signingTime');
  });

  it('produces the same CMS in two phases (prepare, external signature, assemble) as in one', async () => {
    const pki = await testPki();
    const signer = Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => PKI_TIME,
    });
    const messageDigest = crypto.createHash('sha256').update(CONTENT).digest();
    const oneStep = await buildPadesSignedData({ messageDigest, digestAlgorithm: 'sha256', signer });
    const prepared = prepareSignedAttributes({
      messageDigest,
      digestAlgorithm: 'sha256',
      signatureAlgorithm: { scheme: 'rsa-pkcs1', hash: 'sha256' },
      signerCertificate: pki.leader.certificate,
    });
    const signature = crypto.sign('sha256', prepared.der, pki.leader.key);
    expect(assembleSignedData(prepared, signature, pki.leader.chain)).to.deep.equal(oneStep);
  });

  it('adds a signature timestamp over the signature value (B-T) that openssl ts -verify accepts', async () => {
    const pki = await testPki();
    const signer = Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => PKI_TIME,
    });
    const messageDigest = crypto.createHash('sha256').update(CONTENT).digest();
    const bB = await buildPadesSignedData({ messageDigest, digestAlgorithm: 'sha256', signer });
    const bT = await buildPadesSignedData({
      messageDigest,
      digestAlgorithm: 'sha256',
      signer,
      timestampClient: new DevTimestampClient(pki.timestampAuthority, () => PKI_TIME),
    });
    const si = parseSignedData(bT).signerInfos[0];
    expect(si.signedAttributesDer).to.deep.equal(parseSignedData(bB).signerInfos[0].signedAttributesDer);
    expect(si.signatureTimestampTokens).to.have.length(1);
    const token = si.signatureTimestampTokens[0];
    const imprint = crypto.createHash('sha256').update(si.signature).digest();
    expect(parseTstInfo(token).hashedMessage).to.deep.equal(imprint);
    const r = await openssl([
      'ts',
      '-verify',
      '-token_in',
      '-in',
      file('sig.tst', token),
      '-digest',
      imprint.toString('hex'),
      '-CAfile',
      file('root.pem', pki.root.certificate.toPem()),
      '-untrusted',
      file('ca.pem', pki.issuingCa.certificate.toPem()),
      ...attime(),
    ]);
    expect(r.out, r.out).to.contain('Verification: OK');
    expect((await opensslVerify(bT, 'bt', 'rsa-2048')).out).to.contain('Verification successful');
    // Adding the same token afterwards to the B-B CMS gives the same bytes (RSA PKCS#1 v1.5 is deterministic).
    expect(addSignatureTimestamp(bB, token)).to.deep.equal(bT);
  });

  it('embeds CRLs and OCSP responses as revocation info choices (RFC 5940) and reads them back', async () => {
    const pki = await testPki();
    const signer = Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => PKI_TIME,
    });
    const crl = pki.crlIssuer.issue(PKI_TIME);
    const ocsp = Buffer.from('300a0a0100a0053003060100', 'hex'); // any OCSPResponse DER is carried as is
    const cms = await buildPadesSignedData({
      messageDigest: crypto.createHash('sha256').update(CONTENT).digest(),
      digestAlgorithm: 'sha256',
      signer,
      crls: [crl],
      ocspResponses: [ocsp],
    });
    const parsed = parseSignedData(cms);
    expect(parsed.version).to.equal(5);
    expect(parsed.crls).to.deep.equal([crl]);
    expect(parsed.ocspResponses).to.deep.equal([ocsp]);
  });

  it('refuses a digest of the wrong length and a signing-time attribute', async () => {
    const pki = await testPki();
    const base = {
      digestAlgorithm: 'sha256' as const,
      signatureAlgorithm: { scheme: 'rsa-pkcs1' as const, hash: 'sha256' as const },
      signerCertificate: pki.leader.certificate,
    };
    expect(() => prepareSignedAttributes({ ...base, messageDigest: Buffer.alloc(20) }))
      .to.throw()
      .with.property('code', 'CMS_MALFORMED');
    expect(() =>
      prepareSignedAttributes({
        ...base,
        messageDigest: Buffer.alloc(32),
        extraAttributes: [{ type: OID.signingTime, values: [] }],
      }),
    )
      .to.throw()
      .with.property('code', 'CMS_UNSUPPORTED');
  });
});
