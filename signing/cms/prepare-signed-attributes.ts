import * as crypto from 'node:crypto';
import { Certificate } from '../pki/certificate';
import { PkiError } from '../pki/pki-error';
import {
  DIGEST_LENGTH,
  DigestAlgorithm,
  SignatureAlgorithm,
  assertDigestAlgorithm,
  digestAlgorithmIdentifier,
} from './algorithms';
import { explicit, octetString, oid, sequence, setOf } from './der';
import { OID } from './oids';

/** An attribute to add to the signed attributes (RFC 5652 §5.3 Attribute: type and DER values). */
export interface CmsAttribute {
  readonly type: string;
  readonly values: readonly Buffer[];
}

export interface SignedAttributesInput {
  /** The digest of the signed content (for PAdES: of the /ByteRange bytes, ETSI EN 319 142-1 §5.2). */
  messageDigest: Buffer;
  digestAlgorithm: DigestAlgorithm;
  signatureAlgorithm: SignatureAlgorithm;
  signerCertificate: Certificate;
  /** eContentType; id-data for PAdES (ETSI EN 319 142-1 §6.3 a). */
  contentType?: string;
  /** Further signed attributes (e.g. commitment type); never signing-time for PAdES B-B. */
  extraAttributes?: readonly CmsAttribute[];
}

/**
 * The signed attributes and what is needed to finish the SignerInfo once the signature value is
 * known. `der` is the SET OF Attribute with the universal SET tag (RFC 5652 §5.4): the exact bytes a
 * signer signs, local or remote.
 */
export interface PreparedSignedAttributes {
  readonly der: Buffer;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly signerCertificate: Certificate;
  readonly contentType: string;
}

export function attribute(type: string, ...values: Buffer[]): Buffer {
  return sequence(oid(type), setOf(...values));
}

/**
 * RFC 5035 §5.4 SigningCertificateV2 with one ESSCertIDv2 carrying IssuerSerial (ETSI EN 319 122-1
 * §5.2.2.3 requires issuerSerial for baseline signatures). hashAlgorithm is omitted when it is the
 * DEFAULT id-sha256 (X.690 §11.5).
 */
export function signingCertificateV2(cert: Certificate, hash: DigestAlgorithm): Buffer {
  const certHash = crypto.createHash(hash).update(cert.der).digest();
  const issuerSerial = sequence(sequence(explicit(4, cert.issuerDer)), cert.serialDer);
  const essCertId =
    hash === 'sha256'
      ? sequence(octetString(certHash), issuerSerial)
      : sequence(digestAlgorithmIdentifier(hash), octetString(certHash), issuerSerial);
  return sequence(sequence(essCertId));
}

/**
 * Signed attributes of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3, ETSI EN 319 122-1
 * §5.2): content-type, message-digest and signing-certificate-v2; no signing-time (the signing time
 * goes in the signature dictionary's /M, ETSI EN 319 142-1 §5.4 table 1).
 */
export function prepareSignedAttributes(input: SignedAttributesInput): PreparedSignedAttributes {
  const hash = assertDigestAlgorithm(input.digestAlgorithm);
  if (input.messageDigest.length !== DIGEST_LENGTH[hash]) {
    throw new PkiError(
      'CMS_MALFORMED',
      {
        vi: `Giá trị băm không đúng độ dài cho ${hash}`,
        en: `Message digest length ${input.messageDigest.length} does not match ${hash}`,
      },
      { details: { length: input.messageDigest.length, hash } },
    );
  }
  const contentType = input.contentType ?? OID.data;
  const extra = (input.extraAttributes ?? []).map((a) => {
    if (a.type === OID.signingTime || a.type === OID.messageDigest || a.type === OID.contentType) {
      throw new PkiError('CMS_UNSUPPORTED', {
        vi: 'Thuộc tính ký bổ sung không được phép',
        en: `Signed attribute ${a.type} may not be added (PAdES forbids signing-time; the others are fixed)`,
      });
    }
    return attribute(a.type, ...a.values);
  });
  const der = setOf(
    attribute(OID.contentType, oid(contentType)),
    attribute(OID.messageDigest, octetString(input.messageDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(input.signerCertificate, hash)),
    ...extra,
  );
  return {
    der,
    digestAlgorithm: hash,
    signatureAlgorithm: input.signatureAlgorithm,
    signerCertificate: input.signerCertificate,
    contentType,
  };
}
