/**
 * Where B-LT revocation data comes from (ETSI EN 319 142-1 §5.4: the DSS holds the CRLs and OCSP
 * responses a verifier needs). Production fetches them from the URLs in the certificates through the
 * egress allow-list; development asks the in-process CRL issuer and OCSP responder.
 */
import * as crypto from 'node:crypto';
import { children, integerFromUnsigned, nullValue, octetString, oid, readTlv, sequence } from '../cms/der';
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import type { DevCrlIssuer, Revocation } from '../pki/dev-crl-issuer';
import { bigintBytes } from '../pki/issue-certificate';
import type { OcspResponder } from '../pki/ocsp-responder';

export interface RevocationData {
  readonly crls: readonly Buffer[];
  readonly ocspResponses: readonly Buffer[];
}

export interface RevocationDataSource {
  /** CRLs and OCSP responses (DER) about `certificate`, issued by `issuer`, current at `at`. */
  collect(certificate: Certificate, issuer: Certificate, at: Date): Promise<RevocationData>;
  /** The revocation of `certificate` effective at `at`, when the source knows it (refuse to sign). */
  revocationOf?(certificate: Certificate, issuer: Certificate, at: Date): Promise<Revocation | null>;
}

/** The development PKI's services, in process: CRLs from each CA's issuer, OCSP for one CA. */
export class DevRevocationData implements RevocationDataSource {
  constructor(
    private readonly crlIssuers: readonly DevCrlIssuer[],
    private readonly ocsp?: { readonly responder: OcspResponder; readonly issuer: Certificate },
  ) {}

  async collect(certificate: Certificate, issuer: Certificate, at: Date): Promise<RevocationData> {
    const crls = this.crlIssuers.filter((c) => c.issuer.equals(issuer)).map((c) => c.issue(at));
    const ocspResponses =
      this.ocsp !== undefined && this.ocsp.issuer.equals(issuer)
        ? [this.ocsp.responder.respond(ocspRequest(certificate, issuer), at)]
        : [];
    return { crls, ocspResponses };
  }

  async revocationOf(certificate: Certificate, issuer: Certificate, at: Date): Promise<Revocation | null> {
    for (const c of this.crlIssuers) {
      if (!c.issuer.equals(issuer)) continue;
      const r = c.revocationOf(certificate.serialNumber);
      if (r !== null && r.revokedAt.getTime() <= at.getTime()) return r;
    }
    return null;
  }
}

/** An OCSPRequest for one certificate (RFC 6960 §4.1.1), CertID hashed with SHA-1 as §4.3 requires. */
export function ocspRequest(certificate: Certificate, issuer: Certificate): Buffer {
  const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
  const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest();
  const certId = sequence(
    sequence(oid(OID.sha1), nullValue()),
    octetString(sha1(issuer.subjectDer)),
    octetString(sha1(key.content.subarray(1))),
    integerFromUnsigned(bigintBytes(certificate.serialNumber)),
  );
  return sequence(sequence(sequence(sequence(certId))));
}
