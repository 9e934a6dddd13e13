import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../../signing/pki/certificate';
import type { DevPki } from '../../signing/pki/create-dev-pki';
import { generateKeyPair } from '../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../signing/pki/issue-certificate';
import { openDevPki } from '../../signing/pki/open-dev-pki';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../signing/sign/signers/signer';
import type { Clock } from '../../workflows/context';
import { FederationError } from '../../workflows/federation/federation-error';

export interface EdxmlSignerSettings {
  readonly mode: 'development' | 'production';
  readonly dataDir: string;
  readonly publicUrl: string;
  /** FEDERATION_SIGNING_P12 and its password: the key edXML packages are signed with. */
  readonly p12Path?: string;
  readonly p12Password?: string;
  /**
   * Development: the unit whose packages this server signs (its top-level unit), named with its QCVN
   * 102:2016 code in the development federation certificate.
   */
  readonly signingUnit?: () => Promise<{ readonly name: string; readonly code: string } | undefined>;
}

/**
 * The server's edXML signing key, opened on first use and kept: the configured PKCS#12 file
 * (FEDERATION_SIGNING_P12 / FEDERATION_SIGNING_PASSWORD); without one, in development, the organisation
 * key of the development PKI in `DATA_DIR/pki` (created there when missing) — or, when `signingUnit`
 * names the unit that signs, a federation certificate of the development issuing CA for that unit
 * (`O` its name, `organizationIdentifier` `VN:QCVN102-{code}`, kept in `DATA_DIR/pki/federation/` and
 * re-issued when the unit changes or it expires); in production without one,
 * FEDERATION_SIGNER_UNAVAILABLE (nothing is signed with a key nobody configured). A failed open is not
 * kept, so fixing the file and retrying works without a restart.
 */
export function edxmlSignerSource(s: EdxmlSignerSettings, clock: Clock): () => Promise<Signer> {
  let opening: Promise<Signer> | undefined;
  const open = async (): Promise<Signer> => {
    if (s.p12Path) {
      try {
        return await Pkcs12Signer.fromFile(s.p12Path, s.p12Password ?? '', { clock: () => clock.now() });
      } catch (e) {
        throw FederationError.signerUnavailable(`FEDERATION_SIGNING_P12: ${(e as Error).message}`, e);
      }
    }
    if (s.mode !== 'development')
      throw FederationError.signerUnavailable('FEDERATION_SIGNING_P12 is not set');
    const pki = await openDevPki({
      dir: path.join(s.dataDir, 'pki'),
      baseUrl: `${s.publicUrl}/pki/dev`,
      now: clock.now(),
    });
    const unit = await s.signingUnit?.();
    const o = unit
      ? devFederationIdentity(pki, unit, path.join(s.dataDir, 'pki', 'federation'), clock.now())
      : pki.organisation;
    return Pkcs12Signer.fromKey(o.key, o.certificate, o.chain, { clock: () => clock.now() });
  };
  return () => {
    opening ??= open().catch((e: unknown) => {
      opening = undefined;
      throw e;
    });
    return opening;
  };
}

/**
 * The development certificate edXML packages are signed with: issued by the development issuing CA to
 * the signing unit, named with its name and QCVN 102:2016 code, so that the other side's administrator
 * sees whom they configure. Kept (key 0600) and reused while it names the same unit and is valid.
 */
function devFederationIdentity(
  pki: DevPki,
  unit: { readonly name: string; readonly code: string },
  dir: string,
  now: Date,
): Pick<DevPki['organisation'], 'key' | 'certificate' | 'chain'> {
  const chain = [pki.issuingCa.certificate, ...pki.issuingCa.chain];
  const file = (ext: string) => path.join(dir, `${unit.code.replace(/[^\w.-]/g, '_')}.${ext}`);
  const identifier = `VN:QCVN102-${unit.code}`;
  if (fs.existsSync(file('key.pem')) && fs.existsSync(file('crt.pem'))) {
    const certificate = Certificate.parseAll(fs.readFileSync(file('crt.pem'), 'utf8'))[0];
    if (
      certificate &&
      certificate.subject.includes(identifier) &&
      certificate.subject.includes(unit.name) &&
      now >= certificate.notBefore &&
      now < certificate.notAfter
    ) {
      const key = crypto.createPrivateKey(fs.readFileSync(file('key.pem'), 'utf8'));
      return { key, certificate, chain };
    }
  }
  const keys = generateKeyPair('rsa-2048');
  const ca = pki.issuingCa.certificate;
  const notBefore = new Date(Math.max(now.getTime() - 3600_000, ca.notBefore.getTime()));
  const certificate = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', unit.name],
      ['organizationIdentifier', identifier],
      ['CN', `${unit.name} (${unit.code}) — liên thông văn bản edXML`],
    ],
    publicKey: keys.publicKey,
    issuer: ca,
    signingKey: pki.issuingCa.key,
    serialNumber: randomSerial(),
    notBefore,
    notAfter: new Date(Math.min(now.getTime() + 2 * 365 * 86400_000, ca.notAfter.getTime())),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file('key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  fs.writeFileSync(file('crt.pem'), certificate.toPem());
  return { key: keys.privateKey, certificate, chain };
}
