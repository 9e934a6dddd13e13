/**
 * Typed results of signature validation. Indications and sub-indications are named as in ETSI EN
 * 319 102-1 §5.1.3 (Table 4 main indications, Table 5 sub-indications).
 */

/** ETSI EN 319 102-1 Table 4. */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** ETSI EN 319 102-1 Table 5 (the ones this validator can produce). */
export type SubIndication =
  // TOTAL_FAILED
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  // INDETERMINATE
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'NOT_YET_VALID'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'TRY_LATER'
  | 'SIGNED_DATA_NOT_FOUND';

/** What later revisions did to a signed revision (see docs/validation.md, modification policy). */
export type ModificationLevel = 'NONE' | 'LTA_UPDATES' | 'FORM_FILLING' | 'ANNOTATIONS' | 'OTHER';

export const MODIFICATION_ORDER: readonly ModificationLevel[] = [
  'NONE',
  'LTA_UPDATES',
  'FORM_FILLING',
  'ANNOTATIONS',
  'OTHER',
];

/** How much of the file a /ByteRange covers (ETSI EN 319 142-1 §5.1, ISO 32000-2 §12.8.1). */
export type Coverage = 'ENTIRE_FILE' | 'ENTIRE_REVISION' | 'PARTIAL' | 'NONE';

export interface ObjectChange {
  /** Index of the revision that made the change (0 = original). */
  readonly revision: number;
  /** `N G` of the object, or 'trailer'. */
  readonly objectRef: string;
  readonly kind: ModificationLevel;
  readonly detail: string;
}

export interface Modifications {
  readonly level: ModificationLevel;
  /** Whether the changes are allowed by DocMDP/FieldMDP and our policy (OTHER never is). */
  readonly allowed: boolean;
  readonly changes: readonly ObjectChange[];
}

export interface StructureCheck {
  readonly byteRange: readonly number[] | undefined;
  /** The revision (index) whose end the byte range reaches; undefined when none does. */
  readonly revision: number | undefined;
  readonly coverage: Coverage;
  /** The gap holds exactly the /Contents hex string of this signature dictionary. */
  readonly gapIsContents: boolean;
  readonly problems: readonly string[];
}

export interface CryptoCheck {
  readonly digestAlgorithm: string | undefined;
  readonly signatureAlgorithm: string | undefined;
  readonly messageDigestMatches: boolean;
  readonly signatureValid: boolean;
  readonly signingCertificateAttribute: 'match' | 'mismatch' | 'absent' | 'not-checked';
  /** The weak algorithms or key sizes (ETSI TS 119 312, signing/validate/algorithm-policy.ts), if any. */
  readonly weakAlgorithm: string | undefined;
  /** Until when the weak algorithm was acceptable (ISO 8601; absent: never, or none weak). */
  readonly weakAlgorithmSunset?: string;
  /**
   * Set when a weak algorithm is still accepted: the validation time is before its sunset, or a
   * proof of existence (a trusted, strong timestamp) predates the sunset.
   */
  readonly weakAlgorithmAccepted?: 'before-sunset' | 'proof-of-existence';
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly sha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** 'good' | 'revoked' | 'unknown' | 'trust-anchor' (anchors are not checked for revocation). */
  readonly revocation: 'good' | 'revoked' | 'unknown' | 'trust-anchor';
  readonly revokedAt?: string;
  /** Where the revocation status came from ('offline': evidence the auditor handed in, --crl/--ocsp). */
  readonly revocationSource?: 'cms' | 'dss' | 'online' | 'offline';
}

export interface TimestampCheck {
  readonly kind: 'signature' | 'document';
  readonly genTime: string | undefined;
  readonly intact: boolean;
  readonly valid: boolean;
  readonly trusted: boolean;
  readonly problems: readonly string[];
}

export interface SignatureValidation {
  /** 'signature' (/Type /Sig or none) or 'document-timestamp' (/Type /DocTimeStamp, ETSI EN 319 142-1 §5.4). */
  readonly kind: 'signature' | 'document-timestamp';
  readonly fieldName: string;
  readonly subFilter: string | undefined;
  /** Certification signature (/Perms /DocMDP) with its /P. */
  readonly docMdpPermissions: number | undefined;
  readonly signerName: string | undefined;
  /** The signed bytes are unchanged and the CMS signature verifies over them. */
  readonly intact: boolean;
  /** intact, acceptable algorithms, and no disallowed modification after signing. */
  readonly valid: boolean;
  /** A path to a configured trust anchor, valid and not revoked at the right time. */
  readonly trusted: boolean;
  readonly indication: Indication;
  readonly subIndication: SubIndication | undefined;
  /** Human-readable reasons (English), most important first. */
  readonly reasons: readonly string[];
  readonly structure: StructureCheck;
  readonly crypto: CryptoCheck | undefined;
  /** Signer certificate first, trust anchor last; empty when no path was found. */
  readonly chain: readonly CertificateSummary[];
  readonly timestamps: readonly TimestampCheck[];
  readonly modifications: Modifications;
  readonly modificationLevel: ModificationLevel;
  /** The moment the certificates were evaluated at (ISO 8601). */
  readonly validationTime: string;
  /** Claimed signing time (/M or the signing-time attribute), not proven. */
  readonly claimedSigningTime: string | undefined;
}

/** Cross-reference repairs one revision needed to be read (an auditor's fact, not a verdict). */
export interface RevisionRepair {
  /** Revision index (0 = original). */
  readonly revision: number;
  /** Whether a signature's range covers the revision (false: nobody signed it). */
  readonly signed: boolean;
  /** What the reader repaired, as it says it. */
  readonly repairs: readonly string[];
}

export interface DocumentValidation {
  readonly validationTime: string;
  readonly revisions: number;
  readonly fileLength: number;
  readonly encrypted: boolean;
  readonly repaired: boolean;
  readonly signatures: readonly SignatureValidation[];
  /** Whether the newest signature covers the file up to its end (nothing unsigned appended). */
  readonly lastRevisionCovered: boolean;
  /** Revisions after the newest signature's revision (what a reader sees now but nobody signed). */
  readonly unsignedRevisions: number;
  /** The revisions whose cross-reference data needed repair to be read (none for a sound file). */
  readonly repairedRevisions?: readonly RevisionRepair[];
  /** The worst indication over all signatures (undefined when unsigned). */
  readonly indication: Indication | undefined;
  readonly warnings: readonly string[];
}

/** Deep freeze for result objects (plain data only). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
