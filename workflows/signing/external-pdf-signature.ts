/**
 * Two-step (external) PAdES signing at the PDF level, file to file: `prepareExternalPdf` writes the
 * signature revision with its /Contents placeholder and returns what the client's key must sign;
 * `completeExternalPdf` embeds the CMS built from the returned signature value and, for B-LT and
 * B-LTA, appends the DSS and document timestamp revisions. The state between the steps is JSON.
 *
 * The revision is written by `signPdf` itself (same field, stamp, dictionary and /Contents size as a
 * local key would give) with a stand-in signer: the client's certificate with its public key swapped
 * for a throwaway key of the same type and size, so that every byte outside /Contents is the one the
 * real key would have produced (ISO 32000-2 §12.8.1: the digest covers everything but /Contents).
 * The stand-in CMS is wiped from the prepared file before anything is returned; the real CMS is
 * built at completion by ExternalSigner around the client's signature value.
 */
import { SIGNING_INPUT_LIMITS } from './check-signing-input';
import * as crypto from 'node:crypto';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import {
  embedSignature,
  hashByteRanges,
  type DigestAlgorithm,
  type PreparedSignature,
} from '../../signing/pdf';
import { Certificate } from '../../signing/pki/certificate';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import { addDocumentTimestamp } from '../../signing/sign/add-document-timestamp';
import { addValidationData } from '../../signing/sign/add-validation-data';
import type { RevocationDataSource } from '../../signing/sign/revocation-data-source';
import { PADES_LEVELS, signPdf, type PadesLevel, type SignPdfOptions } from '../../signing/sign/sign-pdf';
import { ExternalSigner, type PreparedExternalSignature } from '../../signing/sign/signers/external-signer';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import { SigningError } from './signing-error';

export type ExternalPdfOptions = Omit<
  SignPdfOptions,
  'signer' | 'output' | 'input' | 'revocationData' | 'timestampClient'
> & {
  readonly input: Buffer | string;
  /** Where the prepared file (signature revision, /Contents all zeros) is written. */
  readonly output: string;
  /** The client's signing certificate and its issuing CAs (leaf to root, without the certificate). */
  readonly certificate: Certificate;
  readonly chain?: readonly Certificate[];
};

/** JSON-safe state between the two steps (persisted by the caller). */
export interface ExternalPdfState {
  readonly version: 1;
  readonly cms: PreparedExternalSignature;
  readonly byteRange: readonly [number, number, number, number];
  /** Base64 digest of the byte ranges of the prepared file (the message digest the client signs over). */
  readonly messageDigest: string;
  readonly level: PadesLevel;
  readonly fieldName: string;
  readonly signingTime: string;
  /** Issuing CAs (DER, base64) put into the CMS at completion. */
  readonly chain: readonly string[];
}

/**
 * The /Contents of B-T and above must have room for the signature timestamp the completion adds
 * (signPdf reserves it by level). The placeholder revision is written with this client, whose token
 * is an empty DER SEQUENCE: it only sizes the reservation and is wiped with the stand-in CMS, so no
 * TSA is asked for a timestamp over a signature that will never exist.
 */
const RESERVATION_ONLY: TimestampClient = { timestamp: async () => Buffer.from([0x30, 0x00]) };

export async function prepareExternalPdf(
  o: ExternalPdfOptions,
  external: ExternalSigner,
): Promise<ExternalPdfState> {
  const digestAlgorithm: DigestAlgorithm = o.digestAlgorithm ?? 'sha256';
  const chain = o.chain ?? [];
  const levelIndex = PADES_LEVELS.indexOf(o.level);
  if (levelIndex < 0) throw SigningError.levelInvalid(String(o.level), PADES_LEVELS);
  // The timestamp, DSS and document timestamp come after the client's signature: the placeholder
  // revision is written at B-B, or at B-T for its larger /Contents.
  const firstLevel: PadesLevel = levelIndex >= 1 ? 'B-T' : 'B-B';
  const standIn = standInSigner(o.certificate, chain, o.signingTime);
  const signed = await signPdf({
    ...o,
    signer: standIn,
    level: firstLevel,
    limits: SIGNING_INPUT_LIMITS,
    timestampClient: levelIndex >= 1 ? RESERVATION_ONLY : undefined,
  });
  const placeholder = placeholderOf(signed.byteRange);
  await embedSignature(o.output, placeholder, Buffer.alloc(0)); // wipe the stand-in CMS
  const messageDigest = await hashByteRanges(o.output, signed.byteRange, digestAlgorithm);
  const cms = external.prepare({ messageDigest, digestAlgorithm, signerCertificate: o.certificate });
  return {
    version: 1,
    cms,
    byteRange: signed.byteRange,
    messageDigest: messageDigest.toString('base64'),
    level: o.level,
    fieldName: signed.fieldName,
    signingTime: o.signingTime.toISOString(),
    chain: chain.map((c) => c.der.toString('base64')),
  };
}

export interface CompleteExternalPdfOptions {
  /** The prepared file, exactly as prepareExternalPdf wrote it. */
  readonly input: string;
  /** Where the signed file goes (written beside it and renamed: never a partial file). */
  readonly output: string;
  readonly state: ExternalPdfState;
  /** The raw signature value over `state.cms.dataToSign` (ECDSA as DER or r‖s). */
  readonly signature: Buffer;
  /** Extra issuing CAs sent by the client (added to those known at preparation). */
  readonly chain?: readonly Certificate[];
  readonly timestampClient?: TimestampClient;
  readonly revocationData?: RevocationDataSource;
  readonly newId?: () => Buffer;
}

/**
 * Embeds the client's signature. Throws PREPARED_SIGNATURE_EXPIRED (ExternalSigner's clock),
 * EXTERNAL_SIGNATURE_INVALID (the value does not verify with the certificate), PREPARED_PDF_INVALID
 * (the file is not the prepared one), SIGNING_SERVICE_UNAVAILABLE (B-T+ without TSA, B-LT+ without
 * revocation data).
 */
export async function completeExternalPdf(
  o: CompleteExternalPdfOptions,
  external: ExternalSigner,
): Promise<void> {
  const { state } = o;
  const levelIndex = PADES_LEVELS.indexOf(state.level);
  if (levelIndex >= 1 && !o.timestampClient) throw SigningError.serviceMissing('timestamp', state.level);
  if (levelIndex >= 2 && !o.revocationData) throw SigningError.serviceMissing('revocation', state.level);
  const placeholder = placeholderOf(state.byteRange);
  if ((await stat(o.input)).size !== placeholder.fileLength) throw SigningError.preparedPdfMismatch();
  const digest = await hashByteRanges(o.input, state.byteRange, state.cms.digestAlgorithm);
  // The signed attributes hold the message digest (RFC 5652 §11.2): the file must be the prepared one.
  if (
    digest.toString('base64') !== state.messageDigest ||
    !Buffer.from(state.cms.dataToSign, 'base64').includes(digest)
  ) {
    throw SigningError.preparedPdfMismatch();
  }
  const known = state.chain.map((b) => Certificate.fromDer(Buffer.from(b, 'base64')));
  const extra = (o.chain ?? []).filter((c) => !known.some((k) => k.equals(c)));
  const cms = await external.complete(state.cms, o.signature, [...known, ...extra], {
    timestampClient: levelIndex >= 1 ? o.timestampClient : undefined,
  });
  const part = (n: number) => `${o.output}.${process.pid}-${crypto.randomBytes(4).toString('hex')}-${n}.part`;
  const temps: string[] = [];
  try {
    let current = part(1);
    temps.push(current);
    await copyFile(o.input, current);
    await embedSignature(current, placeholder, cms);
    const at = new Date(state.signingTime);
    if (levelIndex >= 2) {
      const next = part(2);
      temps.push(next);
      await addValidationData({
        input: current,
        output: next,
        revocationData: o.revocationData!,
        at,
        newId: o.newId,
      });
      current = next;
    }
    if (levelIndex >= 3) {
      const next = part(3);
      temps.push(next);
      await addDocumentTimestamp({
        input: current,
        output: next,
        timestampClient: o.timestampClient!,
        newId: o.newId,
      });
      current = next;
    }
    await rename(current, o.output);
  } finally {
    for (const t of temps) await rm(t, { force: true });
  }
}

/** The reserved /Contents of a written signature revision, from its byte range. */
function placeholderOf(byteRange: readonly [number, number, number, number]): PreparedSignature {
  const [, a, b, c] = byteRange;
  return { byteRange, contentsOffset: a, contentsCapacity: (b - a - 2) / 2, fileLength: b + c };
}

/**
 * A signer whose certificate is `certificate` with the public key replaced by a throwaway key of the
 * same type and size (same DER length, same names and extensions), and which signs with that key.
 */
function standInSigner(certificate: Certificate, chain: readonly Certificate[], at: Date): Pkcs12Signer {
  const spki = certificate.subjectPublicKeyInfoDer;
  const publicKey = certificate.publicKey;
  const details = publicKey.asymmetricKeyDetails ?? {};
  const type = publicKey.asymmetricKeyType;
  const generate = (): crypto.KeyPairKeyObjectResult => {
    if (type === 'rsa') {
      return crypto.generateKeyPairSync('rsa', {
        modulusLength: details.modulusLength ?? 2048,
        publicExponent: Number(details.publicExponent ?? 65537n),
      });
    }
    if (type === 'ec' && details.namedCurve) {
      return crypto.generateKeyPairSync('ec', { namedCurve: details.namedCurve });
    }
    throw SigningError.keyTypeUnsupported(String(type));
  };
  let key = generate();
  let stand = key.publicKey.export({ format: 'der', type: 'spki' });
  // An RSA public key encodes to the same length for the same modulus size, but retry to be sure.
  for (let i = 0; stand.length !== spki.length && i < 8; i++) {
    key = generate();
    stand = key.publicKey.export({ format: 'der', type: 'spki' });
  }
  const at0 = certificate.der.indexOf(spki);
  if (stand.length !== spki.length || at0 < 0) throw SigningError.keyTypeUnsupported(String(type));
  const der = Buffer.concat([
    certificate.der.subarray(0, at0),
    stand,
    certificate.der.subarray(at0 + spki.length),
  ]);
  return Pkcs12Signer.fromKey(key.privateKey, Certificate.fromDer(der), chain, { clock: () => at });
}
