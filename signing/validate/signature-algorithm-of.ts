/**
 * The signature algorithm an AlgorithmIdentifier names (parseSignatureAlgorithm, RFC 5754 / RFC
 * 4055), memoised by its DER: the certificates, CRLs and OCSP responses of a document repeat a
 * handful of identifiers, and decoding one (OIDs, PSS parameters) costs more than the lookup.
 * Only identifiers that name their hash are handled (no fallback hash): those of certificates,
 * CRLs and OCSP responses.
 */
import { parseSignatureAlgorithm, type SignatureAlgorithm } from '../cms/algorithms';
import type { Tlv } from '../cms/der';

const known = new Map<string, SignatureAlgorithm | null>();
const MAX_KNOWN = 1000;

export function signatureAlgorithmOf(identifier: Tlv): SignatureAlgorithm | null {
  const key = identifier.raw.toString('latin1');
  let alg = known.get(key);
  if (alg === undefined) {
    try {
      alg = parseSignatureAlgorithm(identifier, null);
    } catch {
      alg = null;
    }
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(key, alg);
  }
  return alg;
}
