import * as crypto from 'node:crypto';
import { DigestAlgorithm, digestAlgorithmFromOid, digestAlgorithmIdentifier } from '../cms/algorithms';
import {
  boolean,
  children,
  decodeInteger,
  decodeOid,
  decodeTime,
  integer,
  octetString,
  oid,
  readWhole,
  sequence,
  type Tlv,
} from '../cms/der';
import { OID } from '../cms/oids';
import { parseSignedData, type ParsedSignedData } from '../cms/parse-signed-data';
import { PkiError } from './pki-error';

/** RFC 3161 §2.4.2 TSTInfo, the fields a validator needs. */
export interface TstInfo {
  readonly policy: string;
  readonly hashAlgorithm: DigestAlgorithm | 'sha1' | null;
  readonly hashedMessage: Buffer;
  readonly serialNumber: bigint;
  readonly genTime: Date;
  /** Accuracy in milliseconds, when given. */
  readonly accuracyMillis?: number;
  readonly nonce?: bigint;
}

export interface TimestampResponse {
  /** PKIStatus (RFC 3161 §2.4.2): 0 granted, 1 grantedWithMods, 2 rejection, ... */
  readonly status: number;
  readonly statusText?: string;
  readonly token?: Buffer;
}

/** TimeStampReq (RFC 3161 §2.4.1) with certReq and an optional nonce. */
export function buildTimestampRequest(
  digest: Buffer,
  hash: DigestAlgorithm,
  options: { nonce?: bigint; certReq?: boolean; policy?: string } = {},
): Buffer {
  return sequence(
    integer(1),
    sequence(digestAlgorithmIdentifier(hash), octetString(digest)),
    ...(options.policy ? [oid(options.policy)] : []),
    ...(options.nonce !== undefined ? [integer(options.nonce)] : []),
    ...((options.certReq ?? true) ? [boolean(true)] : []),
  );
}

export function randomNonce(random: (n: number) => Buffer = crypto.randomBytes): bigint {
  const b = random(8);
  b[0] &= 0x7f;
  return BigInt('0x' + b.toString('hex'));
}

/** TimeStampResp (RFC 3161 §2.4.2). Malformed input: PkiError TSA_ERROR. */
export function parseTimestampResponse(der: Buffer): TimestampResponse {
  try {
    const [statusInfo, token] = children(readWhole(der));
    const parts = children(statusInfo);
    const status = Number(decodeInteger(parts[0]));
    const text =
      parts[1]?.tag === 0x30
        ? children(parts[1])
            .map((s) => s.content.toString('utf8'))
            .join('; ')
        : undefined;
    return { status, ...(text ? { statusText: text } : {}), ...(token ? { token: token.raw } : {}) };
  } catch (cause) {
    throw tsaError('malformed TimeStampResp', cause);
  }
}

/**
 * TSTInfo of a TimeStampToken (the SignedData's eContent, RFC 3161 §2.4.2): the token's DER, or
 * its SignedData already parsed (a validator has it, and need not parse the token twice).
 */
export function parseTstInfo(token: Buffer | ParsedSignedData): TstInfo {
  const signed = Buffer.isBuffer(token) ? parseSignedData(token) : token;
  if (signed.encapsulatedContentType !== OID.tstInfo || !signed.encapsulatedContent) {
    throw tsaError('the token does not encapsulate a TSTInfo');
  }
  try {
    const f = children(readWhole(signed.encapsulatedContent));
    const [alg, hashed] = children(f[2]);
    let i = 5;
    let accuracyMillis: number | undefined;
    if (f[i]?.tag === 0x30) {
      accuracyMillis = 0;
      for (const a of children(f[i])) {
        if (a.tag === 0x02) accuracyMillis += Number(decodeInteger(a)) * 1000;
        else if (a.tag === 0x80) accuracyMillis += Number(decodeInteger(asInteger(a)));
        else if (a.tag === 0x81) accuracyMillis += Number(decodeInteger(asInteger(a))) / 1000;
      }
      i++;
    }
    if (f[i]?.tag === 0x01) i++; // ordering
    const nonce = f[i]?.tag === 0x02 ? decodeInteger(f[i]) : undefined;
    return {
      policy: decodeOid(f[1]),
      hashAlgorithm: digestAlgorithmFromOid(decodeOid(children(alg)[0])),
      hashedMessage: hashed.content,
      serialNumber: decodeInteger(f[3]),
      genTime: decodeTime(f[4]),
      ...(accuracyMillis !== undefined ? { accuracyMillis } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
    };
  } catch (cause) {
    throw tsaError('malformed TSTInfo', cause);
  }
}

/**
 * Checks a reply against its request (RFC 3161 §2.4.2): granted, same message imprint, same nonce.
 * Returns the token.
 */
export function acceptTimestampResponse(der: Buffer, digest: Buffer, nonce?: bigint): Buffer {
  const resp = parseTimestampResponse(der);
  if ((resp.status !== 0 && resp.status !== 1) || !resp.token) {
    throw tsaError(
      `the TSA refused the request (status ${resp.status}${resp.statusText ? `: ${resp.statusText}` : ''})`,
    );
  }
  const info = parseTstInfo(resp.token);
  if (!info.hashedMessage.equals(digest)) throw tsaError('the token covers another message imprint');
  if (nonce !== undefined && info.nonce !== nonce) throw tsaError('the token does not echo our nonce');
  return resp.token;
}

export function tsaError(reason: string, cause?: unknown): PkiError {
  return new PkiError(
    'TSA_ERROR',
    { vi: `Lỗi dấu thời gian (TSA): ${reason}`, en: `Timestamp authority error: ${reason}` },
    cause !== undefined ? { cause } : undefined,
  );
}

/** An implicitly tagged INTEGER ([0] millis, [1] micros of RFC 3161 Accuracy) read as an INTEGER. */
function asInteger(t: Tlv): Tlv {
  return { tag: 0x02, raw: t.raw, content: t.content, offset: t.offset };
}
