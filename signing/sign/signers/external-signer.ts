import * as crypto from 'node:crypto';
import {
  DigestAlgorithm,
  SignatureAlgorithm,
  assertDigestAlgorithm,
  defaultSignatureAlgorithm,
  verifyWithKey,
} from '../../cms/algorithms';
import { addSignatureTimestamp } from '../../cms/add-signature-timestamp';
import { assembleSignedData } from '../../cms/assemble-signed-data';
import { ecdsaRawToDer, isDerEcdsaSignature } from '../../cms/ecdsa-signature';
import { prepareSignedAttributes, signingCertificateV2 } from '../../cms/prepare-signed-attributes';
import { Certificate } from '../../pki/certificate';
import { PkiError } from '../../pki/pki-error';
import type { TimestampClient } from '../../pki/timestamp-client';
import { assertValidAt } from './pkcs12-signer';

/**
 * The persisted state between the two steps: JSON-safe (strings only), so the server can store it
 * and finish after a restart. Binary values are base64.
 */
export interface PreparedExternalSignature {
  readonly version: 1;
  readonly id: string;
  /** DER of the signed attributes: what the client's key signs (hashing it with `digestAlgorithm`). */
  readonly dataToSign: string;
  /** Hash of dataToSign, for tokens and services that sign a precomputed digest. */
  readonly digest: string;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** The signer's certificate (DER, base64), fixed at preparation: signing-certificate-v2 names it. */
  readonly signerCertificate: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface ExternalSignerOptions {
  /** How long a preparation stays usable; 5 minutes by default. */
  ttlSeconds?: number;
  clock?: () => Date;
  random?: (n: number) => Buffer;
}

export interface PrepareInput {
  /** Digest of the PDF byte ranges (ISO 32000-2 §12.8.1). */
  messageDigest: Buffer;
  digestAlgorithm: DigestAlgorithm;
  /** The client's signing certificate (it must be known before signing: ESS signing-certificate-v2). */
  signerCertificate: Certificate;
  /** Defaults to RSA PKCS#1 v1.5 or ECDSA, by the certificate's key. */
  signatureAlgorithm?: SignatureAlgorithm;
}

/**
 * Two-step (external) signing: the server prepares the signed attributes, a client token or a remote
 * signing service returns the signature value, the server checks it against the certificate and
 * assembles the CMS (ETSI EN 319 142-1 B-B, optionally B-T). Equivalent to pyHanko's
 * ExternalSigner, with the state between the steps persisted by the caller.
 */
export class ExternalSigner {
  private readonly ttlSeconds: number;
  private readonly clock: () => Date;
  private readonly random: (n: number) => Buffer;

  constructor(options: ExternalSignerOptions = {}) {
    this.ttlSeconds = options.ttlSeconds ?? 300;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? crypto.randomBytes;
  }

  prepare(input: PrepareInput): PreparedExternalSignature {
    const now = this.clock();
    assertValidAt(input.signerCertificate, now);
    const digestAlgorithm = assertDigestAlgorithm(input.digestAlgorithm);
    const signatureAlgorithm =
      input.signatureAlgorithm ??
      defaultSignatureAlgorithm(input.signerCertificate.publicKey, digestAlgorithm);
    const prepared = prepareSignedAttributes({
      messageDigest: input.messageDigest,
      digestAlgorithm,
      signatureAlgorithm,
      signerCertificate: input.signerCertificate,
    });
    return {
      version: 1,
      id: this.random(16).toString('hex'),
      dataToSign: prepared.der.toString('base64'),
      digest: crypto.createHash(digestAlgorithm).update(prepared.der).digest('base64'),
      digestAlgorithm,
      signatureAlgorithm,
      signerCertificate: input.signerCertificate.der.toString('base64'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000).toISOString(),
    };
  }

  /**
   * Finishes a preparation with the signature value from the client (ECDSA accepted as DER or as
   * r‖s). `chain` holds the issuing CAs (a leading copy of the signer certificate is allowed).
   * Throws PREPARED_SIGNATURE_EXPIRED, PREPARED_SIGNATURE_INVALID or EXTERNAL_SIGNATURE_INVALID.
   */
  async complete(
    state: PreparedExternalSignature,
    signatureValue: Buffer,
    chain: readonly Certificate[] = [],
    options: { timestampClient?: TimestampClient; crls?: Buffer[]; ocspResponses?: Buffer[] } = {},
  ): Promise<Buffer> {
    const { prepared, expiresAt } = revive(state);
    if (this.clock().getTime() > expiresAt.getTime()) {
      throw new PkiError(
        'PREPARED_SIGNATURE_EXPIRED',
        {
          vi: 'Phiên ký đã hết hạn, vui lòng ký lại',
          en: `The prepared signature expired at ${expiresAt.toISOString()}`,
        },
        { details: { id: state.id, expiresAt: state.expiresAt } },
      );
    }
    let value = signatureValue;
    const cert = prepared.signerCertificate;
    if (prepared.signatureAlgorithm.scheme === 'ecdsa' && !isDerEcdsaSignature(value))
      value = ecdsaRawToDer(value);
    if (!verifyWithKey(prepared.signatureAlgorithm, prepared.der, value, cert.publicKey)) {
      throw new PkiError(
        'EXTERNAL_SIGNATURE_INVALID',
        {
          vi: 'Chữ ký trả về không khớp với chứng thư số của người ký',
          en: 'The returned signature value does not verify with the signer certificate',
        },
        { details: { id: state.id, subject: cert.subject } },
      );
    }
    const others = chain.filter((c) => !c.equals(cert));
    let cms = assembleSignedData(prepared, value, others, {
      crls: options.crls,
      ocspResponses: options.ocspResponses,
    });
    if (options.timestampClient) {
      const hash = prepared.digestAlgorithm;
      const imprint = crypto.createHash(hash).update(value).digest();
      cms = addSignatureTimestamp(cms, await options.timestampClient.timestamp(imprint, hash));
    }
    return cms;
  }
}

/** Rebuilds the in-memory preparation from the persisted one, refusing anything inconsistent. */
function revive(state: PreparedExternalSignature) {
  try {
    if (state.version !== 1) throw new Error(`version ${String(state.version)}`);
    const signerCertificate = Certificate.fromDer(Buffer.from(state.signerCertificate, 'base64'));
    const der = Buffer.from(state.dataToSign, 'base64');
    const digestAlgorithm = assertDigestAlgorithm(state.digestAlgorithm);
    const expiresAt = new Date(state.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) throw new Error('bad expiresAt');
    if (der[0] !== 0x31) throw new Error('dataToSign is not a SET of attributes');
    // The signed attributes must name this very certificate (ESS signing-certificate-v2).
    if (!der.includes(signingCertificateV2(signerCertificate, digestAlgorithm))) {
      throw new Error('dataToSign does not name the signer certificate');
    }
    return {
      prepared: {
        der,
        digestAlgorithm,
        signatureAlgorithm: state.signatureAlgorithm,
        signerCertificate,
        contentType: '1.2.840.113549.1.7.1',
      },
      expiresAt,
    };
  } catch (cause) {
    throw new PkiError(
      'PREPARED_SIGNATURE_INVALID',
      { vi: 'Dữ liệu phiên ký không hợp lệ', en: 'The persisted prepared signature is damaged or unknown' },
      { cause },
    );
  }
}
