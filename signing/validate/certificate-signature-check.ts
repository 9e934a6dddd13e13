/**
 * Whether a certificate's signature verifies with another certificate's key (RFC 5280 §6.1.3
 * (a)(1)), memoised per pair of instances: the result depends only on the two certificates'
 * bytes, and a validation hands equal DER the same instance (verification-cache.ts), so the CA
 * certificates shared by a document's signatures, timestamps and OCSP responses are checked once.
 *
 * The check verifies the TBSCertificate with the outer signatureAlgorithm (which must equal the
 * TBS `signature` field, RFC 5280 §4.1.1.2, as OpenSSL's X509_verify requires) and the issuer's key
 * (Certificate.publicKey, imported from JWK where exact), without building an X509Certificate (≈100 µs each in OpenSSL 3).
 * Algorithms the CMS layer does not know (SHA-1 RSA, EdDSA, ...) go to Certificate.isSignedBy,
 * i.e. OpenSSL's own X509_verify.
 */
import { verifyWithKey } from '../cms/algorithms';
import { children, readWhole } from '../cms/der';
import type { Certificate } from '../pki/certificate';
import { signatureAlgorithmOf } from './signature-algorithm-of';

const checks = new WeakMap<Certificate, WeakMap<Certificate, boolean>>();

export function isCertificateSignedBy(child: Certificate, parent: Certificate): boolean {
  let byParent = checks.get(child);
  if (byParent === undefined) checks.set(child, (byParent = new WeakMap()));
  let ok = byParent.get(parent);
  if (ok === undefined) byParent.set(parent, (ok = check(child, parent)));
  return ok;
}

function check(child: Certificate, parent: Certificate): boolean {
  let parts;
  try {
    parts = children(readWhole(child.der));
  } catch {
    return false;
  }
  const [tbs, algId, sigBits] = parts;
  if (parts.length !== 3 || sigBits.tag !== 0x03 || sigBits.content[0] !== 0) return false;
  let alg;
  let inner;
  try {
    alg = signatureAlgorithmOf(algId);
    const fields = children(tbs);
    inner = fields[fields[0]?.tag === 0xa0 ? 2 : 1];
  } catch {
    alg = null;
  }
  if (alg === null || inner === undefined) return child.isSignedBy(parent);
  if (!inner.raw.equals(algId.raw)) return false;
  return verifyWithKey(alg, tbs.raw, sigBits.content.subarray(1), parent.publicKey);
}
