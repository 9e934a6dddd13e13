import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { Certificate } from '../../../../signing/pki/certificate';
import { tempDir } from '../../pki/dev-pki-fixture';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_LABEL = 'VanBan Test';
export const USER_PIN = '246810';

let configured: string | undefined;

/**
 * A SoftHSM2 token in a temp directory (Debian package softhsm2). SoftHSM reads SOFTHSM2_CONF when
 * the module is initialised, so the test process points it at the temp config before any signer opens.
 */
export function softHsmToken(): string {
  if (!existsSync(SOFTHSM_MODULE)) throw new Error('softhsm2 is not installed (apt-get install softhsm2)');
  if (configured) return configured;
  const dir = tempDir('softhsm');
  mkdirSync(path.join(dir, 'tokens'));
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', TOKEN_LABEL, '--so-pin', '13579', '--pin', USER_PIN],
    {
      env: process.env,
      stdio: 'pipe',
    },
  );
  configured = dir;
  return dir;
}

/** Imports a private key (PKCS#8 PEM through softhsm2-util) and its certificate (C_CreateObject). */
export function importKey(
  key: crypto.KeyObject,
  certificate: Certificate,
  label: string,
  idHex: string,
): void {
  const dir = softHsmToken();
  const pem = path.join(dir, `${label}.pem`);
  writeFileSync(pem, key.export({ format: 'pem', type: 'pkcs8' }));
  execFileSync(
    'softhsm2-util',
    ['--import', pem, '--token', TOKEN_LABEL, '--label', label, '--id', idHex, '--pin', USER_PIN],
    {
      env: process.env,
      stdio: 'pipe',
    },
  );
  const lib = new pkcs11js.PKCS11();
  lib.load(SOFTHSM_MODULE);
  let initialised = false;
  try {
    lib.C_Initialize();
    initialised = true;
  } catch (e) {
    if ((e as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e;
  }
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === TOKEN_LABEL)!;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      lib.C_Login(session, pkcs11js.CKU_USER, USER_PIN);
    } catch (e) {
      if ((e as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw e;
    }
    lib.C_CreateObject(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
      { type: pkcs11js.CKA_SUBJECT, value: certificate.subjectDer },
      { type: pkcs11js.CKA_VALUE, value: certificate.der },
    ]);
    lib.C_CloseSession(session);
  } finally {
    if (initialised) lib.C_Finalize();
    lib.close();
  }
}
