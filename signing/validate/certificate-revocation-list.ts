/**
 * A parsed X.509 CRL (RFC 5280 §5.1): issuer, thisUpdate/nextUpdate and the revoked serials, with a
 * check of the issuer's signature. Parsing never throws for malformed input: `parse` returns null.
 */
import * as crypto from 'node:crypto';
import { verifyWithKey } from '../cms/algorithms';
import { children, decodeInteger, decodeOid, decodeTime, readWhole, type Tlv } from '../cms/der';
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import { signatureAlgorithmOf } from './signature-algorithm-of';
import { namesMatch } from './x509-names';

export interface RevokedEntry {
  readonly serialNumber: bigint;
  readonly revokedAt: Date;
  /** RFC 5280 §5.3.1 CRLReason code, when present. */
  readonly reasonCode?: number;
  /** RFC 5280 §5.3.3 certificateIssuer in force for this entry (indirect CRLs), as GeneralNames DER. */
  readonly certificateIssuer?: Buffer;
  /** A critical entry extension this reader does not know: the CRL cannot be used (§5.3). */
  readonly unknownCritical?: boolean;
}

export interface CrlExtension {
  readonly critical: boolean;
  readonly value: Buffer;
}

/** RFC 5280 §5.2 CRL extensions and §5.3 entry extensions this reader knows. */
const KNOWN_CRL_EXTENSIONS = new Set([
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.18', // issuerAltName
  '2.5.29.20', // cRLNumber
  '2.5.29.27', // deltaCRLIndicator
  '2.5.29.28', // issuingDistributionPoint
  '2.5.29.46', // freshestCRL
]);
const KNOWN_ENTRY_EXTENSIONS = new Set([
  '2.5.29.21', // reasonCode
  '2.5.29.23', // holdInstructionCode
  '2.5.29.24', // invalidityDate
  '2.5.29.29', // certificateIssuer
]);

const DSA_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.10040.4.3': 'sha1',
  '2.16.840.1.101.3.4.3.2': 'sha256',
};

const isTime = (t: Tlv | undefined): t is Tlv => t !== undefined && (t.tag === 0x17 || t.tag === 0x18);

export class CertificateRevocationList {
  private constructor(
    readonly der: Buffer,
    readonly tbsDer: Buffer,
    readonly issuerDer: Buffer,
    readonly thisUpdate: Date,
    readonly nextUpdate: Date | undefined,
    readonly revoked: ReadonlyMap<bigint, RevokedEntry>,
    private readonly signatureAlgorithm: Tlv,
    private readonly signatureValue: Buffer,
    /** Every entry in order (an indirect CRL may list one serial for several issuers). */
    readonly entries: readonly RevokedEntry[],
    readonly extensions: ReadonlyMap<string, CrlExtension>,
  ) {
    this.unusable =
      [...extensions].some(([oid, e]) => e.critical && !KNOWN_CRL_EXTENSIONS.has(oid)) ||
      entries.some((e) => e.unknownCritical === true);
    this.simple =
      !this.unusable &&
      !extensions.has('2.5.29.27') &&
      !extensions.has('2.5.29.28') &&
      !entries.some((e) => e.certificateIssuer !== undefined);
  }

  /**
   * An unknown critical CRL or entry extension (RFC 5280 §5.2, §5.3): the CRL must not be used
   * to decide any certificate's status.
   */
  readonly unusable: boolean;
  /** A complete, direct CRL for every reason (no issuingDistributionPoint, no delta, no certificateIssuer). */
  readonly simple: boolean;

  /** RFC 5280 §5.1 CertificateList; null when the bytes are not one. */
  static parse(der: Buffer): CertificateRevocationList | null {
    try {
      const [tbs, algId, sigBits] = children(readWhole(der));
      if (!tbs || !algId || !sigBits || sigBits.tag !== 0x03) return null;
      const f = children(tbs);
      let i = f[0]?.tag === 0x02 ? 1 : 0; // version, OPTIONAL (v2)
      i++; // signature AlgorithmIdentifier
      const issuer = f[i++];
      const thisUpdate = f[i++];
      if (!issuer || !isTime(thisUpdate)) return null;
      let nextUpdate: Date | undefined;
      if (isTime(f[i])) nextUpdate = decodeTime(f[i++]);
      const revoked = new Map<bigint, RevokedEntry>();
      const entries: RevokedEntry[] = [];
      let certificateIssuer: Buffer | undefined;
      if (f[i]?.tag === 0x30) {
        for (const entry of children(f[i++])) {
          const [serial, date, exts] = children(entry);
          let reasonCode: number | undefined;
          let unknownCritical = false;
          if (exts) {
            for (const ext of children(exts)) {
              const parts = children(ext);
              const oid = decodeOid(parts[0]);
              const value = parts[parts.length - 1].content;
              if (oid === OID.cRLReason) reasonCode = readWhole(value).content[0];
              // RFC 5280 §5.3.3: the issuer stays in force for the entries that follow
              else if (oid === '2.5.29.29') certificateIssuer = value;
              const critical = parts.length === 3 && parts[1].tag === 0x01 && parts[1].content[0] !== 0;
              if (critical && !KNOWN_ENTRY_EXTENSIONS.has(oid)) unknownCritical = true;
            }
          }
          const serialNumber = decodeInteger(serial);
          const e: RevokedEntry = {
            serialNumber,
            revokedAt: decodeTime(date),
            reasonCode,
            ...(certificateIssuer ? { certificateIssuer } : {}),
            ...(unknownCritical ? { unknownCritical } : {}),
          };
          entries.push(e);
          revoked.set(serialNumber, e);
        }
      }
      const extensions = new Map<string, CrlExtension>();
      const extsField = f.slice(i).find((x) => x.tag === 0xa0);
      if (extsField) {
        for (const ext of children(children(extsField)[0])) {
          const parts = children(ext);
          const critical = parts.length === 3 && parts[1].tag === 0x01 && parts[1].content[0] !== 0;
          extensions.set(decodeOid(parts[0]), { critical, value: parts[parts.length - 1].content });
        }
      }
      return new CertificateRevocationList(
        der,
        tbs.raw,
        issuer.raw,
        decodeTime(thisUpdate),
        nextUpdate,
        revoked,
        algId,
        sigBits.content.subarray(1),
        entries,
        extensions,
      );
    } catch {
      return null;
    }
  }

  /** RFC 5280 §5.2.3 cRLNumber (and §5.2.4 deltaCRLIndicator's BaseCRLNumber), when present. */
  get crlNumber(): bigint | undefined {
    return this.integerExtension('2.5.29.20');
  }

  get baseCrlNumber(): bigint | undefined {
    return this.integerExtension('2.5.29.27');
  }

  private integerExtension(oid: string): bigint | undefined {
    const e = this.extensions.get(oid);
    if (!e) return undefined;
    try {
      return decodeInteger(readWhole(e.value));
    } catch {
      return undefined;
    }
  }

  /** RFC 5280 §6.3.3 (f)/(g): issued by `issuer` (name and signature); memoised per issuer instance. */
  isIssuedBy(issuer: Certificate): boolean {
    if (!namesMatch(this.issuerDer, issuer.subjectDer)) return false;
    let ok = this.issuedBy.get(issuer);
    if (ok === undefined) this.issuedBy.set(issuer, (ok = this.signedBy(issuer)));
    return ok;
  }

  private readonly issuedBy = new WeakMap<Certificate, boolean>();

  private signedBy(issuer: Certificate): boolean {
    try {
      const alg = signatureAlgorithmOf(this.signatureAlgorithm);
      if (alg !== null) return verifyWithKey(alg, this.tbsDer, this.signatureValue, issuer.publicKey);
      // DSA (FIPS 186; RFC 3279 §2.2.2, RFC 5758 §3.1), which the CMS layer does not sign with
      const hash = DSA_HASHES[decodeOid(children(this.signatureAlgorithm)[0])];
      return hash !== undefined && crypto.verify(hash, this.tbsDer, issuer.publicKey, this.signatureValue);
    } catch {
      return false;
    }
  }

  /** The entry for a serial number (removeFromCRL, code 8, means not revoked: RFC 5280 §5.3.1). */
  revocationOf(serialNumber: bigint): RevokedEntry | undefined {
    const e = this.revoked.get(serialNumber);
    return e !== undefined && e.reasonCode !== 8 ? e : undefined;
  }
}
