import * as crypto from 'node:crypto';
import {
  SignatureAlgorithm,
  defaultSignatureAlgorithm,
  signWithKey,
  signatureAlgorithmIdentifier,
} from '../cms/algorithms';
import {
  bitString,
  explicit,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  sequence,
  time,
  tlv,
} from '../cms/der';
import { OID } from '../cms/oids';
import { Certificate } from './certificate';
import { bigintBytes, keyIdentifier } from './issue-certificate';
import { integerFromUnsigned } from '../cms/der';

/** RFC 5280 §5.3.1 CRLReason values, as words. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface Revocation {
  readonly serialNumber: bigint;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
}

/** The revocation state a CRL issuer and an OCSP responder share. */
export interface RevocationSource {
  /** The CA whose certificates this source speaks for. */
  readonly issuer: Certificate;
  revocationOf(serialNumber: bigint): Revocation | null;
}

/**
 * The development CA's CRL service: keeps revocations in memory and issues a fresh v2 CRL (RFC 5280
 * §5.1) signed by the CA on demand, with an increasing cRLNumber (§5.2.3) and the CA's key
 * identifier (§5.2.1). The server serves `issue(now)` at the URL the certificates' CRL DP names.
 */
export class DevCrlIssuer implements RevocationSource {
  readonly issuer: Certificate;
  private readonly key: crypto.KeyObject;
  private readonly revocations = new Map<bigint, Revocation>();
  private readonly validitySeconds: number;
  private crlNumber = 0n;

  constructor(
    issuer: Certificate,
    key: crypto.KeyObject,
    options: { validitySeconds?: number; revocations?: Revocation[] } = {},
  ) {
    this.issuer = issuer;
    this.key = key;
    this.validitySeconds = options.validitySeconds ?? 7 * 24 * 3600;
    for (const r of options.revocations ?? []) this.revocations.set(r.serialNumber, r);
  }

  revoke(serialNumber: bigint, revokedAt: Date, reason: RevocationReason = 'unspecified'): void {
    if (!this.revocations.has(serialNumber))
      this.revocations.set(serialNumber, { serialNumber, revokedAt, reason });
  }

  revocationOf(serialNumber: bigint): Revocation | null {
    return this.revocations.get(serialNumber) ?? null;
  }

  get revoked(): Revocation[] {
    return [...this.revocations.values()];
  }

  /** A CertificateList DER valid from `now` for the configured validity. */
  issue(now: Date): Buffer {
    this.crlNumber += 1n;
    const alg: SignatureAlgorithm = defaultSignatureAlgorithm(this.key, 'sha256');
    const algId = signatureAlgorithmIdentifier(alg);
    const entries = this.revoked
      .sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : 1))
      .map((r) =>
        sequence(
          integerFromUnsigned(bigintBytes(r.serialNumber)),
          time(r.revokedAt),
          // §5.3.1: reasonCode is omitted rather than "unspecified"
          ...(r.reason === 'unspecified'
            ? []
            : [
                sequence(
                  sequence(
                    oid(OID.cRLReason),
                    octetString(tlv(0x0a, Buffer.from([REVOCATION_REASONS[r.reason]]))),
                  ),
                ),
              ]),
        ),
      );
    const tbs = sequence(
      integer(1), // v2
      algId,
      this.issuer.subjectDer,
      time(now),
      time(new Date(now.getTime() + this.validitySeconds * 1000)),
      ...(entries.length ? [sequence(...entries)] : []),
      explicit(
        0,
        sequence(
          sequence(
            oid(OID.authorityKeyIdentifier),
            octetString(sequence(implicitPrimitive(0, keyIdentifier(this.issuer.subjectPublicKeyInfoDer)))),
          ),
          sequence(oid(OID.cRLNumber), octetString(integer(this.crlNumber))),
        ),
      ),
    );
    return sequence(tbs, algId, bitString(signWithKey(alg, tbs, this.key)));
  }
}
