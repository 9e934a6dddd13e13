import * as crypto from 'node:crypto';
import {
  DigestAlgorithm,
  defaultSignatureAlgorithm,
  digestAlgorithmFromOid,
  signWithKey,
} from '../cms/algorithms';
import { assembleSignedData } from '../cms/assemble-signed-data';
import {
  children,
  decodeInteger,
  decodeOid,
  explicit,
  generalizedTime,
  implicitPrimitive,
  integer,
  integerFromUnsigned,
  oid,
  readWhole,
  sequence,
  tlv,
  utf8String,
} from '../cms/der';
import { OID } from '../cms/oids';
import { prepareSignedAttributes } from '../cms/prepare-signed-attributes';
import { Certificate } from './certificate';
import { bigintBytes, randomSerial } from './issue-certificate';

/** RFC 3161 §2.4.2 PKIFailureInfo bits we report. */
const FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

export interface TimestampAuthorityOptions {
  /** TSA policy OID (RFC 3161 §2.4.2 policy); an arc of the private enterprise space by default. */
  policy?: string;
  /** Stated accuracy (RFC 3161 §2.4.2 accuracy), in milliseconds. */
  accuracyMillis?: number;
  random?: (n: number) => Buffer;
}

/** The default development TSA policy (under 1.3.6.1.4.1, "VanBan development"). */
export const DEV_TSA_POLICY = '1.3.6.1.4.1.57264.99.1';

/**
 * The development timestamp authority (RFC 3161): answers a TimeStampReq with a TimeStampResp whose
 * token is a CMS SignedData over TSTInfo, signed with ESS signing-certificate-v2 (RFC 5816 §2.2.1)
 * by a certificate whose only EKU is id-kp-timeStamping, critical (RFC 3161 §2.3).
 */
export class TimestampAuthority {
  private readonly policy: string;
  private readonly random: (n: number) => Buffer;

  constructor(
    readonly certificate: Certificate,
    private readonly key: crypto.KeyObject,
    readonly chain: readonly Certificate[] = [],
    private readonly options: TimestampAuthorityOptions = {},
  ) {
    this.policy = options.policy ?? DEV_TSA_POLICY;
    this.random = options.random ?? crypto.randomBytes;
  }

  respond(requestDer: Buffer, now: Date): Buffer {
    let fields;
    try {
      fields = children(readWhole(requestDer));
      if (Number(decodeInteger(fields[0])) !== 1) return reject(FAILURE.badDataFormat, 'version must be 1');
    } catch {
      return reject(FAILURE.badDataFormat, 'malformed TimeStampReq');
    }
    try {
      const imprint = fields[1];
      const [alg, hashed] = children(imprint);
      const hash = digestAlgorithmFromOid(decodeOid(children(alg)[0]));
      if (hash === null || hash === 'sha1') return reject(FAILURE.badAlg, 'unsupported hash algorithm');
      if (hashed.content.length !== crypto.createHash(hash).digest().length) {
        return reject(FAILURE.badDataFormat, 'hash length does not match the algorithm');
      }
      let policy = this.policy;
      let nonceDer: Buffer | undefined;
      let certReq = false;
      for (const f of fields.slice(2)) {
        if (f.tag === 0x06) policy = decodeOid(f);
        else if (f.tag === 0x02) nonceDer = f.raw;
        else if (f.tag === 0x01) certReq = f.content[0] !== 0;
      }
      if (policy !== this.policy) return reject(FAILURE.unacceptedPolicy, 'unaccepted policy');
      return sequence(sequence(integer(0)), this.token(imprint.raw, hash, now, nonceDer, certReq));
    } catch {
      return reject(FAILURE.badRequest, 'malformed TimeStampReq');
    }
  }

  /** A token over a digest directly (what DevTimestampClient uses in-process). */
  timestamp(digest: Buffer, hash: DigestAlgorithm, now: Date, nonce?: bigint): Buffer {
    const imprint = sequence(sequence(oid(hashOid(hash))), tlv(0x04, digest));
    return this.token(imprint, hash, now, nonce !== undefined ? integer(nonce) : undefined, true);
  }

  private token(
    imprintDer: Buffer,
    hash: DigestAlgorithm,
    now: Date,
    nonceDer: Buffer | undefined,
    certReq: boolean,
  ): Buffer {
    const accuracy = this.options.accuracyMillis ?? 1000;
    const seconds = Math.floor(accuracy / 1000);
    const millis = accuracy % 1000;
    const tstInfo = sequence(
      integer(1),
      oid(this.policy),
      imprintDer,
      integerFromUnsigned(bigintBytes(randomSerial(this.random))),
      generalizedTime(now, true),
      sequence(
        ...(seconds ? [integer(seconds)] : []),
        ...(millis ? [implicitPrimitive(0, integer(millis).subarray(2))] : []),
      ),
      ...(nonceDer ? [nonceDer] : []),
    );
    const digest = crypto.createHash(hash).update(tstInfo).digest();
    const signatureAlgorithm = defaultSignatureAlgorithm(this.key, hash);
    const prepared = prepareSignedAttributes({
      messageDigest: digest,
      digestAlgorithm: hash,
      signatureAlgorithm,
      signerCertificate: this.certificate,
      contentType: OID.tstInfo,
    });
    const signature = signWithKey(signatureAlgorithm, prepared.der, this.key);
    // RFC 3161 §2.4.1: the TSA certificate is included only when certReq is true.
    const token = assembleSignedData(prepared, signature, certReq ? this.chain : [], {
      encapsulatedContent: tstInfo,
    });
    return certReq ? token : stripCertificates(token);
  }
}

function hashOid(hash: DigestAlgorithm): string {
  return { sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 }[hash];
}

/** assembleSignedData always embeds the signer; without certReq the set is removed again. */
function stripCertificates(token: Buffer): Buffer {
  const [type, wrapped] = children(readWhole(token));
  const fields = children(children(wrapped)[0]).filter((f) => f.tag !== 0xa0);
  return sequence(type.raw, explicit(0, sequence(...fields.map((f) => f.raw))));
}

/** PKIStatusInfo rejection (status 2) with a failInfo bit and a text (RFC 3161 §2.4.2). */
function reject(failBit: number, text: string): Buffer {
  const bytes = Buffer.alloc((failBit >> 3) + 1);
  bytes[failBit >> 3] |= 0x80 >> (failBit & 7);
  const unused = 7 - (failBit & 7);
  return sequence(sequence(integer(2), sequence(utf8String(text)), tlv(0x03, Buffer.from([unused]), bytes)));
}
