/**
 * A parsed X.509 CRL (RFC 5280 §5.1): issuer, thisUpdate/nextUpdate and the revoked serials, with a
 * check of the issuer's signature. Parsing never throws for malformed input: `parse` returns null.
 */
import { verifyWithKey } from '../cms/algorithms';
import { children, decodeInteger, decodeOid, decodeTime, readWhole, type Tlv } from '../cms/der';
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import { signatureAlgorithmOf } from './signature-algorithm-of';

export interface RevokedEntry {
  readonly serialNumber: bigint;
  readonly revokedAt: Date;
  /** RFC 5280 §5.3.1 CRLReason code, when present. */
  readonly reasonCode?: number;
}

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
  ) {}

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
      if (f[i]?.tag === 0x30) {
        for (const entry of children(f[i++])) {
          const [serial, date, exts] = children(entry);
          let reasonCode: number | undefined;
          if (exts) {
            for (const ext of children(exts)) {
              const parts = children(ext);
              if (decodeOid(parts[0]) === OID.cRLReason) {
                reasonCode = readWhole(parts[parts.length - 1].content).content[0];
              }
            }
          }
          const serialNumber = decodeInteger(serial);
          revoked.set(serialNumber, { serialNumber, revokedAt: decodeTime(date), reasonCode });
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
      );
    } catch {
      return null;
    }
  }

  /** RFC 5280 §6.3.3 (f)/(g): issued by `issuer` (name and signature); memoised per issuer instance. */
  isIssuedBy(issuer: Certificate): boolean {
    if (!this.issuerDer.equals(issuer.subjectDer)) return false;
    let ok = this.issuedBy.get(issuer);
    if (ok === undefined) this.issuedBy.set(issuer, (ok = this.signedBy(issuer)));
    return ok;
  }

  private readonly issuedBy = new WeakMap<Certificate, boolean>();

  private signedBy(issuer: Certificate): boolean {
    try {
      const alg = signatureAlgorithmOf(this.signatureAlgorithm);
      return alg !== null && verifyWithKey(alg, this.tbsDer, this.signatureValue, issuer.publicKey);
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
