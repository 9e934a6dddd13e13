/**
 * Cryptographic constraints with sunset dates (ETSI EN 319 102-1 §5.2.8, ETSI TS 119 312): which
 * algorithms and key sizes are weak, and until when each weak class was acceptable. A weak
 * algorithm is accepted when the validation time is before its sunset, or when a proof of existence
 * (a trusted signature or document timestamp, itself made with strong algorithms) shows the
 * signature existed before the sunset (§5.6.2.5). Otherwise the signature is INDETERMINATE /
 * CRYPTO_CONSTRAINTS_FAILURE_NO_POE; a class with no sunset (never acceptable under this policy)
 * gives INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE whatever the proof of existence.
 */
import type { Certificate } from '../pki/certificate';
import type { ParsedSignerInfo } from '../cms/parse-signed-data';

/** The weak classes this policy knows. */
export type WeakAlgorithmClass =
  /** SHA-1 as the message digest or in the signature algorithm (incl. adbe.pkcs7.sha1). */
  | 'sha1'
  /** RSA keys of 1024 up to 2047 bits (80-bit security). */
  | 'rsa-1024'
  /** RSA keys below 1024 bits. */
  | 'rsa-short'
  /** EC curves other than P-256, P-384 and P-521. */
  | 'ec-curve';

/**
 * Default sunsets, after NIST SP 800-131A (rev. 1 and 2, Table 1 and §9): SHA-1 and 80-bit
 * (RSA-1024) signature generation "disallowed after 2013". RSA below 1024 bits and curves outside
 * P-256/384/521 have no sunset here: they are not acceptable at any time (null).
 */
export const DEFAULT_ALGORITHM_SUNSETS: Readonly<Record<WeakAlgorithmClass, Date | null>> = {
  sha1: new Date('2014-01-01T00:00:00Z'),
  'rsa-1024': new Date('2014-01-01T00:00:00Z'),
  'rsa-short': null,
  'ec-curve': null,
};

export interface Weakness {
  readonly class: WeakAlgorithmClass;
  /** For the report: 'SHA-1 digest', 'RSA key of 1024 bits', … */
  readonly description: string;
}

/** The weak algorithms of a SignerInfo and its signer's key (strong ones give an empty list). */
export function weaknessesOf(
  si: ParsedSignerInfo,
  signer: Certificate | null,
  subFilter?: string,
): Weakness[] {
  const out: Weakness[] = [];
  if (si.digestAlgorithm === 'sha1') out.push({ class: 'sha1', description: 'SHA-1 digest' });
  else if (si.signatureAlgorithm?.hash === 'sha1')
    out.push({ class: 'sha1', description: 'SHA-1 signature' });
  else if (subFilter === 'adbe.pkcs7.sha1')
    out.push({ class: 'sha1', description: 'SHA-1 digest of the signed bytes (adbe.pkcs7.sha1)' });
  if (signer) {
    const key = keyWeakness(signer);
    if (key !== null) out.push(key);
  }
  return out;
}

/** A key's weakness, once per certificate instance (KeyObject's details are read from OpenSSL per call). */
const keyWeaknesses = new WeakMap<Certificate, Weakness | null>();
function keyWeakness(signer: Certificate): Weakness | null {
  let w = keyWeaknesses.get(signer);
  if (w !== undefined) return w;
  w = null;
  const key = signer.publicKey;
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048)
      w = { class: bits >= 1024 ? 'rsa-1024' : 'rsa-short', description: `RSA key of ${bits} bits` };
  } else if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== undefined && !['prime256v1', 'secp384r1', 'secp521r1'].includes(curve))
      w = { class: 'ec-curve', description: `EC curve ${curve}` };
  }
  keyWeaknesses.set(signer, w);
  return w;
}

/** The judgement of a signature's weak algorithms at `at`, given its earliest proof of existence. */
export type AlgorithmJudgement =
  | { readonly acceptable: true; readonly weak: undefined }
  | {
      readonly acceptable: true;
      readonly weak: string;
      /** The earliest sunset among the weak classes. */
      readonly sunset: Date;
      /** Why it is still accepted. */
      readonly because: 'before-sunset' | 'proof-of-existence';
    }
  | {
      readonly acceptable: false;
      readonly weak: string;
      /** Undefined: a class with no sunset (never acceptable) → CRYPTO_CONSTRAINTS_FAILURE. */
      readonly sunset: Date | undefined;
      readonly sub: 'CRYPTO_CONSTRAINTS_FAILURE' | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE';
    };

export function judgeAlgorithms(
  weaknesses: readonly Weakness[],
  at: Date,
  proofOfExistence: Date | undefined,
  sunsets: Partial<Record<WeakAlgorithmClass, Date | null>> = {},
): AlgorithmJudgement {
  if (weaknesses.length === 0) return { acceptable: true, weak: undefined };
  const weak = weaknesses.map((w) => w.description).join(', ');
  let sunset: Date | undefined;
  for (const w of weaknesses) {
    const s = w.class in sunsets ? sunsets[w.class]! : DEFAULT_ALGORITHM_SUNSETS[w.class];
    if (s === null) return { acceptable: false, weak, sunset: undefined, sub: 'CRYPTO_CONSTRAINTS_FAILURE' };
    if (sunset === undefined || s < sunset) sunset = s;
  }
  if (at < sunset!) return { acceptable: true, weak, sunset: sunset!, because: 'before-sunset' };
  if (proofOfExistence !== undefined && proofOfExistence < sunset!)
    return { acceptable: true, weak, sunset: sunset!, because: 'proof-of-existence' };
  return { acceptable: false, weak, sunset, sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE' };
}
