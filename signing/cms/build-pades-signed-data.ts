import * as crypto from 'node:crypto';
import type { Certificate } from '../pki/certificate';
import type { TimestampClient } from '../pki/timestamp-client';
import type { Signer } from '../sign/signers/signer';
import { DigestAlgorithm } from './algorithms';
import { addSignatureTimestamp } from './add-signature-timestamp';
import { assembleSignedData } from './assemble-signed-data';
import { CmsAttribute, prepareSignedAttributes } from './prepare-signed-attributes';

export interface PadesSignedDataInput {
  /** Digest of the bytes covered by /ByteRange (ISO 32000-2 §12.8.1), computed with digestAlgorithm. */
  messageDigest: Buffer;
  digestAlgorithm: DigestAlgorithm;
  signer: Signer;
  /** Certificates to embed besides the signer's; defaults to signer.chain. */
  certificateChain?: readonly Certificate[];
  /** A ready TimeStampToken over this signature's value (B-T), e.g. from an earlier identical run. */
  signatureTimestampToken?: Buffer;
  /** Or a client asked for the token once the signature value exists (B-T). */
  timestampClient?: TimestampClient;
  crls?: readonly Buffer[];
  ocspResponses?: readonly Buffer[];
  extraSignedAttributes?: readonly CmsAttribute[];
}

/**
 * A detached CMS SignedData for a PAdES baseline signature (ETSI EN 319 142-1 §6.3): B-B signed
 * attributes, the signer's signature over them, the signer's chain, and for B-T the signature
 * timestamp as unsigned attribute. Hashing and signing go through Node's crypto (or the token).
 */
export async function buildPadesSignedData(input: PadesSignedDataInput): Promise<Buffer> {
  const signatureAlgorithm = input.signer.signatureAlgorithm(input.digestAlgorithm);
  const prepared = prepareSignedAttributes({
    messageDigest: input.messageDigest,
    digestAlgorithm: input.digestAlgorithm,
    signatureAlgorithm,
    signerCertificate: input.signer.certificate,
    extraAttributes: input.extraSignedAttributes,
  });
  const signatureValue = await input.signer.sign(prepared.der, signatureAlgorithm);
  const cms = assembleSignedData(prepared, signatureValue, input.certificateChain ?? input.signer.chain, {
    crls: input.crls,
    ocspResponses: input.ocspResponses,
  });
  let token = input.signatureTimestampToken;
  if (!token && input.timestampClient) {
    const imprint = crypto.createHash(input.digestAlgorithm).update(signatureValue).digest();
    token = await input.timestampClient.timestamp(imprint, input.digestAlgorithm);
  }
  return token ? addSignatureTimestamp(cms, token) : cms;
}
