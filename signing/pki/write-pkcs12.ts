import * as crypto from 'node:crypto';
import { explicit, integer, nullValue, octetString, oid, sequence, setOf, tlv } from '../cms/der';
import { OID } from '../cms/oids';
import { Certificate } from './certificate';

export interface Pkcs12Contents {
  key: crypto.KeyObject;
  certificate: Certificate;
  /** Issuing CAs, leaf to root. */
  chain?: readonly Certificate[];
  password: string;
  friendlyName?: string;
  /** PBKDF2 and MAC iterations; OpenSSL 3 uses 2048. */
  iterations?: number;
  random?: (n: number) => Buffer;
}

/**
 * RFC 7292 Appendix B.2: the PKCS#12 key derivation used for the MAC key (ID 3). The password is a
 * BMPString with a terminating NUL (RFC 7292 Appendix B.1).
 */
export function pkcs12Kdf(
  password: string,
  salt: Buffer,
  id: number,
  iterations: number,
  hash: 'sha1' | 'sha256',
  length: number,
): Buffer {
  const u = hash === 'sha1' ? 20 : 32;
  const v = 64;
  const pw = Buffer.from(password + '\0', 'utf16le').swap16();
  const fill = (src: Buffer) => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(pw)]);
  const chunks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let A = crypto.createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = crypto.createHash(hash).update(A).digest();
    chunks.push(A);
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      // I_j = (I_j + B + 1) mod 2^(8v)
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** RFC 8018 §6.2 PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, as OpenSSL 3 writes by default. */
function pbes2Encrypt(
  plain: Buffer,
  password: string,
  iterations: number,
  random: (n: number) => Buffer,
): { algorithm: Buffer; ciphertext: Buffer } {
  const salt = random(16);
  const iv = random(16);
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const algorithm = sequence(
    oid(OID.pbes2),
    sequence(
      sequence(
        oid(OID.pbkdf2),
        sequence(octetString(salt), integer(iterations), sequence(oid(OID.hmacWithSha256), nullValue())),
      ),
      sequence(oid(OID.aes256Cbc), octetString(iv)),
    ),
  );
  return { algorithm, ciphertext };
}

/**
 * Writes a PKCS#12 file (RFC 7292) the way OpenSSL 3 `pkcs12 -export` does by default: certificates
 * in a PBES2/AES-256-CBC EncryptedData, the key in a PBES2 pkcs8ShroudedKeyBag, an HMAC-SHA-256
 * MAC; localKeyId links the key to its certificate.
 */
export function writePkcs12(c: Pkcs12Contents): Buffer {
  const iterations = c.iterations ?? 2048;
  const random = c.random ?? crypto.randomBytes;
  const localKeyId = c.certificate.fingerprint('sha1');
  const attrs = (withKeyId: boolean, name?: string) =>
    setOf(
      ...(withKeyId ? [sequence(oid(OID.localKeyId), setOf(octetString(localKeyId)))] : []),
      ...(name
        ? [sequence(oid(OID.friendlyName), setOf(tlv(0x1e, Buffer.from(name, 'utf16le').swap16())))]
        : []),
    );
  const certBag = (cert: Certificate, leaf: boolean) =>
    sequence(
      oid(OID.certBag),
      explicit(0, sequence(oid(OID.x509Certificate), explicit(0, octetString(cert.der)))),
      ...(leaf ? [attrs(true, c.friendlyName)] : []),
    );
  const certSafe = sequence(certBag(c.certificate, true), ...(c.chain ?? []).map((x) => certBag(x, false)));
  const certEnc = pbes2Encrypt(certSafe, c.password, iterations, random);
  const certInfo = sequence(
    oid(OID.pkcs7EncryptedData),
    explicit(
      0,
      sequence(integer(0), sequence(oid(OID.pkcs7Data), certEnc.algorithm, tlv(0x80, certEnc.ciphertext))),
    ),
  );

  const pkcs8 = c.key.export({ format: 'der', type: 'pkcs8' });
  const keyEnc = pbes2Encrypt(pkcs8, c.password, iterations, random);
  const keySafe = sequence(
    sequence(
      oid(OID.pkcs8ShroudedKeyBag),
      explicit(0, sequence(keyEnc.algorithm, octetString(keyEnc.ciphertext))),
      attrs(true, c.friendlyName),
    ),
  );
  const keyInfo = sequence(oid(OID.pkcs7Data), explicit(0, octetString(keySafe)));

  const authSafe = sequence(certInfo, keyInfo);
  const macSalt = random(8);
  const macKey = pkcs12Kdf(c.password, macSalt, 3, iterations, 'sha256', 32);
  const mac = crypto.createHmac('sha256', macKey).update(authSafe).digest();
  return sequence(
    integer(3),
    sequence(oid(OID.pkcs7Data), explicit(0, octetString(authSafe))),
    sequence(
      sequence(sequence(oid(OID.sha256), nullValue()), octetString(mac)),
      octetString(macSalt),
      integer(iterations),
    ),
  );
}
