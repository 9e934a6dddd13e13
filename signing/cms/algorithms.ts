import * as crypto from 'node:crypto';
import { PkiError } from '../pki/pki-error';
import { Tlv, children, decodeInteger, decodeOid, explicit, integer, nullValue, oid, sequence } from './der';
import { OID } from './oids';

/** The digests PAdES baseline accepts for new signatures (ETSI TS 119 312 §6.2.2: SHA-2 family). */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * How a signature value is computed. `rsa-pkcs1`: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2); `rsa-pss`:
 * RSASSA-PSS (RFC 8017 §8.1) with MGF1 over the same hash and a salt as long as the hash (RFC 4055
 * §3.1 recommendation); `ecdsa`: ECDSA with a DER `Ecdsa-Sig-Value` (RFC 5758 §3.2).
 */
export interface SignatureAlgorithm {
  readonly scheme: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
  readonly hash: DigestAlgorithm;
  /** RSA-PSS only; defaults to the hash length. */
  readonly saltLength?: number;
}

export const DIGEST_LENGTH: Readonly<Record<DigestAlgorithm, number>> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

const DIGEST_OID: Readonly<Record<DigestAlgorithm, string>> = {
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

export function assertDigestAlgorithm(value: unknown): DigestAlgorithm {
  if (value === 'sha256' || value === 'sha384' || value === 'sha512') return value;
  throw unsupported(`digest algorithm ${String(value)}`);
}

/** RFC 5754 §2: SHA-2 AlgorithmIdentifiers are generated with absent parameters. */
export function digestAlgorithmIdentifier(hash: DigestAlgorithm): Buffer {
  return sequence(oid(DIGEST_OID[hash]));
}

/** RFC 4055 §2.1: inside RSASSA-PSS-params the hash identifiers carry NULL parameters. */
function hashIdentifierWithNull(hash: DigestAlgorithm): Buffer {
  return sequence(oid(DIGEST_OID[hash]), nullValue());
}

export function pssSaltLength(alg: SignatureAlgorithm): number {
  return alg.saltLength ?? DIGEST_LENGTH[alg.hash];
}

/**
 * The signatureAlgorithm AlgorithmIdentifier (RFC 5652 §5.3, RFC 5754 §3, RFC 4055 §3.1, RFC 5758
 * §3.2). RSA PKCS#1 v1.5 uses shaNNNWithRSAEncryption with NULL parameters (RFC 5754 §3.2).
 */
export function signatureAlgorithmIdentifier(alg: SignatureAlgorithm): Buffer {
  switch (alg.scheme) {
    case 'rsa-pkcs1':
      return sequence(
        oid(
          {
            sha256: OID.sha256WithRSAEncryption,
            sha384: OID.sha384WithRSAEncryption,
            sha512: OID.sha512WithRSAEncryption,
          }[alg.hash],
        ),
        nullValue(),
      );
    case 'rsa-pss':
      // RSASSA-PSS-params: [0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength; trailerField
      // keeps its DEFAULT 1 and is omitted (X.690 §11.5).
      return sequence(
        oid(OID.rsassaPss),
        sequence(
          explicit(0, hashIdentifierWithNull(alg.hash)),
          explicit(1, sequence(oid(OID.mgf1), hashIdentifierWithNull(alg.hash))),
          explicit(2, integer(pssSaltLength(alg))),
        ),
      );
    case 'ecdsa':
      return sequence(
        oid(
          { sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512 }[alg.hash],
        ),
      );
  }
}

/** Node's crypto options for one signature algorithm, used to sign and to verify. */
function nodeKeyOptions(alg: SignatureAlgorithm): Omit<crypto.SignKeyObjectInput, 'key'> {
  if (alg.scheme === 'rsa-pss') {
    return { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSaltLength(alg) };
  }
  if (alg.scheme === 'ecdsa') return { dsaEncoding: 'der' };
  return { padding: crypto.constants.RSA_PKCS1_PADDING };
}

/** Signs `data` (hashing it with alg.hash) with a local key, through OpenSSL. */
export function signWithKey(alg: SignatureAlgorithm, data: Buffer, key: crypto.KeyObject): Buffer {
  return crypto.sign(alg.hash, data, { key, ...nodeKeyOptions(alg) });
}

/** Verifies a signature value over `data`; false on any mismatch, never throws for bad values. */
export function verifyWithKey(
  alg: SignatureAlgorithm,
  data: Buffer,
  signature: Buffer,
  key: crypto.KeyObject,
): boolean {
  try {
    return crypto.verify(alg.hash, data, { key, ...nodeKeyOptions(alg) }, signature);
  } catch {
    return false;
  }
}

/** The scheme a key supports by default: RSA keys sign PKCS#1 v1.5, EC keys ECDSA. */
export function defaultSignatureAlgorithm(key: crypto.KeyObject, hash: DigestAlgorithm): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { scheme: 'rsa-pkcs1', hash };
  if (type === 'rsa-pss') return { scheme: 'rsa-pss', hash };
  if (type === 'ec') return { scheme: 'ecdsa', hash };
  throw unsupported(`key type ${String(type)}`);
}

/** The hash a digest AlgorithmIdentifier names (RFC 5754), or null for anything else (SHA-1, MD5). */
export function digestAlgorithmFromOid(dotted: string): DigestAlgorithm | 'sha1' | null {
  if (dotted === OID.sha256) return 'sha256';
  if (dotted === OID.sha384) return 'sha384';
  if (dotted === OID.sha512) return 'sha512';
  if (dotted === OID.sha1) return 'sha1';
  return null;
}

/**
 * Reads a signatureAlgorithm AlgorithmIdentifier. `rsaEncryption` alone does not name the hash
 * (RFC 3370 §3.2): then the SignerInfo's digestAlgorithm decides, passed as `fallbackHash`.
 * Returns null for algorithms we cannot verify (the validator reports them, it does not crash).
 */
export function parseSignatureAlgorithm(
  identifier: Tlv,
  fallbackHash: DigestAlgorithm | null,
): SignatureAlgorithm | null {
  const [algOid, params] = children(identifier);
  const dotted = decodeOid(algOid);
  const byOid: Record<string, SignatureAlgorithm> = {
    [OID.sha256WithRSAEncryption]: { scheme: 'rsa-pkcs1', hash: 'sha256' },
    [OID.sha384WithRSAEncryption]: { scheme: 'rsa-pkcs1', hash: 'sha384' },
    [OID.sha512WithRSAEncryption]: { scheme: 'rsa-pkcs1', hash: 'sha512' },
    [OID.ecdsaWithSha256]: { scheme: 'ecdsa', hash: 'sha256' },
    [OID.ecdsaWithSha384]: { scheme: 'ecdsa', hash: 'sha384' },
    [OID.ecdsaWithSha512]: { scheme: 'ecdsa', hash: 'sha512' },
  };
  if (byOid[dotted]) return byOid[dotted];
  if (dotted === OID.rsaEncryption) return fallbackHash ? { scheme: 'rsa-pkcs1', hash: fallbackHash } : null;
  if (dotted === OID.ecPublicKey) return fallbackHash ? { scheme: 'ecdsa', hash: fallbackHash } : null;
  if (dotted === OID.rsassaPss && params) {
    // RFC 4055 §3.1: absent fields mean SHA-1 / MGF1-SHA-1 / salt 20, which we do not accept.
    let hash: DigestAlgorithm | null = null;
    let saltLength = 20;
    for (const field of children(params)) {
      if (field.tag === 0xa0) {
        const h = digestAlgorithmFromOid(decodeOid(children(children(field)[0])[0]));
        hash = h === 'sha1' ? null : h;
      } else if (field.tag === 0xa2) {
        saltLength = Number(decodeInteger(children(field)[0]));
      }
    }
    return hash ? { scheme: 'rsa-pss', hash, saltLength } : null;
  }
  return null;
}

/**
 * The digests a received signature may name, for verification only: SHA-2, SHA-1 (verified, then
 * judged weak by the validator) and SHAKE256 with 512 bits of output (Ed448, RFC 8419 §2.3).
 */
export type VerificationDigest = DigestAlgorithm | 'sha1' | 'shake256';

/**
 * A received signature's algorithm (never used to sign): the signing schemes, the same with SHA-1,
 * and EdDSA in pure mode (RFC 8419 §3.1: Ed25519 with SHA-512 as the CMS digest, Ed448 with SHAKE256).
 */
export type VerificationAlgorithm =
  | SignatureAlgorithm
  | { readonly scheme: 'rsa-pkcs1' | 'ecdsa'; readonly hash: 'sha1' }
  | { readonly scheme: 'ed25519' | 'ed448'; readonly hash: null };

/** The digest a digest AlgorithmIdentifier names for verification, or null (MD5, unknown, bad parameters). */
export function verificationDigestFromIdentifier(identifier: Tlv): VerificationDigest | null {
  const [algOid, params] = children(identifier);
  const dotted = decodeOid(algOid);
  // RFC 8702 §3.1: id-shake256-len's parameter is the output length in bits; 512 for Ed448.
  if (dotted === OID.shake256Len) return params && Number(decodeInteger(params)) === 512 ? 'shake256' : null;
  if (dotted === OID.shake256) return 'shake256';
  return digestAlgorithmFromOid(dotted);
}

/** A Node hash for a verification digest (SHAKE256 with its 64-byte output). */
export function createVerificationHash(digest: VerificationDigest): crypto.Hash {
  return digest === 'shake256'
    ? crypto.createHash('shake256', { outputLength: 64 })
    : crypto.createHash(digest);
}

/**
 * Reads a received signatureAlgorithm (RFC 5652 §5.3) for verification: everything
 * parseSignatureAlgorithm reads, plus SHA-1 with RSA or ECDSA (RFC 3370 §3.2, RFC 5758 §3.2) and
 * Ed25519 / Ed448 (RFC 8419 §2.3, only with the digest RFC 8419 §3.1 requires). `digest` is the
 * SignerInfo's digestAlgorithm. Null for anything else.
 */
export function parseVerificationAlgorithm(
  identifier: Tlv,
  digest: VerificationDigest | null,
): VerificationAlgorithm | null {
  const dotted = decodeOid(children(identifier)[0]);
  if (dotted === OID.ed25519) return digest === 'sha512' ? { scheme: 'ed25519', hash: null } : null;
  if (dotted === OID.ed448) return digest === 'shake256' ? { scheme: 'ed448', hash: null } : null;
  if (dotted === OID.sha1WithRSAEncryption) return { scheme: 'rsa-pkcs1', hash: 'sha1' };
  if (dotted === OID.ecdsaWithSha1) return { scheme: 'ecdsa', hash: 'sha1' };
  if (digest === 'sha1' && dotted === OID.rsaEncryption) return { scheme: 'rsa-pkcs1', hash: 'sha1' };
  if (digest === 'sha1' && dotted === OID.ecPublicKey) return { scheme: 'ecdsa', hash: 'sha1' };
  return parseSignatureAlgorithm(identifier, digest === 'sha1' || digest === 'shake256' ? null : digest);
}

/** Verifies a received signature value over `data`; false on any mismatch, never throws. */
export function verifyReceived(
  alg: VerificationAlgorithm,
  data: Buffer,
  signature: Buffer,
  key: crypto.KeyObject,
): boolean {
  try {
    if (alg.hash === null) return crypto.verify(null, data, key, signature);
    if (alg.hash === 'sha1')
      return crypto.verify(
        'sha1',
        data,
        { key, ...(alg.scheme === 'ecdsa' ? { dsaEncoding: 'der' as const } : {}) },
        signature,
      );
    return verifyWithKey(alg, data, signature, key);
  } catch {
    return false;
  }
}

/** `scheme-hash` as reports name it ('rsa-pkcs1-sha256', 'ed25519'). */
export function verificationAlgorithmName(alg: VerificationAlgorithm): string {
  return alg.hash === null ? alg.scheme : `${alg.scheme}-${alg.hash}`;
}

function unsupported(what: string): PkiError {
  return new PkiError('ALGORITHM_UNSUPPORTED', {
    vi: `Thuật toán không được hỗ trợ: ${what}`,
    en: `Unsupported algorithm: ${what}`,
  });
}
