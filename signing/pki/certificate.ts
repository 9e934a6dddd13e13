import * as crypto from 'node:crypto';
import { Tlv, children, decodeInteger, decodeOid, decodeTime, readWhole } from '../cms/der';
import { NAME_ATTRIBUTE_LABELS, OID } from '../cms/oids';
import { PkiError } from './pki-error';
import { publicKeyFromSpki } from './public-key-from-spki';

/** One attribute of a distinguished name, in encoding order (RFC 5280 §4.1.2.4). */
export interface NameAttribute {
  readonly oid: string;
  /** Short label (CN, O, OU, C, title, ...) or the dotted OID when unknown. */
  readonly label: string;
  readonly value: string;
}

/** RFC 5280 §4.2.1.3 bit names, in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING's content (the extension's own DER). */
  readonly value: Buffer;
}

/**
 * An X.509 certificate (RFC 5280 §4.1): parsed once from DER, immutable, with the exact encodings
 * that CMS and validation need (issuer Name and serial INTEGER for IssuerSerial, the SPKI) and
 * display strings that keep Vietnamese UTF-8 names intact.
 */
export class Certificate {
  readonly der: Buffer;
  /** The TBSCertificate encoding: what the issuer signed. */
  readonly tbsDer: Buffer;
  readonly serialNumber: bigint;
  /** The serial INTEGER as encoded (RFC 5035 IssuerSerial copies it). */
  readonly serialDer: Buffer;
  readonly issuerDer: Buffer;
  readonly subjectDer: Buffer;
  readonly issuerAttributes: readonly NameAttribute[];
  readonly subjectAttributes: readonly NameAttribute[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKeyInfoDer: Buffer;
  readonly extensions: ReadonlyMap<string, Extension>;
  private cachedPublicKey?: crypto.KeyObject;
  private cachedX509?: crypto.X509Certificate;

  private constructor(der: Buffer) {
    this.der = der;
    try {
      const [tbs] = children(readWhole(der));
      const fields = children(tbs);
      let i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version, DEFAULT v1
      const serial = fields[i++];
      i++; // signature AlgorithmIdentifier (repeated outside the TBS)
      const issuer = fields[i++];
      const validity = fields[i++];
      const subject = fields[i++];
      const spki = fields[i++];
      if (!serial || serial.tag !== 0x02 || !issuer || !validity || !subject || !spki) {
        throw new Error('missing TBSCertificate fields');
      }
      this.tbsDer = tbs.raw;
      this.serialDer = serial.raw;
      this.serialNumber = decodeInteger(serial);
      this.issuerDer = issuer.raw;
      this.subjectDer = subject.raw;
      this.issuerAttributes = parseName(issuer);
      this.subjectAttributes = parseName(subject);
      const [nb, na] = children(validity);
      this.notBefore = decodeTime(nb);
      this.notAfter = decodeTime(na);
      this.subjectPublicKeyInfoDer = spki.raw;
      const extensions = new Map<string, Extension>();
      const extsField = fields.slice(i).find((f) => f.tag === 0xa3);
      if (extsField) {
        for (const ext of children(children(extsField)[0])) {
          const parts = children(ext);
          const critical = parts.length === 3 && parts[1].tag === 0x01 && parts[1].content[0] !== 0;
          const oid = decodeOid(parts[0]);
          extensions.set(oid, {
            oid,
            critical,
            value: parts[parts.length - 1].content,
          });
        }
      }
      this.extensions = extensions;
    } catch (cause) {
      throw new PkiError(
        'CERT_MALFORMED',
        { vi: 'Chứng thư số không hợp lệ (không đọc được X.509)', en: 'Malformed X.509 certificate' },
        { cause },
      );
    }
  }

  static fromDer(der: Buffer | Uint8Array): Certificate {
    return new Certificate(Buffer.from(der));
  }

  /** One certificate from PEM, or DER given as a Buffer. */
  static from(input: string | Buffer): Certificate {
    const all = Certificate.parseAll(input);
    if (all.length === 0) {
      throw new PkiError('CERT_MALFORMED', {
        vi: 'Không tìm thấy chứng thư số trong dữ liệu',
        en: 'No certificate found in the input',
      });
    }
    return all[0];
  }

  /** Every certificate of a PEM bundle (or the one DER certificate). */
  static parseAll(input: string | Buffer): Certificate[] {
    const text = typeof input === 'string' ? input : input.subarray(0, 64).toString('latin1');
    if (typeof input !== 'string' && !text.includes('-----BEGIN')) return [Certificate.fromDer(input)];
    const pem = typeof input === 'string' ? input : input.toString('latin1');
    const re =
      /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;
    return [...pem.matchAll(re)].map((m) =>
      Certificate.fromDer(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')),
    );
  }

  toPem(): string {
    const b64 = this.der.toString('base64').replace(/(.{64})/g, '$1\n');
    return `-----BEGIN CERTIFICATE-----\n${b64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  }

  /** The subject's key, imported once (from its components where exact: public-key-from-spki.ts). */
  get publicKey(): crypto.KeyObject {
    this.cachedPublicKey ??= publicKeyFromSpki(this.subjectPublicKeyInfoDer);
    return this.cachedPublicKey;
  }

  /**
   * RFC 5280 §6.1.4 (f): a DSA key whose SubjectPublicKeyInfo omits the domain parameters takes
   * those of its issuer's key. Sets this instance's key once (a validation's own instance) and
   * returns true when it did; false for any other key or an issuer without DSA parameters.
   */
  inheritDsaParameters(issuer: Certificate): boolean {
    if (this.cachedPublicKey !== undefined) return false;
    try {
      const [alg, bits] = children(readWhole(this.subjectPublicKeyInfoDer));
      const [oid, params] = children(alg);
      if (decodeOid(oid) !== DSA_OID || params !== undefined) return false;
      const [issuerAlg] = children(readWhole(issuer.subjectPublicKeyInfoDer));
      const [issuerOid, issuerParams] = children(issuerAlg);
      if (decodeOid(issuerOid) !== DSA_OID || issuerParams?.tag !== 0x30) return false;
      const algDer = Buffer.concat([oid.raw, issuerParams.raw]);
      const spki = derSequence(Buffer.concat([derSequence(algDer), bits.raw]));
      this.cachedPublicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
      return true;
    } catch {
      return false;
    }
  }

  /** Node's view of the same certificate (OpenSSL-backed signature checks). */
  get x509(): crypto.X509Certificate {
    this.cachedX509 ??= new crypto.X509Certificate(this.der);
    return this.cachedX509;
  }

  /** Subject as RFC 4514 string, most specific first: "CN=Nguyễn Văn An, O=UBND tỉnh Long An, C=VN". */
  get subject(): string {
    this.cachedSubject ??= formatName(this.subjectAttributes);
    return this.cachedSubject;
  }

  get issuer(): string {
    this.cachedIssuer ??= formatName(this.issuerAttributes);
    return this.cachedIssuer;
  }

  // Display strings, computed once: a validation report names each certificate of every path.
  private cachedSubject?: string;
  private cachedIssuer?: string;
  private cachedSerialHex?: string;
  private readonly cachedFingerprintHex = new Map<string, string>();

  /** The first value of an attribute of the subject (e.g. `subjectValue('CN')`). */
  subjectValue(labelOrOid: string): string | undefined {
    return this.subjectAttributes.find((a) => a.label === labelOrOid || a.oid === labelOrOid)?.value;
  }

  get commonName(): string | undefined {
    if (this.cachedCommonName === undefined) this.cachedCommonName = { cn: this.subjectValue('CN') };
    return this.cachedCommonName.cn;
  }

  private cachedCommonName?: { readonly cn: string | undefined };

  get serialHex(): string {
    if (this.cachedSerialHex === undefined) {
      const hex = this.serialNumber.toString(16).toUpperCase();
      this.cachedSerialHex = hex.length % 2 ? '0' + hex : hex;
    }
    return this.cachedSerialHex;
  }

  fingerprint(hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' = 'sha256'): Buffer {
    return crypto.createHash(hash).update(this.der).digest();
  }

  /** "AB:CD:..." as OpenSSL prints it. */
  fingerprintHex(hash: 'sha1' | 'sha256' = 'sha256'): string {
    let hex = this.cachedFingerprintHex.get(hash);
    if (hex === undefined) {
      hex = this.fingerprint(hash)
        .toString('hex')
        .toUpperCase()
        .replace(/(..)(?!$)/g, '$1:');
      this.cachedFingerprintHex.set(hash, hex);
    }
    return hex;
  }

  /** RFC 5280 §4.1.2.5: valid from notBefore to notAfter, both inclusive. */
  isValidAt(at: Date): boolean {
    return at.getTime() >= this.notBefore.getTime() && at.getTime() <= this.notAfter.getTime();
  }

  get isSelfIssued(): boolean {
    return this.issuerDer.equals(this.subjectDer);
  }

  /** RFC 5280 §4.2.1.3; null when the extension is absent (no restriction). */
  get keyUsage(): KeyUsage[] | null {
    const ext = this.extensions.get(OID.keyUsage);
    if (!ext) return null;
    const bits = readWhole(ext.value).content;
    const used: KeyUsage[] = [];
    KEY_USAGE_BITS.forEach((name, bit) => {
      const byte = bits[1 + (bit >> 3)];
      if (byte !== undefined && byte & (0x80 >> (bit & 7))) used.push(name);
    });
    return used;
  }

  /** RFC 5280 §4.2.1.12 key purpose OIDs; null when absent. */
  get extendedKeyUsage(): string[] | null {
    const ext = this.extensions.get(OID.extKeyUsage);
    if (!ext) return null;
    return children(readWhole(ext.value)).map(decodeOid);
  }

  /** RFC 5280 §4.2.1.9. */
  get basicConstraints(): { ca: boolean; pathLength?: number } | null {
    const ext = this.extensions.get(OID.basicConstraints);
    if (!ext) return null;
    const parts = children(readWhole(ext.value));
    const ca = parts[0]?.tag === 0x01 && parts[0].content[0] !== 0;
    const len = parts.find((p) => p.tag === 0x02);
    return { ca, ...(len ? { pathLength: Number(decodeInteger(len)) } : {}) };
  }

  get isCA(): boolean {
    return this.basicConstraints?.ca === true;
  }

  get subjectKeyIdentifier(): Buffer | null {
    const ext = this.extensions.get(OID.subjectKeyIdentifier);
    return ext ? readWhole(ext.value).content : null;
  }

  get authorityKeyIdentifier(): Buffer | null {
    const ext = this.extensions.get(OID.authorityKeyIdentifier);
    if (!ext) return null;
    const keyId = children(readWhole(ext.value)).find((p) => p.tag === 0x80);
    return keyId ? keyId.content : null;
  }

  /** URIs of the CRL distribution points' fullName (RFC 5280 §4.2.1.13). */
  get crlDistributionPoints(): string[] {
    const ext = this.extensions.get(OID.cRLDistributionPoints);
    return ext ? collectUris(readWhole(ext.value)) : [];
  }

  /** AIA id-ad-ocsp locations (RFC 5280 §4.2.2.1). */
  get ocspUrls(): string[] {
    return this.accessLocations(OID.adOcsp);
  }

  /** AIA id-ad-caIssuers locations. */
  get caIssuersUrls(): string[] {
    return this.accessLocations(OID.adCaIssuers);
  }

  private accessLocations(method: string): string[] {
    const ext = this.extensions.get(OID.authorityInfoAccess);
    if (!ext) return [];
    return children(readWhole(ext.value))
      .map((ad) => children(ad))
      .filter(([m]) => decodeOid(m) === method)
      .map(([, loc]) => (loc.tag === 0x86 ? loc.content.toString('ascii') : ''))
      .filter(Boolean);
  }

  /** True when `issuer`'s key verifies this certificate's signature (any algorithm OpenSSL knows). */
  isSignedBy(issuer: Certificate): boolean {
    try {
      return this.x509.verify(issuer.publicKey);
    } catch {
      return false;
    }
  }

  /** RFC 5280 §6.1.3 (a)(4) name chaining, plus the signature. */
  isIssuedBy(issuer: Certificate): boolean {
    return this.issuerDer.equals(issuer.subjectDer) && this.isSignedBy(issuer);
  }

  equals(other: Certificate): boolean {
    return this.der.equals(other.der);
  }
}

const DSA_OID = '1.2.840.10040.4.1';

/** A SEQUENCE around `content` (definite length, DER). */
function derSequence(content: Buffer): Buffer {
  const n = content.length;
  const len =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([0x30]), len, content]);
}

/** Decodes the directory string types of X.520 (RFC 5280 §4.1.2.4) to JavaScript strings. */
export function decodeDirectoryString(t: Tlv): string {
  switch (t.tag) {
    case 0x0c: // UTF8String
      return t.content.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
      return t.content.toString('ascii');
    case 0x14: // TeletexString: treated as Latin-1, as most software does
      return t.content.toString('latin1');
    case 0x1e: {
      // BMPString: UTF-16BE
      const swapped = Buffer.from(t.content);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case 0x1c: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 4 <= t.content.length; i += 4) s += String.fromCodePoint(t.content.readUInt32BE(i));
      return s;
    }
    default:
      return '#' + t.raw.toString('hex');
  }
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue). */
export function parseName(name: Tlv): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const dotted = decodeOid(type);
      out.push({
        oid: dotted,
        label: NAME_ATTRIBUTE_LABELS[dotted] ?? dotted,
        value: decodeDirectoryString(value),
      });
    }
  }
  return out;
}

/** RFC 4514 §2: reversed order, special characters escaped. */
export function formatName(attrs: readonly NameAttribute[]): string {
  return [...attrs]
    .reverse()
    .map((a) => `${a.label}=${a.value.replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1')}`)
    .join(', ');
}

/** Every uniformResourceIdentifier [6] GeneralName below an element. */
function collectUris(t: Tlv, depth = 0): string[] {
  if (t.tag === 0x86) return [t.content.toString('ascii')];
  if (!(t.tag & 0x20) || depth > 8) return [];
  return children(t).flatMap((c) => collectUris(c, depth + 1));
}
