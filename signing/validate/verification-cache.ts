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

/** DER bytes as a Map key (latin1: one char per byte, no hashing needed). */
const keyOf = (der: Buffer): string => der.toString('latin1');

export class VerificationCache {
  private readonly certificates = new Map<string, Certificate | null>();
  private readonly crls = new Map<string, CertificateRevocationList | null>();
  private readonly ocsps = new Map<string, OcspResponse | null>();

  /** The certificate with this DER, parsed once; null when malformed. */
  certificate(der: Buffer): Certificate | null {
    // The same Buffer (a parsed CMS is reused by every check of its signature) needs no key string.
    const seen = this.byBuffer.get(der);
    if (seen !== undefined) return seen;
    const key = keyOf(der);
    let c = this.certificates.get(key);
    if (c === undefined) {
      try {
        c = Certificate.fromDer(der);
      } catch {
        c = null;
      }
      this.certificates.set(key, c);
    }
    this.byBuffer.set(der, c);
    return c;
  }

  private readonly byBuffer = new WeakMap<Buffer, Certificate | null>();

  /** The cache's instance for a certificate parsed elsewhere (a trust anchor, a CMS signer). */
  canonical(c: Certificate): Certificate {
    const key = keyOf(c.der);
    const known = this.certificates.get(key);
    if (known) return known;
    this.certificates.set(key, c);
    return c;
  }

  /** Certificates of a list of DERs, malformed ones left out, in order. */
  certificatesOf(ders: readonly Buffer[]): Certificate[] {
    return ders.map((d) => this.certificate(d)).filter((c): c is Certificate => c !== null);
  }

  crl(der: Buffer): CertificateRevocationList | null {
    const key = keyOf(der);
    let c = this.crls.get(key);
    if (c === undefined) this.crls.set(key, (c = CertificateRevocationList.parse(der)));
    return c;
  }

  ocsp(der: Buffer): OcspResponse | null {
    const key = keyOf(der);
    let o = this.ocsps.get(key);
    if (o === undefined) this.ocsps.set(key, (o = OcspResponse.parse(der, (d) => this.certificate(d))));
    return o;
  }
}
