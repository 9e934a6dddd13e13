import * as crypto from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import {
  DigestAlgorithm,
  SignatureAlgorithm,
  defaultSignatureAlgorithm,
  pssSaltLength,
} from '../../cms/algorithms';
import { nullValue, octetString, oid, sequence } from '../../cms/der';
import { ecdsaRawToDer } from '../../cms/ecdsa-signature';
import { OID } from '../../cms/oids';
import { Certificate } from '../../pki/certificate';
import { PkiError } from '../../pki/pki-error';
import { assertValidAt } from './pkcs12-signer';
import { Signer } from './signer';

export interface Pkcs11SignerOptions {
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so or a USB token's driver. */
  modulePath: string;
  /** Token label (CK_TOKEN_INFO.label, trailing blanks ignored). */
  tokenLabel: string;
  pin: string;
  /** The private key by CKA_LABEL and/or CKA_ID (hex). */
  keyLabel?: string;
  keyId?: string;
  /** The signing certificate; read from the token (CKO_CERTIFICATE with the key's CKA_ID) when omitted. */
  certificate?: Certificate;
  chain?: readonly Certificate[];
  /**
   * RSA: 'hash-and-sign' uses CKM_SHAnnn_RSA_PKCS (or _PSS); 'digest-info' hashes here and signs the
   * DigestInfo with CKM_RSA_PKCS, which every token supports. ECDSA always hashes here (CKM_ECDSA).
   */
  rsaMechanism?: 'hash-and-sign' | 'digest-info';
  rsaScheme?: 'rsa-pkcs1' | 'rsa-pss';
  clock?: () => Date;
}

const HASH_MECH = {
  sha256: {
    rsa: pkcs11js.CKM_SHA256_RSA_PKCS,
    pss: pkcs11js.CKM_SHA256_RSA_PKCS_PSS,
    hash: pkcs11js.CKM_SHA256,
    mgf: pkcs11js.CKG_MGF1_SHA256,
  },
  sha384: {
    rsa: pkcs11js.CKM_SHA384_RSA_PKCS,
    pss: pkcs11js.CKM_SHA384_RSA_PKCS_PSS,
    hash: pkcs11js.CKM_SHA384,
    mgf: pkcs11js.CKG_MGF1_SHA384,
  },
  sha512: {
    rsa: pkcs11js.CKM_SHA512_RSA_PKCS,
    pss: pkcs11js.CKM_SHA512_RSA_PKCS_PSS,
    hash: pkcs11js.CKM_SHA512,
    mgf: pkcs11js.CKG_MGF1_SHA512,
  },
} as const;

/** Loaded modules, shared by signers: C_Initialize once per module and process (PKCS#11 §5.4). */
const modules = new Map<
  string,
  { lib: pkcs11js.PKCS11; users: number; finalize: boolean; pins: Map<string, string> }
>();

function acquireModule(path: string): pkcs11js.PKCS11 {
  const known = modules.get(path);
  if (known) {
    known.users++;
    return known.lib;
  }
  const lib = new pkcs11js.PKCS11();
  lib.load(path);
  let finalize = true;
  try {
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if ((e as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e;
    finalize = false; // someone else in the process owns the initialisation
  }
  modules.set(path, { lib, users: 1, finalize, pins: new Map() });
  return lib;
}

function releaseModule(path: string): void {
  const m = modules.get(path);
  if (!m || --m.users > 0) return;
  modules.delete(path);
  if (m.finalize) m.lib.C_Finalize();
  m.lib.close();
}

/**
 * A signer whose key stays on a PKCS#11 token (HSM, USB token; SoftHSM2 in tests). One logged-in
 * session per signer; signatures are serialised on it because a PKCS#11 session runs one operation
 * at a time (PKCS#11 v2.40 §5.11).
 */
export class Pkcs11Signer implements Signer {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly lib: pkcs11js.PKCS11,
    private readonly modulePath: string,
    private readonly session: Buffer,
    private readonly key: Buffer,
    certificate: Certificate,
    private readonly options: Pkcs11SignerOptions,
  ) {
    this.certificate = certificate;
    this.chain = options.chain ?? [];
  }

  static open(options: Pkcs11SignerOptions): Pkcs11Signer {
    if (!options.keyLabel && !options.keyId) {
      throw new PkiError('SIGNER_CONFIG_INVALID', {
        vi: 'Cần nhãn hoặc mã khóa trên thiết bị PKCS#11',
        en: 'A PKCS#11 key needs keyLabel or keyId',
      });
    }
    let lib: pkcs11js.PKCS11;
    try {
      lib = acquireModule(options.modulePath);
    } catch (cause) {
      throw p11Error('PKCS11_ERROR', `cannot load ${options.modulePath}`, cause);
    }
    let session: Buffer | undefined;
    try {
      const slot = lib
        .C_GetSlotList(true)
        .find((s) => lib.C_GetTokenInfo(s).label.replace(/[\s\0]+$/, '') === options.tokenLabel);
      if (!slot) throw p11Error('PKCS11_TOKEN_NOT_FOUND', `no token labelled ${options.tokenLabel}`);
      session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      // PKCS#11 §5.6: login state is per token and application, so a second session finds the
      // token logged in whatever PIN it brings; the PIN of the first login is remembered (hashed)
      // so that a wrong one is still refused.
      const pins = modules.get(options.modulePath)!.pins;
      const slotKey = slot.toString('hex');
      const pinHash = crypto.createHash('sha256').update(options.pin).digest('hex');
      try {
        lib.C_Login(session, pkcs11js.CKU_USER, options.pin);
        pins.set(slotKey, pinHash);
      } catch (e) {
        const already = (e as { code?: number }).code === pkcs11js.CKR_USER_ALREADY_LOGGED_IN;
        if (!already || (pins.has(slotKey) && pins.get(slotKey) !== pinHash)) {
          throw p11Error('PKCS11_LOGIN_FAILED', 'login refused (wrong PIN or locked token)', e);
        }
      }
      const idTemplate = [
        ...(options.keyLabel ? [{ type: pkcs11js.CKA_LABEL, value: options.keyLabel }] : []),
        ...(options.keyId ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(options.keyId, 'hex') }] : []),
      ];
      const key = findOne(lib, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        ...idTemplate,
      ]);
      if (!key)
        throw p11Error(
          'PKCS11_KEY_NOT_FOUND',
          `no private key ${options.keyLabel ?? ''} ${options.keyId ?? ''}`.trim(),
        );
      let certificate = options.certificate;
      if (!certificate) {
        const [{ value: keyId }] = lib.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_ID }]);
        const certHandle = findOne(lib, session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_ID, value: keyId as Buffer },
        ]);
        if (!certHandle)
          throw p11Error('PKCS11_KEY_NOT_FOUND', 'no certificate for the key on the token; configure one');
        const [{ value }] = lib.C_GetAttributeValue(session, certHandle, [{ type: pkcs11js.CKA_VALUE }]);
        certificate = Certificate.fromDer(value as Buffer);
      }
      assertValidAt(certificate, (options.clock ?? (() => new Date()))());
      return new Pkcs11Signer(lib, options.modulePath, session, key, certificate, options);
    } catch (e) {
      if (session) {
        try {
          lib.C_CloseSession(session);
        } catch {
          /* the original error matters */
        }
      }
      releaseModule(options.modulePath);
      if (e instanceof PkiError) throw e;
      throw p11Error('PKCS11_ERROR', (e as Error).message, e);
    }
  }

  signatureAlgorithm(digestAlgorithm: DigestAlgorithm): SignatureAlgorithm {
    const alg = defaultSignatureAlgorithm(this.certificate.publicKey, digestAlgorithm);
    return alg.scheme === 'rsa-pkcs1' && this.options.rsaScheme === 'rsa-pss'
      ? { scheme: 'rsa-pss', hash: digestAlgorithm }
      : alg;
  }

  sign(dataToSign: Buffer, algorithm: SignatureAlgorithm): Promise<Buffer> {
    const run = this.queue.then(() => this.signNow(dataToSign, algorithm));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async signNow(data: Buffer, alg: SignatureAlgorithm): Promise<Buffer> {
    if (this.closed) throw p11Error('PKCS11_ERROR', 'the signer was closed');
    assertValidAt(this.certificate, (this.options.clock ?? (() => new Date()))());
    const m = HASH_MECH[alg.hash];
    let mechanism: pkcs11js.Mechanism;
    let input: Buffer;
    if (alg.scheme === 'ecdsa') {
      mechanism = { mechanism: pkcs11js.CKM_ECDSA };
      input = crypto.createHash(alg.hash).update(data).digest();
    } else if (alg.scheme === 'rsa-pss') {
      mechanism = {
        mechanism: m.pss,
        parameter: {
          type: pkcs11js.CK_PARAMS_RSA_PSS,
          hashAlg: m.hash,
          mgf: m.mgf,
          saltLen: pssSaltLength(alg),
        } as pkcs11js.RsaPSS,
      };
      input = data;
    } else if (this.options.rsaMechanism === 'digest-info') {
      // RFC 8017 §9.2: DigestInfo ::= SEQUENCE { digestAlgorithm (with NULL), digest }
      mechanism = { mechanism: pkcs11js.CKM_RSA_PKCS };
      const hashOid = { sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 }[alg.hash];
      input = sequence(
        sequence(oid(hashOid), nullValue()),
        octetString(crypto.createHash(alg.hash).update(data).digest()),
      );
    } else {
      mechanism = { mechanism: m.rsa };
      input = data;
    }
    try {
      this.lib.C_SignInit(this.session, mechanism, this.key);
      const out = await this.lib.C_SignAsync(this.session, input, Buffer.alloc(1024));
      return alg.scheme === 'ecdsa' ? ecdsaRawToDer(out) : out;
    } catch (cause) {
      throw p11Error('PKCS11_ERROR', `signing failed: ${(cause as Error).message}`, cause);
    }
  }

  /** Logs out and closes the session; the module is finalised when its last signer closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    try {
      this.lib.C_Logout(this.session);
    } catch {
      /* already logged out by another session of the same token */
    }
    try {
      this.lib.C_CloseSession(this.session);
    } finally {
      releaseModule(this.modulePath);
    }
  }
}

function findOne(lib: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template): Buffer | null {
  lib.C_FindObjectsInit(session, template);
  try {
    return lib.C_FindObjects(session);
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function p11Error(
  code: 'PKCS11_ERROR' | 'PKCS11_TOKEN_NOT_FOUND' | 'PKCS11_KEY_NOT_FOUND' | 'PKCS11_LOGIN_FAILED',
  en: string,
  cause?: unknown,
): PkiError {
  const vi = {
    PKCS11_ERROR: 'Lỗi thiết bị ký số PKCS#11',
    PKCS11_TOKEN_NOT_FOUND: 'Không tìm thấy thiết bị ký số (token)',
    PKCS11_KEY_NOT_FOUND: 'Không tìm thấy khóa hoặc chứng thư trên thiết bị ký số',
    PKCS11_LOGIN_FAILED: 'Đăng nhập thiết bị ký số thất bại (sai PIN?)',
  }[code];
  return new PkiError(code, { vi, en: `PKCS#11: ${en}` }, cause !== undefined ? { cause } : undefined);
}
