import * as crypto from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { OID } from '../cms/oids';
import { Certificate } from './certificate';
import { DevCrlIssuer } from './dev-crl-issuer';
import { KeySpec, generateKeyPair } from './generate-key-pair';
import { NameSpec, issueCertificate, randomSerial } from './issue-certificate';
import { OcspResponder } from './ocsp-responder';
import { TimestampAuthority } from './timestamp-authority';
import { writePkcs12 } from './write-pkcs12';

export interface DevPkiOptions {
  /** The moment the PKI is created at (certificates start one hour earlier). */
  now: Date;
  /**
   * Every certificate is valid from this earlier moment instead (a development PKI that must sign a
   * past demo history, RFC 5280 §4.1.2.5); their ends stay counted from `now`. Ignored when later.
   */
  validFrom?: Date;
  /** Where to write PEMs, PKCS#12 files, CRLs and manifest.json; nothing is written without it. */
  dir?: string;
  /** Base of the CRL, OCSP and CA-issuer URLs in the certificates (the server serves /pki/...). */
  baseUrl?: string;
  /** Key type of the end-entity and service certificates; CAs follow it (RSA-4096 for RSA roots). */
  keySpec?: KeySpec;
  province?: string;
  /** The unit: its name (organisation certificate CN and O) and QCVN 102:2016 identifier code. */
  unitName?: string;
  unitCode?: string;
  leaderName?: string;
  leaderTitle?: string;
  random?: (n: number) => Buffer;
}

/** A key with its certificate and the chain above it (leaf to root, excluding the certificate). */
export interface DevIdentity {
  readonly certificate: Certificate;
  readonly key: crypto.KeyObject;
  readonly chain: readonly Certificate[];
  /** PKCS#12 of key + certificate + chain, OpenSSL 3 format, and its generated password. */
  readonly pkcs12: Buffer;
  readonly password: string;
}

export interface DevPki {
  readonly root: DevIdentity;
  readonly issuingCa: DevIdentity;
  readonly leader: DevIdentity;
  readonly organisation: DevIdentity;
  readonly tsa: DevIdentity;
  readonly ocsp: DevIdentity;
  /** CRL services of the root (for the issuing CA) and of the issuing CA (for the leaves). */
  readonly rootCrlIssuer: DevCrlIssuer;
  readonly crlIssuer: DevCrlIssuer;
  readonly ocspResponder: OcspResponder;
  readonly timestampAuthority: TimestampAuthority;
  readonly urls: {
    readonly crl: string;
    readonly rootCrl: string;
    readonly ocsp: string;
    readonly tsa: string;
    readonly caIssuers: string;
  };
  readonly manifest: DevPkiManifest;
}

export interface DevPkiManifest {
  readonly createdAt: string;
  readonly baseUrl: string;
  readonly keySpec: KeySpec;
  readonly identities: Record<
    string,
    {
      subject: string;
      serialNumber: string;
      sha256: string;
      notBefore: string;
      notAfter: string;
      pem: string;
      p12: string;
      password: string;
    }
  >;
  readonly crls: Record<string, string>;
}

const HOUR = 3600 * 1000;
const YEAR = 365 * 24 * HOUR;

/**
 * A development PKI that lets everything run offline (DESIGN §4): root CA → issuing CA → leader,
 * organisation (seal), TSA and OCSP responder certificates, with CRL DP and AIA pointing at
 * `baseUrl`, plus the services that answer those URLs. Profiles follow RFC 5280 §4.2 and ETSI EN
 * 319 412-2 (natural person) / -3 (legal person): keyUsage digitalSignature + nonRepudiation for
 * signers; TSA EKU id-kp-timeStamping critical (RFC 3161 §2.3); OCSP EKU id-kp-OCSPSigning with
 * id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2).
 */
export async function createDevPki(options: DevPkiOptions): Promise<DevPki> {
  const now = options.now;
  const random = options.random ?? crypto.randomBytes;
  const keySpec = options.keySpec ?? 'rsa-2048';
  const caSpec: KeySpec = keySpec.startsWith('rsa')
    ? keySpec === 'rsa-2048'
      ? 'rsa-3072'
      : keySpec
    : 'ec-p384';
  const baseUrl = (options.baseUrl ?? 'http://localhost:3000/pki').replace(/\/$/, '');
  const province = options.province ?? 'Long An';
  const unitName = options.unitName ?? `Ủy ban nhân dân tỉnh ${province}`;
  const unitCode = options.unitCode ?? '000.00.00.H41';
  const urls = {
    crl: `${baseUrl}/issuing-ca.crl`,
    rootCrl: `${baseUrl}/root-ca.crl`,
    ocsp: `${baseUrl}/ocsp`,
    tsa: `${baseUrl}/tsa`,
    caIssuers: `${baseUrl}/issuing-ca.cer`,
  };
  const start = new Date(now.getTime() - HOUR);
  const notBefore =
    options.validFrom && options.validFrom.getTime() < start.getTime() ? options.validFrom : start;
  const password = () => random(12).toString('base64url');

  const rootKeys = generateKeyPair(caSpec);
  const root = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'VanBan (phát triển)'],
      ['CN', 'VanBan Development Root CA'],
    ],
    publicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    serialNumber: randomSerial(random),
    notBefore,
    notAfter: new Date(start.getTime() + 20 * YEAR),
    ca: {},
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const caKeys = generateKeyPair(caSpec);
  const issuingCa = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', 'VanBan (phát triển)'],
      ['CN', 'VanBan Development Issuing CA'],
    ],
    publicKey: caKeys.publicKey,
    issuer: root,
    signingKey: rootKeys.privateKey,
    serialNumber: randomSerial(random),
    notBefore,
    notAfter: new Date(start.getTime() + 10 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ['keyCertSign', 'cRLSign'],
    crlUrl: urls.rootCrl,
  });

  const leaf = (subject: NameSpec, extra: Partial<Parameters<typeof issueCertificate>[0]> = {}) => {
    const keys = generateKeyPair(keySpec);
    const certificate = issueCertificate({
      subject,
      publicKey: keys.publicKey,
      issuer: issuingCa,
      signingKey: caKeys.privateKey,
      serialNumber: randomSerial(random),
      notBefore,
      notAfter: new Date(start.getTime() + 2 * YEAR),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      crlUrl: urls.crl,
      ocspUrl: urls.ocsp,
      caIssuersUrl: urls.caIssuers,
      ...extra,
    });
    return identity(keys.privateKey, certificate, [issuingCa, root], password());
  };

  const leaderName = options.leaderName ?? 'Nguyễn Văn An';
  const leader = leaf([
    ['C', 'VN'],
    ['ST', province],
    ['O', unitName],
    ['title', options.leaderTitle ?? 'Chủ tịch'],
    ['CN', leaderName],
  ]);
  const organisation = leaf([
    ['C', 'VN'],
    ['ST', province],
    ['O', unitName],
    ['organizationIdentifier', `VN:QCVN102-${unitCode}`],
    ['CN', unitName],
  ]);
  const tsa = leaf(
    [
      ['C', 'VN'],
      ['O', 'VanBan (phát triển)'],
      ['CN', 'VanBan Development TSA'],
    ],
    {
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true },
      ocspUrl: undefined,
    },
  );
  const ocsp = leaf(
    [
      ['C', 'VN'],
      ['O', 'VanBan (phát triển)'],
      ['CN', 'VanBan Development OCSP Responder'],
    ],
    {
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: { purposes: [OID.kpOcspSigning], critical: false },
      ocspNoCheck: true,
      ocspUrl: undefined,
      crlUrl: undefined,
    },
  );

  const rootId = identity(rootKeys.privateKey, root, [], password());
  const caId = identity(caKeys.privateKey, issuingCa, [root], password());
  const rootCrlIssuer = new DevCrlIssuer(root, rootKeys.privateKey);
  const crlIssuer = new DevCrlIssuer(issuingCa, caKeys.privateKey);
  const ocspResponder = new OcspResponder(crlIssuer, ocsp.certificate, ocsp.key);
  const timestampAuthority = new TimestampAuthority(tsa.certificate, tsa.key, [issuingCa, root], { random });

  const identities = { root: rootId, issuingCa: caId, leader, organisation, tsa, ocsp };
  const fileBase: Record<string, string> = {
    root: 'root-ca',
    issuingCa: 'issuing-ca',
    leader: 'leader',
    organisation: 'organisation',
    tsa: 'tsa',
    ocsp: 'ocsp',
  };
  const manifest: DevPkiManifest = {
    createdAt: now.toISOString(),
    baseUrl,
    keySpec,
    identities: Object.fromEntries(
      Object.entries(identities).map(([name, id]) => [
        name,
        {
          subject: id.certificate.subject,
          serialNumber: id.certificate.serialHex,
          sha256: id.certificate.fingerprintHex('sha256'),
          notBefore: id.certificate.notBefore.toISOString(),
          notAfter: id.certificate.notAfter.toISOString(),
          pem: `${fileBase[name]}.pem`,
          p12: `${fileBase[name]}.p12`,
          password: id.password,
        },
      ]),
    ),
    crls: { root: 'root-ca.crl', issuingCa: 'issuing-ca.crl' },
  };

  if (options.dir) {
    const dir = options.dir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const [name, id] of Object.entries(identities)) {
      await writeFile(path.join(dir, `${fileBase[name]}.pem`), id.certificate.toPem());
      await writeFile(path.join(dir, `${fileBase[name]}.p12`), id.pkcs12, { mode: 0o600 });
    }
    await writeFile(path.join(dir, 'chain.pem'), issuingCa.toPem() + root.toPem());
    await writeFile(path.join(dir, 'issuing-ca.cer'), issuingCa.der);
    await writeFile(path.join(dir, 'root-ca.crl'), rootCrlIssuer.issue(now));
    await writeFile(path.join(dir, 'issuing-ca.crl'), crlIssuer.issue(now));
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', {
      mode: 0o600,
    });
  }

  return {
    ...identities,
    root: rootId,
    issuingCa: caId,
    rootCrlIssuer,
    crlIssuer,
    ocspResponder,
    timestampAuthority,
    urls,
    manifest,
  };
}

function identity(
  key: crypto.KeyObject,
  certificate: Certificate,
  chain: Certificate[],
  password: string,
): DevIdentity {
  return {
    key,
    certificate,
    chain,
    password,
    pkcs12: writePkcs12({ key, certificate, chain, password, friendlyName: certificate.commonName }),
  };
}
