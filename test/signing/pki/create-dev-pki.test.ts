import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkijs from 'pkijs';
import { webcrypto } from 'node:crypto';
import { OID } from '../../../signing/cms/oids';
import { Certificate } from '../../../signing/pki/certificate';
import { createDevPki } from '../../../signing/pki/create-dev-pki';
import { openDevPki } from '../../../signing/pki/open-dev-pki';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME, attime, openssl, tempDir, testPki } from './dev-pki-fixture';

describe('signing/pki createDevPki', () => {
  it('issues a chain that openssl verifies, CRLs of both CAs included', async () => {
    const pki = await testPki();
    const d = tempDir('verify');
    const crls = path.join(d, 'crls.pem');
    const toPem = (der: Buffer) =>
      `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END X509 CRL-----\n`;
    writeFileSync(crls, toPem(pki.rootCrlIssuer.issue(PKI_TIME)) + toPem(pki.crlIssuer.issue(PKI_TIME)));
    writeFileSync(path.join(d, 'root.pem'), pki.root.certificate.toPem());
    writeFileSync(path.join(d, 'ca.pem'), pki.issuingCa.certificate.toPem());
    for (const name of ['leader', 'organisation', 'tsa', 'ocsp'] as const) {
      writeFileSync(path.join(d, `${name}.pem`), pki[name].certificate.toPem());
      const r = await openssl([
        'verify',
        ...attime(),
        '-crl_check_all',
        '-CRLfile',
        crls,
        '-CAfile',
        path.join(d, 'root.pem'),
        '-untrusted',
        path.join(d, 'ca.pem'),
        path.join(d, `${name}.pem`),
      ]);
      expect(r.out, name).to.contain(': OK');
      expect(r.code, r.out).to.equal(0);
    }
  });

  it('issues a chain that pkijs validates against its root, and not against a foreign root', async () => {
    const pki = await testPki();
    const foreign = await testPki('ec-p256');
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
    const asPkijs = (c: Certificate) => pkijs.Certificate.fromBER(new Uint8Array(c.der));
    const engine = (at: Date, root = pki.root.certificate) =>
      new pkijs.CertificateChainValidationEngine({
        trustedCerts: [asPkijs(root)],
        certs: [asPkijs(pki.leader.certificate), asPkijs(pki.issuingCa.certificate)],
        checkDate: at,
      });
    const ok = await engine(new Date(PKI_TIME.getTime() + 86400e3)).verify();
    expect(ok.result, ok.resultMessage).to.equal(true);
    const untrusted = await engine(new Date(PKI_TIME.getTime() + 86400e3), foreign.root.certificate).verify();
    expect(untrusted.result).to.equal(false);
  });

  it('names the leader in Vietnamese UTF-8 and marks signer certificates for non-repudiation', async () => {
    const { leader, organisation } = await testPki();
    expect(leader.certificate.commonName).to.equal('Nguyễn Văn An');
    expect(leader.certificate.subjectValue('title')).to.equal('Chủ tịch');
    expect(leader.certificate.subject).to.equal(
      'CN=Nguyễn Văn An, title=Chủ tịch, O=Ủy ban nhân dân tỉnh Long An, ST=Long An, C=VN',
    );
    expect(organisation.certificate.commonName).to.equal('Ủy ban nhân dân tỉnh Long An');
    for (const c of [leader.certificate, organisation.certificate]) {
      expect(c.keyUsage).to.deep.equal(['digitalSignature', 'nonRepudiation']);
      expect(c.crlDistributionPoints).to.deep.equal(['http://127.0.0.1:1/pki/issuing-ca.crl']);
      expect(c.ocspUrls).to.deep.equal(['http://127.0.0.1:1/pki/ocsp']);
      expect(c.isCA).to.equal(false);
    }
  });

  it('gives the TSA a critical timeStamping-only EKU and the OCSP responder ocsp-nocheck', async () => {
    const { tsa, ocsp, issuingCa, root } = await testPki();
    expect(tsa.certificate.extendedKeyUsage).to.deep.equal([OID.kpTimeStamping]);
    expect(tsa.certificate.extensions.get(OID.extKeyUsage)?.critical).to.equal(true);
    expect(ocsp.certificate.extendedKeyUsage).to.deep.equal([OID.kpOcspSigning]);
    expect(ocsp.certificate.extensions.has(OID.ocspNoCheck)).to.equal(true);
    expect(issuingCa.certificate.basicConstraints).to.deep.equal({ ca: true, pathLength: 0 });
    expect(root.certificate.isSelfIssued).to.equal(true);
    expect(issuingCa.certificate.isIssuedBy(root.certificate)).to.equal(true);
  });

  it('writes PEMs, OpenSSL 3 PKCS#12 files (AES-256, no -legacy needed) and a manifest', async () => {
    const dir = tempDir('devpki');
    const pki = await createDevPki({ now: PKI_TIME, dir, keySpec: 'ec-p256' });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.identities.leader.sha256).to.equal(pki.leader.certificate.fingerprintHex());
    const p12 = path.join(dir, manifest.identities.organisation.p12);
    const info = await openssl([
      'pkcs12',
      '-info',
      '-noout',
      '-in',
      p12,
      '-passin',
      `pass:${manifest.identities.organisation.password}`,
    ]);
    expect(info.code, info.out).to.equal(0);
    expect(info.out).to.match(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    expect(info.out).to.match(/MAC: sha256/);
    const signer = await Pkcs12Signer.fromFile(p12, manifest.identities.organisation.password, {
      clock: () => PKI_TIME,
    });
    expect(signer.certificate.equals(pki.organisation.certificate)).to.equal(true);
    expect(signer.chain.map((c) => c.commonName)).to.deep.equal([
      'VanBan Development Issuing CA',
      'VanBan Development Root CA',
    ]);
    const pem = Certificate.from(readFileSync(path.join(dir, 'leader.pem'), 'utf8'));
    expect(pem.publicKey.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
  });
});

describe('signing/pki createDevPki validFrom', () => {
  it('starts every certificate at validFrom (a PKI that signs a past demo history) and ends them as without it', async () => {
    const validFrom = new Date('2021-01-01T00:00:00Z');
    const pki = await createDevPki({ now: PKI_TIME, validFrom, keySpec: 'ec-p256' });
    const hour = 3_600_000;
    const year = 365 * 24 * hour;
    const ends = { root: 20, issuingCa: 10, leader: 2, organisation: 2, tsa: 2, ocsp: 2 } as const;
    for (const [name, years] of Object.entries(ends)) {
      const c = pki[name as keyof typeof ends].certificate;
      expect(c.notBefore.toISOString(), name).to.equal(validFrom.toISOString());
      expect(c.notAfter.getTime(), name).to.equal(PKI_TIME.getTime() - hour + years * year);
    }
    // The chain validates at a moment between validFrom and the creation (pkijs, RFC 5280 §6), not before.
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
    const asPkijs = (c: Certificate) => pkijs.Certificate.fromBER(new Uint8Array(c.der));
    const verify = (at: Date) =>
      new pkijs.CertificateChainValidationEngine({
        trustedCerts: [asPkijs(pki.root.certificate)],
        certs: [asPkijs(pki.leader.certificate), asPkijs(pki.issuingCa.certificate)],
        checkDate: at,
      }).verify();
    const ok = await verify(new Date('2024-02-01T00:00:00Z'));
    expect(ok.result, ok.resultMessage).to.equal(true);
    expect((await verify(new Date('2020-12-31T00:00:00Z'))).result).to.equal(false);
    // A later validFrom is ignored: certificates start an hour before creation.
    const late = await createDevPki({
      now: PKI_TIME,
      validFrom: new Date(PKI_TIME.getTime() + year),
      keySpec: 'ec-p256',
    });
    expect(late.leader.certificate.notBefore.getTime()).to.equal(PKI_TIME.getTime() - hour);
  });
});

describe('signing/pki openDevPki', () => {
  it('creates the PKI on first start and loads the same one afterwards, revocations restored', async () => {
    const dir = tempDir('open');
    const first = await openDevPki({ dir, now: PKI_TIME, keySpec: 'ec-p256' });
    const again = await openDevPki({
      dir,
      now: new Date(PKI_TIME.getTime() + 86400e3),
      revocations: [
        { serialNumber: first.leader.certificate.serialNumber, revokedAt: PKI_TIME, reason: 'keyCompromise' },
      ],
    });
    expect(again.root.certificate.equals(first.root.certificate)).to.equal(true);
    expect(again.organisation.certificate.equals(first.organisation.certificate)).to.equal(true);
    expect(again.leader.chain.map((c) => c.commonName)).to.deep.equal([
      'VanBan Development Issuing CA',
      'VanBan Development Root CA',
    ]);
    expect(again.crlIssuer.revocationOf(first.leader.certificate.serialNumber)?.reason).to.equal(
      'keyCompromise',
    );
    const signer = Pkcs12Signer.fromKey(again.tsa.key, first.tsa.certificate, [], { clock: () => PKI_TIME });
    expect(signer.certificate.commonName).to.equal('VanBan Development TSA');
  });
});
