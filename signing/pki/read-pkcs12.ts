import * as crypto from 'node:crypto';
import forge from 'node-forge';
import { digestAlgorithmFromOid } from '../cms/algorithms';
import { Tlv, children, decodeInteger, decodeOid, readTlv, sequence } from '../cms/der';
import { Certificate } from './certificate';
import { orderChain } from './order-chain';
import { PkiError } from './pki-error';
import { pkcs12Kdf } from './write-pkcs12';

/** The key and certificates of a PKCS#12 file. */
export interface Pkcs12Contents {
  readonly key: crypto.KeyObject;
  /** The certificate whose public key is the key's. */
  readonly certificate: Certificate;
  /** The other certificates, ordered from the issuer of `certificate` upwards (extra ones last). */
  readonly chain: readonly Certificate[];
}

/**
 * Decodes a PKCS#12 file (RFC 7292): OpenSSL 3 files (PBES2 with PBKDF2-HMAC-SHA-256 and AES-CBC,
 * SHA-256 MAC) and legacy ones (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC, SHA-1
 * MAC) through node-forge, which has RC2 in JavaScript where OpenSSL 3 keeps it in the legacy
 * provider. Off the hot path: run once per key. Errors: P12_BAD_PASSWORD, P12_MALFORMED,
 * P12_UNSUPPORTED, KEY_CERT_MISMATCH.
 */
export function readPkcs12(p12: Buffer, password: string): Pkcs12Contents {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  // forge re-encodes the certificates it decodes, which may change their bytes (and so the ESS
  // certHash). When its X.509 decoder fails, it keeps the bag's original ASN.1 instead: make it
  // fail for the duration of this synchronous call so that every certificate keeps its exact DER.
  const decodeCertificate = forge.pki.certificateFromAsn1;
  try {
    forge.pki.certificateFromAsn1 = () => {
      throw new Error('kept as ASN.1');
    };
    parsed = decodeWithForge(p12, password);
  } catch (cause) {
    const text = String((cause as Error)?.message ?? cause);
    if (/password|MAC could not be verified|decrypt/i.test(text)) {
      throw new PkiError(
        'P12_BAD_PASSWORD',
        { vi: 'Sai mật khẩu tệp PKCS#12', en: 'Wrong PKCS#12 password (MAC or decryption failed)' },
        { cause },
      );
    }
    if (/unsupported|not supported|Unknown/i.test(text)) {
      throw new PkiError(
        'P12_UNSUPPORTED',
        { vi: 'Tệp PKCS#12 dùng thuật toán không được hỗ trợ', en: `Unsupported PKCS#12: ${text}` },
        { cause },
      );
    }
    throw new PkiError(
      'P12_MALFORMED',
      { vi: 'Tệp PKCS#12 không hợp lệ', en: `Malformed PKCS#12: ${text}` },
      { cause },
    );
  } finally {
    forge.pki.certificateFromAsn1 = decodeCertificate;
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ??
      []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  if (keyBags.length === 0) {
    throw new PkiError('P12_UNSUPPORTED', {
      vi: 'Tệp PKCS#12 không chứa khóa bí mật',
      en: 'The PKCS#12 file holds no private key',
    });
  }
  const key = keyFromBag(keyBags[0]);
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((bag) => certificateFromBag(bag))
    .filter((c): c is Certificate => c !== null);
  const spki = normalisedSpki(crypto.createPublicKey(key));
  const leaf = certs.find((c) => normalisedSpki(c.publicKey).equals(spki));
  if (!leaf) {
    throw new PkiError('KEY_CERT_MISMATCH', {
      vi: 'Khóa bí mật không khớp với chứng thư số nào trong tệp PKCS#12',
      en: 'The private key matches no certificate in the PKCS#12 file',
    });
  }
  return {
    key,
    certificate: leaf,
    chain: orderChain(
      leaf,
      certs.filter((c) => c !== leaf),
    ),
  };
}

/**
 * node-forge reads every PKCS#12 variant we meet except one: with a non-ASCII password, OpenSSL 3
 * feeds PBKDF2 the UTF-8 bytes (RFC 8018 §6.2) while forge uses one byte per character. Then the
 * MAC (RFC 7292 Appendix B: BMPString password) is verified here, removed, and forge decrypts with
 * the UTF-8 form.
 */
function decodeWithForge(p12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  const decode = (der: Buffer, pw: string) =>
    forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))),
      false,
      pw,
    );
  try {
    return decode(p12, password);
  } catch (first) {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(password)) throw first;
    const [version, authSafe, macData] = children(readTlv(p12, 0));
    if (!macData || !verifyPkcs12Mac(authSafe, macData, password)) throw first;
    return decode(sequence(version.raw, authSafe.raw), forge.util.encodeUtf8(password));
  }
}

/** RFC 7292 §4 MacData: HMAC over the authSafe content with the PKCS#12-KDF key (ID 3). */
function verifyPkcs12Mac(authSafe: Tlv, macData: Tlv, password: string): boolean {
  const [digestInfo, salt, iterations] = children(macData);
  const [algId, digest] = children(digestInfo);
  const hash = digestAlgorithmFromOid(decodeOid(children(algId)[0]));
  if (hash !== 'sha1' && hash !== 'sha256') return false;
  const content = children(children(authSafe)[1])[0].content;
  const key = pkcs12Kdf(
    password,
    salt.content,
    3,
    iterations ? Number(decodeInteger(iterations)) : 1,
    hash,
    hash === 'sha1' ? 20 : 32,
  );
  const mac = crypto.createHmac(hash, key).update(content).digest();
  return mac.length === digest.content.length && crypto.timingSafeEqual(mac, digest.content);
}

function keyFromBag(bag: forge.pkcs12.Bag): crypto.KeyObject {
  try {
    // RSA keys come decoded; keys forge cannot model (EC) keep their PrivateKeyInfo ASN.1.
    const info = bag.key
      ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
      : bag.asn1;
    const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new PkiError(
      'P12_UNSUPPORTED',
      {
        vi: 'Không đọc được khóa bí mật trong tệp PKCS#12',
        en: 'Cannot read the private key of the PKCS#12 file',
      },
      { cause },
    );
  }
}

function certificateFromBag(bag: forge.pkcs12.Bag): Certificate | null {
  const asn1 = (bag as { asn1?: forge.asn1.Asn1 }).asn1;
  if (!asn1) return null;
  try {
    const der = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    return Certificate.fromDer(der);
  } catch {
    return null;
  }
}

function normalisedSpki(key: crypto.KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}
