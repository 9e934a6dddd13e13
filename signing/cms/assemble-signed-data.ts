import { Certificate } from '../pki/certificate';
import { digestAlgorithmIdentifier, signatureAlgorithmIdentifier } from './algorithms';
import { explicit, integer, octetString, oid, retag, sequence, setOf, tlv } from './der';
import { OID } from './oids';
import { CmsAttribute, PreparedSignedAttributes, attribute } from './prepare-signed-attributes';

export interface AssembleOptions {
  /** CRLs (DER CertificateList) for the revocationInfoChoices (RFC 5652 §10.2.1). */
  crls?: readonly Buffer[];
  /** OCSPResponse DERs, as id-ri-ocsp-response other revocation info (RFC 5940 §2). */
  ocspResponses?: readonly Buffer[];
  /** Unsigned attributes, e.g. the signature timestamp (RFC 5652 §5.3). */
  unsignedAttributes?: readonly CmsAttribute[];
  /** eContent for an encapsulating SignedData (RFC 3161 tokens); PAdES signatures are detached. */
  encapsulatedContent?: Buffer;
}

/**
 * Builds ContentInfo{SignedData} (RFC 5652 §3, §5.1) around prepared signed attributes and a
 * signature value computed over `prepared.der`. The certificates set holds the signer's certificate
 * and `chain` (ETSI EN 319 122-1 §5.1: the signing certificate SHALL be present), without duplicates.
 */
export function assembleSignedData(
  prepared: PreparedSignedAttributes,
  signatureValue: Buffer,
  chain: readonly Certificate[] = [],
  options: AssembleOptions = {},
): Buffer {
  const certs = new Map<string, Buffer>();
  for (const c of [prepared.signerCertificate, ...chain]) certs.set(c.der.toString('base64'), c.der);

  const revocation: Buffer[] = [...(options.crls ?? [])];
  for (const ocsp of options.ocspResponses ?? []) {
    // OtherRevocationInfoFormat ::= SEQUENCE { otherRevInfoFormat, otherRevInfo }, tagged [1] IMPLICIT
    revocation.push(tlv(0xa1, oid(OID.riOcspResponse), ocsp));
  }

  const unsigned = options.unsignedAttributes ?? [];
  const signerInfo = sequence(
    integer(1), // issuerAndSerialNumber sid (RFC 5652 §5.3)
    sequence(prepared.signerCertificate.issuerDer, prepared.signerCertificate.serialDer),
    digestAlgorithmIdentifier(prepared.digestAlgorithm),
    retag(prepared.der, 0xa0), // [0] IMPLICIT SignedAttributes
    signatureAlgorithmIdentifier(prepared.signatureAlgorithm),
    octetString(signatureValue),
    ...(unsigned.length ? [retag(setOf(...unsigned.map((a) => attribute(a.type, ...a.values))), 0xa1)] : []),
  );

  const isData = prepared.contentType === OID.data;
  // RFC 5652 §5.1 version rules: 5 with other revocation formats, 3 for non-data content, else 1.
  const version = options.ocspResponses?.length ? 5 : isData ? 1 : 3;
  const encapContentInfo = sequence(
    oid(prepared.contentType),
    ...(options.encapsulatedContent ? [explicit(0, octetString(options.encapsulatedContent))] : []),
  );
  const signedData = sequence(
    integer(version),
    setOf(digestAlgorithmIdentifier(prepared.digestAlgorithm)),
    encapContentInfo,
    retag(setOf(...certs.values()), 0xa0),
    ...(revocation.length ? [retag(setOf(...revocation), 0xa1)] : []),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}
