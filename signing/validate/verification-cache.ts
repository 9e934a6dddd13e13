/**
 * One validation's parsed certificates, CRLs and OCSP responses, keyed by their DER: a document's
 * signatures, timestamp tokens and DSS carry the same CA certificates, CRLs and responses many
 * times over, and each must be parsed — and its signature checked — only once. Equal DER gives
 * the same instance, so the per-instance memos of signature checks (certificate-path.ts,
 * CertificateRevocationList.isIssuedBy, OcspResponse.isAuthorisedBy) hit across signatures.
 * Lives for one `validatePdf` call; nothing is shared between documents.
 */
import { Certificate } from '../pki/certificate';
import { CertificateRevocationList } from './certificate-revocation-list';
import { OcspResponse } from './ocsp-response';

/**
 * DER-keyed instances. The key is the length and the last 32 bytes (a signature's: distinct for
 * distinct certificates, CRLs and responses), not a string of the whole encoding, which costs a
 * copy and a hash of every byte per lookup; entries with the same key are told apart by comparing
 * their bytes, so equal DER, and only equal DER, gives the same instance.
 */
class DerMap<T> {
  private readonly buckets = new Map<string, { der: Buffer; value: T }[]>();

  private static keyOf(der: Buffer): string {
    return `${der.length}:${der.toString('latin1', Math.max(0, der.length - 32))}`;
  }

  get(der: Buffer): T | undefined {
    return this.buckets.get(DerMap.keyOf(der))?.find((e) => e.der.equals(der))?.value;
  }

  set(der: Buffer, value: T): void {
    const key = DerMap.keyOf(der);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, [{ der, value }]);
    else bucket.push({ der, value });
  }
}

export class VerificationCache {
  private readonly certificates = new DerMap<Certificate | null>();
  private readonly crls = new DerMap<CertificateRevocationList | null>();
  private readonly ocsps = new DerMap<OcspResponse | null>();

  /** The certificate with this DER, parsed once; null when malformed. */
  certificate(der: Buffer): Certificate | null {
    // The same Buffer (a parsed CMS is reused by every check of its signature) needs no lookup.
    const seen = this.byBuffer.get(der);
    if (seen !== undefined) return seen;
    let c = this.certificates.get(der);
    if (c === undefined) {
      try {
        c = Certificate.fromDer(der);
      } catch {
        c = null;
      }
      this.certificates.set(der, c);
    }
    this.byBuffer.set(der, c);
    return c;
  }

  // A Map, not a WeakMap: the cache lives for one validation, and a certificate refers to its DER
  // (the key), which a WeakMap that outlived a minor GC would keep until the next full GC.
  private readonly byBuffer = new Map<Buffer, Certificate | null>();

  /** The cache's instance for a certificate parsed elsewhere (a trust anchor, a CMS signer). */
  canonical(c: Certificate): Certificate {
    const known = this.certificates.get(c.der);
    if (known) return known;
    // A malformed entry (null) with these bytes cannot exist: c parsed from them.
    this.certificates.set(c.der, c);
    return c;
  }

  /** Certificates of a list of DERs, malformed ones left out, in order. */
  certificatesOf(ders: readonly Buffer[]): Certificate[] {
    return ders.map((d) => this.certificate(d)).filter((c): c is Certificate => c !== null);
  }

  crl(der: Buffer): CertificateRevocationList | null {
    let c = this.crls.get(der);
    if (c === undefined) this.crls.set(der, (c = CertificateRevocationList.parse(der)));
    return c;
  }

  ocsp(der: Buffer): OcspResponse | null {
    let o = this.ocsps.get(der);
    if (o === undefined) this.ocsps.set(der, (o = OcspResponse.parse(der, (d) => this.certificate(d))));
    return o;
  }
}
