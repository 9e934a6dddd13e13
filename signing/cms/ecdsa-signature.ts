import { integerFromUnsigned, sequence } from './der';

/**
 * ECDSA signature values as CMS carries them (RFC 5758 §3.2, Ecdsa-Sig-Value ::= SEQUENCE { r, s })
 * from the fixed-width r‖s form that PKCS#11 CKM_ECDSA (PKCS#11 v2.40 §2.3.1) and WebCrypto return.
 */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  return sequence(integerFromUnsigned(raw.subarray(0, half)), integerFromUnsigned(raw.subarray(half)));
}

/** True when `value` is a DER SEQUENCE of two INTEGERs filling it exactly. */
export function isDerEcdsaSignature(value: Buffer): boolean {
  if (value.length < 8 || value[0] !== 0x30) return false;
  const len = value[1];
  if (len & 0x80 ? len !== 0x81 || value[2] !== value.length - 3 : len !== value.length - 2) return false;
  let pos = len & 0x80 ? 3 : 2;
  for (let i = 0; i < 2; i++) {
    if (value[pos] !== 0x02) return false;
    pos += 2 + value[pos + 1];
  }
  return pos === value.length;
}
