import * as crypto from 'node:crypto';
import { Certificate } from '../pki/certificate';
import { verifyReceived } from './algorithms';
import { ParsedSignedData, ParsedSignerInfo } from './parse-signed-data';

/** The cryptographic facts about one SignerInfo; words, not exceptions (the validator decides). */
export interface SignerInfoCheck {
  /** The certificate the sid names, found among the embedded (or extra) certificates. */
  readonly signerCertificate: Certificate | null;
  /** message-digest attribute equals the digest of the signed content (RFC 5652 §11.2). */
  readonly messageDigestMatches: boolean;
  /** content-type attribute present and equal to eContentType (RFC 5652 §11.1). */
  readonly contentTypeMatches: boolean;
  /** The signature over the signed attributes verifies with the certificate's key (RFC 5652 §5.6). */
  readonly signatureValid: boolean;
  /**
   * ESS signing-certificate(-v2) names the signer certificate (hash and, when present, issuer/serial):
   * 'match', 'mismatch', or 'absent' (ETSI EN 319 122-1 §5.2.2 requires it for baseline signatures).
   */
  readonly signingCertificate: 'match' | 'mismatch' | 'absent';
  /** The signature or digest algorithm is one we cannot evaluate (MD5, unknown). */
  readonly algorithmUnsupported: boolean;
}

/** The certificate a SignerIdentifier names (RFC 5652 §5.3): issuer + serial, or subject key id. */
export function findSignerCertificate(
  signerInfo: ParsedSignerInfo,
  candidates: readonly Certificate[],
): Certificate | null {
  const sid = signerInfo.sid;
  return (
    candidates.find((c) =>
      sid.kind === 'issuerAndSerialNumber'
        ? c.serialNumber === sid.serialNumber && c.issuerDer.equals(sid.issuerDer)
        : c.subjectKeyIdentifier?.equals(sid.keyIdentifier) === true,
    ) ?? null
  );
}

/**
 * Checks a SignerInfo with signed attributes against the digest of the signed content (for PAdES,
 * of the /ByteRange bytes, computed with the SignerInfo's digest algorithm by the caller).
 */
export function verifySignerInfo(
  signedData: ParsedSignedData,
  signerInfo: ParsedSignerInfo,
  contentDigest: Buffer,
  extraCertificates: readonly Certificate[] = [],
): SignerInfoCheck {
  const embedded = signedData.certificates.flatMap((der) => {
    try {
      return [Certificate.fromDer(der)];
    } catch {
      return [];
    }
  });
  const cert = findSignerCertificate(signerInfo, [...embedded, ...extraCertificates]);
  const alg = signerInfo.signatureAlgorithm;
  const algorithmUnsupported = alg === null || signerInfo.digestAlgorithm === null;
  const messageDigestMatches =
    signerInfo.messageDigest !== undefined &&
    signerInfo.messageDigest.length === contentDigest.length &&
    crypto.timingSafeEqual(signerInfo.messageDigest, contentDigest);
  const signatureValid =
    cert !== null &&
    alg !== null &&
    signerInfo.signedAttributesDer !== null &&
    verifyReceived(alg, signerInfo.signedAttributesDer, signerInfo.signature, cert.publicKey);

  let signingCertificate: SignerInfoCheck['signingCertificate'] = 'absent';
  const ids = signerInfo.signingCertificateV2 ?? signerInfo.signingCertificate;
  if (ids && ids.length > 0) {
    const first = ids[0];
    const hash = first.hashAlgorithm;
    const ok =
      cert !== null &&
      hash !== null &&
      crypto.createHash(hash).update(cert.der).digest().equals(first.certHash) &&
      (first.serialNumber === undefined || first.serialNumber === cert.serialNumber) &&
      (first.issuerDer === undefined || first.issuerDer.equals(cert.issuerDer));
    signingCertificate = ok ? 'match' : 'mismatch';
  }
  return {
    signerCertificate: cert,
    messageDigestMatches,
    contentTypeMatches: signerInfo.contentType === signedData.encapsulatedContentType,
    signatureValid,
    signingCertificate,
    algorithmUnsupported,
  };
}
