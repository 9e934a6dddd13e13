/**
 * A SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) as a Node KeyObject, imported from its components
 * where that is exact: OpenSSL 3 decodes an SPKI in about 100 µs, a JWK in about 3 µs, and a
 * validation imports the keys of every signer, TSA, CA, CRL issuer and OCSP responder of a
 * document. RSA keys (rsaEncryption with NULL parameters, RFC 8017 Appendix A.1.1 and C) and EC
 * keys on P-256, P-384 and P-521 with an uncompressed point (RFC 5480 §2.2) take the fast path when
 * their DER is exactly that structure; anything else (RSA-PSS keys, other curves, compressed points,
 * odd encodings) goes through OpenSSL's own SPKI decoder, so no key is accepted that OpenSSL would
 * not read, and the key is the same either way (KeyObject.equals).
 */
import * as crypto from 'node:crypto';
import { children, decodeOid, readWhole, type Tlv } from '../cms/der';
import { OID } from '../cms/oids';

const CURVES: Record<string, { crv: string; size: number }> = {
  [OID.secp256r1]: { crv: 'P-256', size: 32 },
  [OID.secp384r1]: { crv: 'P-384', size: 48 },
  '1.3.132.0.35': { crv: 'P-521', size: 66 },
};

export function publicKeyFromSpki(spki: Buffer): crypto.KeyObject {
  let jwk: crypto.JsonWebKey | undefined;
  try {
    jwk = toJwk(spki);
  } catch {
    jwk = undefined;
  }
  return jwk !== undefined
    ? crypto.createPublicKey({ key: jwk, format: 'jwk' })
    : crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/** Positive INTEGER content without its sign octet; undefined when negative, empty or not minimal. */
function unsigned(t: Tlv): Buffer | undefined {
  const b = t.content;
  if (t.tag !== 0x02 || b.length === 0 || b[0] & 0x80) return undefined;
  if (b[0] === 0 && (b.length === 1 || !(b[1] & 0x80))) return undefined;
  return b[0] === 0 ? b.subarray(1) : b;
}

function toJwk(spki: Buffer): crypto.JsonWebKey | undefined {
  const parts = children(readWhole(spki));
  if (parts.length !== 2 || parts[0].tag !== 0x30 || parts[1].tag !== 0x03) return undefined;
  const alg = children(parts[0]);
  const bits = parts[1].content;
  if (bits.length < 2 || bits[0] !== 0) return undefined; // no unused bits
  const oid = decodeOid(alg[0]);
  if (oid === OID.rsaEncryption) {
    // parameters NULL (RFC 8017 Appendix C)
    if (alg.length !== 2 || alg[1].tag !== 0x05 || alg[1].content.length !== 0) return undefined;
    const rsa = children(readWhole(bits.subarray(1)));
    if (rsa.length !== 2) return undefined;
    const n = unsigned(rsa[0]);
    const e = unsigned(rsa[1]);
    if (n === undefined || e === undefined || n.length < 64) return undefined;
    return { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') };
  }
  if (oid === OID.ecPublicKey) {
    if (alg.length !== 2 || alg[1].tag !== 0x06) return undefined;
    const curve = CURVES[decodeOid(alg[1])];
    const point = bits.subarray(1);
    if (curve === undefined || point.length !== 1 + 2 * curve.size || point[0] !== 0x04) return undefined;
    return {
      kty: 'EC',
      crv: curve.crv,
      x: point.subarray(1, 1 + curve.size).toString('base64url'),
      y: point.subarray(1 + curve.size).toString('base64url'),
    };
  }
  return undefined;
}
