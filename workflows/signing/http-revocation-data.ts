import type { Certificate } from '../../signing/pki/certificate';
import { REVOCATION_REASONS, type Revocation, type RevocationReason } from '../../signing/pki/dev-crl-issuer';
import type { RevocationData, RevocationDataSource } from '../../signing/sign/revocation-data-source';
import { CertificateRevocationList } from '../../signing/validate/certificate-revocation-list';
import { HttpCrlFetcher, type CrlFetcherOptions } from '../../signing/validate/crl-fetcher';
import { HttpOcspFetcher } from '../../signing/validate/ocsp-fetcher';
import { OcspResponse } from '../../signing/validate/ocsp-response';

const REASON_BY_CODE = Object.fromEntries(
  Object.entries(REVOCATION_REASONS).map(([k, v]) => [v, k]),
) as Record<number, RevocationReason>;

/**
 * Production revocation data for B-LT (ETSI EN 319 142-1 §5.4) and the check before signing: the
 * CRLs at the certificate's CRL distribution points and an OCSP response from its AIA responder,
 * fetched through the validator's fetchers with their egress rules (the host allow-list from the
 * server configuration, no private addresses, timeouts, size caps, caches). Only CRLs signed by the
 * issuer and OCSP responses the issuer authorised are used.
 */
export class HttpRevocationData implements RevocationDataSource {
  private readonly crls: HttpCrlFetcher;
  private readonly ocsp: HttpOcspFetcher;

  constructor(
    options: Pick<CrlFetcherOptions, 'allowList' | 'allowPrivateAddresses' | 'timeoutMs' | 'clock'>,
  ) {
    this.crls = new HttpCrlFetcher(options);
    this.ocsp = new HttpOcspFetcher(options);
  }

  async collect(certificate: Certificate, issuer: Certificate, at: Date): Promise<RevocationData> {
    const crls = (await this.crls.fetchCrls(certificate)).filter(
      (der) => CertificateRevocationList.parse(der)?.isIssuedBy(issuer) === true,
    );
    const ocspResponses = (await this.ocsp.fetchOcsp(certificate, issuer)).filter((der) => {
      const r = OcspResponse.parse(der);
      return r !== null && r.isAuthorisedBy(issuer, at) && r.find(certificate, issuer) !== undefined;
    });
    return { crls, ocspResponses };
  }

  async revocationOf(certificate: Certificate, issuer: Certificate, at: Date): Promise<Revocation | null> {
    const { crls, ocspResponses } = await this.collect(certificate, issuer, at);
    for (const der of ocspResponses) {
      const single = OcspResponse.parse(der)!.find(certificate, issuer);
      if (single?.status === 'revoked' && single.revokedAt && single.revokedAt.getTime() <= at.getTime()) {
        return { serialNumber: certificate.serialNumber, revokedAt: single.revokedAt, reason: 'unspecified' };
      }
    }
    for (const der of crls) {
      const entry = CertificateRevocationList.parse(der)!.revocationOf(certificate.serialNumber);
      if (entry && entry.revokedAt.getTime() <= at.getTime()) {
        const reason =
          entry.reasonCode !== undefined
            ? (REASON_BY_CODE[entry.reasonCode] ?? 'unspecified')
            : 'unspecified';
        return { serialNumber: certificate.serialNumber, revokedAt: entry.revokedAt, reason };
      }
    }
    return null;
  }
}
