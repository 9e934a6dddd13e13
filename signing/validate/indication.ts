/**
 * The indication of a signature, built from positive facts (ETSI EN 319 102-1 §5.1.3): TOTAL_PASSED
 * only when each fact was established, never because no check happened to fail. This module is the
 * only place in signing/validate/ that produces TOTAL_PASSED (a test holds the code to that).
 */
import type { CertificateSummary, Indication, SignatureValidation, SubIndication } from './validation-result';

/** What must be established, each by a check that ran, for a signature to pass. */
export interface SignatureFacts {
  /** Structure sound, the signed bytes unchanged, the signature value verifies with the signer's key. */
  readonly intact: boolean;
  /** The changes of every later revision are allowed (ISO 32000-2 §12.8.2). */
  readonly modificationsAllowed: boolean;
  /** The algorithms are acceptable at the validation time (ETSI TS 119 312). */
  readonly algorithmsAcceptable: boolean;
  /** A path to a configured anchor, valid at the validation time or at a proof of existence. */
  readonly chainTrusted: boolean;
  /**
   * Every certificate of that path below the anchor has a known revocation status (good, or revoked
   * after a proof of existence: the path check decides whether a revocation fails the path).
   */
  readonly revocationKnown: boolean;
}

/** The first failed check's verdict, when one failed. */
export interface Verdict {
  readonly indication: Indication;
  readonly sub: SubIndication;
}

/**
 * A failed check's verdict stands; otherwise TOTAL_PASSED needs every fact. A fact missing without
 * a verdict (a check that did not run, a path this code did not foresee) is INDETERMINATE, naming
 * the first missing fact.
 */
export function indicationOf(
  facts: SignatureFacts,
  verdict: Verdict | undefined,
): { indication: Indication; sub: SubIndication | undefined } {
  if (verdict !== undefined) return { indication: verdict.indication, sub: verdict.sub };
  if (!facts.intact) return { indication: 'INDETERMINATE', sub: 'SIGNED_DATA_NOT_FOUND' };
  if (!facts.modificationsAllowed) return { indication: 'TOTAL_FAILED', sub: 'FORMAT_FAILURE' };
  if (!facts.algorithmsAcceptable) return { indication: 'INDETERMINATE', sub: 'CRYPTO_CONSTRAINTS_FAILURE' };
  if (!facts.chainTrusted) return { indication: 'INDETERMINATE', sub: 'NO_CERTIFICATE_CHAIN_FOUND' };
  if (!facts.revocationKnown) return { indication: 'INDETERMINATE', sub: 'TRY_LATER' };
  return { indication: 'TOTAL_PASSED', sub: undefined };
}

/** Revocation known for a path: a status for every certificate, or the anchor itself (RFC 5280 §6.3). */
export function revocationKnown(chain: readonly CertificateSummary[]): boolean {
  return chain.length > 0 && chain.every((c) => c.revocation !== 'unknown');
}

/**
 * The document's indication: undefined without signatures, TOTAL_PASSED only when there are
 * signatures and every one passed, otherwise the worst one.
 */
export function documentIndication(signatures: readonly SignatureValidation[]): Indication | undefined {
  if (signatures.length === 0) return undefined;
  if (signatures.some((s) => s.indication === 'TOTAL_FAILED')) return 'TOTAL_FAILED';
  if (signatures.every((s) => s.indication === 'TOTAL_PASSED')) return 'TOTAL_PASSED';
  return 'INDETERMINATE';
}
