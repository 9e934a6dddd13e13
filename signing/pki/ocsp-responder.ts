import * as crypto from 'node:crypto';
import {
  defaultSignatureAlgorithm,
  digestAlgorithmFromOid,
  signWithKey,
  signatureAlgorithmIdentifier,
} from '../cms/algorithms';
import {
  bitString,
  children,
  decodeInteger,
  decodeOid,
  explicit,
  generalizedTime,
  octetString,
  oid,
  readTlv,
  readWhole,
  sequence,
  tlv,
} from '../cms/der';
import { OID } from '../cms/oids';
import { Certificate } from './certificate';
import { REVOCATION_REASONS, RevocationSource } from './dev-crl-issuer';
import { PkiError } from './pki-error';

/** RFC 6960 §4.2.1 OCSPResponseStatus. */
const STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  unauthorized: 6,
} as const;

export interface OcspRequestEntry {
  readonly hashAlgorithm: string;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serialNumber: bigint;
  /** The CertID exactly as requested (echoed in the response, RFC 6960 §4.2.1). */
  readonly certIdDer: Buffer;
}

/** Reads an OCSPRequest (RFC 6960 §4.1.1): the CertIDs and the nonce extension value, if any. */
export function parseOcspRequest(der: Buffer): { entries: OcspRequestEntry[]; nonceExtnValue?: Buffer } {
  try {
    const [tbsRequest] = children(readWhole(der));
    const fields = children(tbsRequest);
    const requestList = fields.find((f) => f.tag === 0x30);
    if (!requestList) throw new Error('no requestList');
    const entries = children(requestList).map((req) => {
      const certId = children(req)[0];
      const [alg, nameHash, keyHash, serial] = children(certId);
      return {
        hashAlgorithm: decodeOid(children(alg)[0]),
        issuerNameHash: nameHash.content,
        issuerKeyHash: keyHash.content,
        serialNumber: decodeInteger(serial),
        certIdDer: certId.raw,
      };
    });
    let nonceExtnValue: Buffer | undefined;
    const extsField = fields.find((f) => f.tag === 0xa2);
    if (extsField) {
      for (const ext of children(children(extsField)[0])) {
        const parts = children(ext);
        if (decodeOid(parts[0]) === OID.ocspNonce) nonceExtnValue = parts[parts.length - 1].content;
      }
    }
    return { entries, ...(nonceExtnValue ? { nonceExtnValue } : {}) };
  } catch (cause) {
    throw new PkiError(
      'OCSP_MALFORMED_REQUEST',
      { vi: 'Yêu cầu OCSP không hợp lệ', en: 'Malformed OCSP request' },
      { cause },
    );
  }
}

/** SHA-1/SHA-256 of the issuer's public key BIT STRING value (RFC 6960 §4.1.1 issuerKeyHash). */
function issuerKeyHash(issuer: Certificate, hash: string): Buffer {
  const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
  return crypto.createHash(hash).update(key.content.subarray(1)).digest();
}

/**
 * The development OCSP responder (RFC 6960): answers good / revoked / unknown for certificates of
 * one CA from its RevocationSource, in a BasicOCSPResponse signed by a delegated responder
 * certificate (EKU id-kp-OCSPSigning, §4.2.2.2) that carries id-pkix-ocsp-nocheck. The nonce of the
 * request is echoed (RFC 8954). Responses are valid for `validitySeconds` after `now`.
 */
export class OcspResponder {
  constructor(
    private readonly source: RevocationSource,
    private readonly responderCertificate: Certificate,
    private readonly responderKey: crypto.KeyObject,
    private readonly options: { validitySeconds?: number } = {},
  ) {}

  respond(requestDer: Buffer, now: Date): Buffer {
    let request: ReturnType<typeof parseOcspRequest>;
    try {
      request = parseOcspRequest(requestDer);
    } catch {
      return sequence(tlv(0x0a, Buffer.from([STATUS.malformedRequest])));
    }
    const nextUpdate = new Date(now.getTime() + (this.options.validitySeconds ?? 24 * 3600) * 1000);
    const issuer = this.source.issuer;
    const single = request.entries.map((e) => {
      const hash = digestAlgorithmFromOid(e.hashAlgorithm);
      const ours =
        hash !== null &&
        crypto.createHash(hash).update(issuer.subjectDer).digest().equals(e.issuerNameHash) &&
        issuerKeyHash(issuer, hash).equals(e.issuerKeyHash);
      let status: Buffer;
      const revocation = ours ? this.source.revocationOf(e.serialNumber) : null;
      if (!ours)
        status = Buffer.from([0x82, 0x00]); // unknown [2] IMPLICIT NULL
      else if (revocation && revocation.revokedAt.getTime() <= now.getTime()) {
        // revoked [1] IMPLICIT RevokedInfo { revocationTime, [0] EXPLICIT CRLReason }
        status = tlv(
          0xa1,
          generalizedTime(revocation.revokedAt),
          ...(revocation.reason === 'unspecified'
            ? []
            : [explicit(0, tlv(0x0a, Buffer.from([REVOCATION_REASONS[revocation.reason]])))]),
        );
      } else status = Buffer.from([0x80, 0x00]); // good [0] IMPLICIT NULL
      return sequence(e.certIdDer, status, generalizedTime(now), explicit(0, generalizedTime(nextUpdate)));
    });
    const [, responderKey] = children(readTlv(this.responderCertificate.subjectPublicKeyInfoDer));
    const responderKeyHash = crypto.createHash('sha1').update(responderKey.content.subarray(1)).digest();
    const responseData = sequence(
      explicit(2, octetString(responderKeyHash)), // ResponderID byKey
      generalizedTime(now),
      sequence(...single),
      ...(request.nonceExtnValue
        ? [explicit(1, sequence(sequence(oid(OID.ocspNonce), octetString(request.nonceExtnValue))))]
        : []),
    );
    const alg = defaultSignatureAlgorithm(this.responderKey, 'sha256');
    const basic = sequence(
      responseData,
      signatureAlgorithmIdentifier(alg),
      bitString(signWithKey(alg, responseData, this.responderKey)),
      explicit(0, sequence(this.responderCertificate.der)),
    );
    return sequence(
      tlv(0x0a, Buffer.from([STATUS.successful])),
      explicit(0, sequence(oid(OID.ocspBasic), octetString(basic))),
    );
  }
}
