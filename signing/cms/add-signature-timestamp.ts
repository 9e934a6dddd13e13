import * as crypto from 'node:crypto';
import { PkiError } from '../pki/pki-error';
import { DigestAlgorithm } from './algorithms';
import { children, explicit, oid, retag, sequence, setOf, tlv } from './der';
import { OID } from './oids';
import { attribute } from './prepare-signed-attributes';
import { parseSignedData, splitSignedData } from './parse-signed-data';

/**
 * The message imprint a signature timestamp covers: the hash of the SignerInfo's signature value
 * (the OCTET STRING's content), RFC 3161 Appendix A; ETSI EN 319 122-1 §5.3.
 */
export function signatureTimestampImprint(cms: Buffer, hash: DigestAlgorithm): Buffer {
  const { signerInfos } = parseSignedData(cms);
  if (signerInfos.length !== 1) throw oneSigner(signerInfos.length);
  return crypto.createHash(hash).update(signerInfos[0].signature).digest();
}

/**
 * PAdES B-T (ETSI EN 319 142-1 §6.3, ETSI EN 319 122-1 §5.3): adds the id-aa-signatureTimeStampToken
 * unsigned attribute holding `token` (a TimeStampToken ContentInfo) to the only SignerInfo. The signed
 * attributes and the signature value are copied byte for byte; only the SignerInfo's unsigned
 * attributes and the enclosing lengths change.
 */
export function addSignatureTimestamp(cms: Buffer, token: Buffer): Buffer {
  const parsed = parseSignedData(cms); // validates the structure with our error codes
  if (parsed.signerInfos.length !== 1) throw oneSigner(parsed.signerInfos.length);
  const { fields } = splitSignedData(cms);
  const signerInfosSet = fields[fields.length - 1];
  const [signerInfo] = children(signerInfosSet);
  const parts = children(signerInfo);
  const newAttr = attribute(OID.signatureTimeStampToken, token);
  const last = parts[parts.length - 1];
  let rebuilt: Buffer;
  if (last.tag === 0xa1) {
    const existing = children(last).map((a) => a.raw);
    rebuilt = sequence(...parts.slice(0, -1).map((p) => p.raw), retag(setOf(...existing, newAttr), 0xa1));
  } else {
    rebuilt = sequence(...parts.map((p) => p.raw), retag(setOf(newAttr), 0xa1));
  }
  const signedData = tlv(0x30, ...fields.slice(0, -1).map((f) => f.raw), setOf(rebuilt));
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

function oneSigner(n: number): PkiError {
  return new PkiError('CMS_UNSUPPORTED', {
    vi: 'Chữ ký CMS phải có đúng một người ký',
    en: `Expected exactly one SignerInfo, found ${n}`,
  });
}
