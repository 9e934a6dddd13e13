/** Who signs with a credential: a person (the leader's approval signature) or a unit (its seal). */
export type CredentialOwnerKind = 'user' | 'unit';

/** Where the private key is: an uploaded PKCS#12, a configured PKCS#11 token, or the signer's device. */
export type CredentialKind = 'pkcs12' | 'pkcs11' | 'external';

/**
 * A signing credential as the domain shows it: the certificate and what is known about it, never the
 * PKCS#12 bytes (which stay in the database, encrypted by their own password) nor any PIN.
 */
export interface SigningCredential {
  readonly id: string;
  readonly ownerKind: CredentialOwnerKind;
  readonly userId: string | null;
  readonly unitId: string;
  readonly kind: CredentialKind;
  readonly label: string;
  /** PKCS#11: the name of the token in the server configuration. */
  readonly pkcs11Token: string | null;
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 fingerprint of the certificate (hex). */
  readonly sha256: string;
  readonly certificatePem: string;
  readonly chainPem: string;
  readonly hasStampImage: boolean;
  /** Issued by the development CA (its PIN is the demo PIN). */
  readonly dev: boolean;
  readonly active: boolean;
  readonly pinLockedUntil: Date | null;
  readonly createdAt: Date;
  readonly deactivatedAt: Date | null;
}

/** The stored row, with what only the signing code may read. */
export interface StoredCredential extends SigningCredential {
  readonly pkcs12: Buffer | null;
  readonly stampImage: Buffer | null;
  readonly failedPinCount: number;
}
