import * as crypto from 'node:crypto';

/** Key types the development PKI issues; RSA-2048 by default (ETSI TS 119 312 §6.2.2.1 minimum). */
export type KeySpec = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p256' | 'ec-p384';

export const KEY_SPECS: readonly KeySpec[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'];

/** Generates a key pair through OpenSSL (never in JavaScript: RSA-4096 takes seconds otherwise). */
export function generateKeyPair(spec: KeySpec): crypto.KeyPairKeyObjectResult {
  switch (spec) {
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return crypto.generateKeyPairSync('rsa', {
        modulusLength: Number(spec.slice(4)),
        publicExponent: 0x10001,
      });
    case 'ec-p256':
      return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ec-p384':
      return crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  }
}
