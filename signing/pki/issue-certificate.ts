import * as crypto from 'node:crypto';
import {
  SignatureAlgorithm,
  defaultSignatureAlgorithm,
  signWithKey,
  signatureAlgorithmIdentifier,
} from '../cms/algorithms';
import {
  bitString,
  boolean,
  children,
  explicit,
  implicitPrimitive,
  integer,
  integerFromUnsigned,
  nullValue,
  octetString,
  oid,
  printableString,
  readWhole,
  sequence,
  setOf,
  time,
  tlv,
  utf8String,
} from '../cms/der';
import { NAME_ATTRIBUTE_LABELS, OID } from '../cms/oids';
import { Certificate, KEY_USAGE_BITS, KeyUsage } from './certificate';

/** A distinguished name as [label or OID, value] pairs in encoding order (country first). */
export type NameSpec = ReadonlyArray<readonly [string, string]>;

export interface CertificateProfile {
  subject: NameSpec;
  publicKey: crypto.KeyObject;
  /** The issuer; omitted for a self-signed root (then `signingKey` is the subject's own key). */
  issuer?: Certificate;
  signingKey: crypto.KeyObject;
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  /** CA certificates get basicConstraints cA=TRUE (critical). */
  ca?: { pathLength?: number };
  keyUsage: KeyUsage[];
  extendedKeyUsage?: { purposes: string[]; critical: boolean };
  /** RFC 6960 §4.2.2.2.1 id-pkix-ocsp-nocheck, for OCSP responder certificates. */
  ocspNoCheck?: boolean;
  crlUrl?: string;
  ocspUrl?: string;
  caIssuersUrl?: string;
  /** RFC 5280 §4.2.1.4 policy OIDs. */
  policies?: string[];
  signatureAlgorithm?: SignatureAlgorithm;
}

const LABEL_TO_OID: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NAME_ATTRIBUTE_LABELS).map(([o, label]) => [label, o]),
);

/**
 * RFC 5280 §4.1.2.4 Name. Country and serialNumber are PrintableString (X.520 upper bounds), the
 * rest UTF8String so that Vietnamese names keep their diacritics (RFC 5280 §4.1.2.6 MUST for new certs).
 */
export function encodeName(name: NameSpec): Buffer {
  return sequence(
    ...name.map(([type, value]) => {
      const dotted = LABEL_TO_OID[type] ?? type;
      const printable = dotted === OID.countryName || dotted === OID.serialNumber;
      return setOf(sequence(oid(dotted), printable ? printableString(value) : utf8String(value)));
    }),
  );
}

function extension(extnOid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(extnOid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  const [, subjectPublicKey] = children(readWhole(spkiDer));
  return crypto.createHash('sha1').update(subjectPublicKey.content.subarray(1)).digest();
}

/** RFC 5280 §4.2.1.3 KeyUsage as a DER named bit list (trailing zero bits removed, X.690 §11.2.2). */
export function encodeKeyUsage(usages: KeyUsage[]): Buffer {
  const indexes = usages.map((u) => KEY_USAGE_BITS.indexOf(u));
  const highest = Math.max(...indexes);
  const bytes = Buffer.alloc((highest >> 3) + 1);
  for (const i of indexes) bytes[i >> 3] |= 0x80 >> (i & 7);
  return bitString(bytes, 7 - (highest & 7));
}

const uri = (url: string) => implicitPrimitive(6, Buffer.from(url, 'ascii'));

/** Issues (signs) an X.509 v3 certificate (RFC 5280 §4.1) with the profile's extensions. */
export function issueCertificate(p: CertificateProfile): Certificate {
  const spki = p.publicKey.export({ format: 'der', type: 'spki' });
  const issuerName = p.issuer ? p.issuer.subjectDer : encodeName(p.subject);
  const issuerSpki = p.issuer ? p.issuer.subjectPublicKeyInfoDer : spki;
  const alg = p.signatureAlgorithm ?? defaultSignatureAlgorithm(p.signingKey, 'sha256');
  const algId = signatureAlgorithmIdentifier(alg);

  const exts: Buffer[] = [];
  if (p.ca) {
    const pathLen = p.ca.pathLength !== undefined ? [integer(p.ca.pathLength)] : [];
    exts.push(extension(OID.basicConstraints, true, sequence(boolean(true), ...pathLen)));
  }
  exts.push(extension(OID.keyUsage, true, encodeKeyUsage(p.keyUsage)));
  if (p.extendedKeyUsage) {
    exts.push(
      extension(
        OID.extKeyUsage,
        p.extendedKeyUsage.critical,
        sequence(...p.extendedKeyUsage.purposes.map((o) => oid(o))),
      ),
    );
  }
  exts.push(extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))));
  exts.push(
    extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyIdentifier(issuerSpki)))),
  );
  if (p.policies?.length) {
    exts.push(
      extension(OID.certificatePolicies, false, sequence(...p.policies.map((o) => sequence(oid(o))))),
    );
  }
  if (p.crlUrl) {
    // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
    exts.push(
      extension(OID.cRLDistributionPoints, false, sequence(sequence(explicit(0, tlv(0xa0, uri(p.crlUrl)))))),
    );
  }
  const access: Buffer[] = [];
  if (p.ocspUrl) access.push(sequence(oid(OID.adOcsp), uri(p.ocspUrl)));
  if (p.caIssuersUrl) access.push(sequence(oid(OID.adCaIssuers), uri(p.caIssuersUrl)));
  if (access.length) exts.push(extension(OID.authorityInfoAccess, false, sequence(...access)));
  if (p.ocspNoCheck) exts.push(extension(OID.ocspNoCheck, false, nullValue()));

  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integerFromUnsigned(bigintBytes(p.serialNumber)),
    algId,
    issuerName,
    sequence(time(p.notBefore), time(p.notAfter)),
    encodeName(p.subject),
    spki,
    explicit(3, sequence(...exts)),
  );
  const signature = signWithKey(alg, tbs, p.signingKey);
  return Certificate.fromDer(sequence(tbs, algId, bitString(signature)));
}

export function bigintBytes(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex');
}

/** A random positive 64-bit..128-bit serial (CA/B Forum asks ≥ 64 bits of entropy). */
export function randomSerial(random: (n: number) => Buffer = crypto.randomBytes): bigint {
  const bytes = random(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x10;
  return BigInt('0x' + bytes.toString('hex'));
}
