import * as crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  DigestAlgorithm,
  SignatureAlgorithm,
  defaultSignatureAlgorithm,
  signWithKey,
} from '../../cms/algorithms';
import { Certificate } from '../../pki/certificate';
import { PkiError } from '../../pki/pki-error';
import { readPkcs12 } from '../../pki/read-pkcs12';
import { Signer } from './signer';

export interface LocalKeySignerOptions {
  /** RSA keys only: sign RSASSA-PSS instead of PKCS#1 v1.5. */
  rsaScheme?: 'rsa-pkcs1' | 'rsa-pss';
  /** The clock the certificate's validity is checked against (injected for tests). */
  clock?: () => Date;
}

/**
 * A signer holding its private key in memory: from a PKCS#12 file (RFC 7292) parsed once, or from a
 * KeyObject. Signing is one OpenSSL call through Node's crypto.
 */
export class Pkcs12Signer implements Signer {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  private readonly key: crypto.KeyObject;
  private readonly rsaScheme: 'rsa-pkcs1' | 'rsa-pss';
  private readonly clock: () => Date;

  private constructor(
    key: crypto.KeyObject,
    certificate: Certificate,
    chain: readonly Certificate[],
    options: LocalKeySignerOptions,
  ) {
    this.key = key;
    this.certificate = certificate;
    this.chain = chain;
    this.rsaScheme = options.rsaScheme ?? 'rsa-pkcs1';
    this.clock = options.clock ?? (() => new Date());
    assertKeyMatches(key, certificate);
    assertValidAt(certificate, this.clock());
  }

  static async fromFile(
    path: string,
    password: string,
    options: LocalKeySignerOptions = {},
  ): Promise<Pkcs12Signer> {
    return Pkcs12Signer.fromBuffer(await readFile(path), password, options);
  }

  /**
   * Reads OpenSSL 3 files (PBES2 with PBKDF2-HMAC-SHA-256 and AES-CBC, SHA-256 MAC) and legacy ones
   * (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC, SHA-1 MAC); see readPkcs12.
   */
  static fromBuffer(p12: Buffer, password: string, options: LocalKeySignerOptions = {}): Pkcs12Signer {
    const { key, certificate, chain } = readPkcs12(p12, password);
    return new Pkcs12Signer(key, certificate, chain, options);
  }

  /** A signer over a key already in memory (the development PKI, tests). */
  static fromKey(
    key: crypto.KeyObject,
    certificate: Certificate,
    chain: readonly Certificate[] = [],
    options: LocalKeySignerOptions = {},
  ): Pkcs12Signer {
    return new Pkcs12Signer(key, certificate, chain, options);
  }

  signatureAlgorithm(digestAlgorithm: DigestAlgorithm): SignatureAlgorithm {
    const alg = defaultSignatureAlgorithm(this.key, digestAlgorithm);
    return alg.scheme === 'rsa-pkcs1' && this.rsaScheme === 'rsa-pss'
      ? { scheme: 'rsa-pss', hash: digestAlgorithm }
      : alg;
  }

  async sign(dataToSign: Buffer, algorithm: SignatureAlgorithm): Promise<Buffer> {
    assertValidAt(this.certificate, this.clock());
    return signWithKey(algorithm, dataToSign, this.key);
  }
}

/** KEY_CERT_MISMATCH unless the private key's public half is the certificate's subject key. */
export function assertKeyMatches(key: crypto.KeyObject, certificate: Certificate): void {
  const a = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' });
  const b = certificate.publicKey.export({ format: 'der', type: 'spki' });
  if (!a.equals(b)) {
    throw new PkiError('KEY_CERT_MISMATCH', {
      vi: 'Khóa bí mật không khớp với chứng thư số',
      en: 'The private key does not belong to the certificate',
    });
  }
}

/** CERT_EXPIRED / CERT_NOT_YET_VALID at `at` (RFC 5280 §4.1.2.5). */
export function assertValidAt(certificate: Certificate, at: Date): void {
  if (at.getTime() > certificate.notAfter.getTime()) {
    throw new PkiError(
      'CERT_EXPIRED',
      {
        vi: `Chứng thư số đã hết hạn từ ${certificate.notAfter.toISOString()}`,
        en: `The certificate expired on ${certificate.notAfter.toISOString()}`,
      },
      { details: { notAfter: certificate.notAfter.toISOString(), subject: certificate.subject } },
    );
  }
  if (at.getTime() < certificate.notBefore.getTime()) {
    throw new PkiError(
      'CERT_NOT_YET_VALID',
      {
        vi: `Chứng thư số chưa có hiệu lực trước ${certificate.notBefore.toISOString()}`,
        en: `The certificate is not valid before ${certificate.notBefore.toISOString()}`,
      },
      { details: { notBefore: certificate.notBefore.toISOString(), subject: certificate.subject } },
    );
  }
}
