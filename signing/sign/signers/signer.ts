import type { DigestAlgorithm, SignatureAlgorithm } from '../../cms/algorithms';
import type { Certificate } from '../../pki/certificate';

/**
 * Something that produces signature values with one key, agnostic as to where the cryptographic
 * operation happens (a PKCS#12 key in memory, a PKCS#11 token, a remote client).
 *
 * The CMS layer calls `sign` with the DER of the signed attributes (RFC 5652 §5.4): the signer
 * hashes it with `algorithm.hash` and returns the raw signature value (for ECDSA the DER
 * Ecdsa-Sig-Value, RFC 5758 §3.2).
 */
export interface Signer {
  /** The signing certificate (ESS signing-certificate-v2 names it). */
  readonly certificate: Certificate;
  /** Issuing CA certificates, leaf to root, excluding `certificate`; may be empty. */
  readonly chain: readonly Certificate[];
  /** The algorithm this signer uses with a given digest (e.g. RSA PKCS#1 v1.5 or PSS with SHA-256). */
  signatureAlgorithm(digestAlgorithm: DigestAlgorithm): SignatureAlgorithm;
  sign(dataToSign: Buffer, algorithm: SignatureAlgorithm): Promise<Buffer>;
}
