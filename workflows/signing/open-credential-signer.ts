import { isCodedError } from '../../signing/errors';
import { Certificate } from '../../signing/pki/certificate';
import { Pkcs11Signer } from '../../signing/sign/signers/pkcs11-signer';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../signing/sign/signers/signer';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { credentialRepository } from './credential-repository';
import './signing-audit-events';
import type { StoredCredential } from './signing-credential';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/** Wrong PINs in a row before a credential is locked, and for how long. */
export const MAX_WRONG_PINS = 5;
export const PIN_LOCK_MS = 15 * 60_000;

export interface OpenedSigner {
  readonly signer: Signer;
  /** Closes a token session (PKCS#11); a no-op for in-memory keys. */
  close(): Promise<void>;
}

/**
 * Unlocks a server-held key with the PIN the signer typed (never stored, never logged): the PKCS#12
 * file is decrypted with it, or the PKCS#11 token logged in. Wrong PINs are counted per credential;
 * MAX_WRONG_PINS in a row lock it for PIN_LOCK_MS (SIGNING_PIN_LOCKED), so that a stolen session cannot
 * guess a password through the API. The certificate's validity is checked at `at`.
 */
export async function openCredentialSigner(
  ctx: DomainContext,
  services: SigningServices,
  credential: StoredCredential,
  pin: string | undefined,
  at: Date,
): Promise<OpenedSigner> {
  if (!credential.active) throw SigningError.inactive(credential.id);
  if (credential.kind === 'external') throw SigningError.externalOnly(credential.id);
  if (pin === undefined || pin === '') throw SigningError.pinMissing();
  if (credential.pinLockedUntil && credential.pinLockedUntil.getTime() > at.getTime()) {
    throw SigningError.pinLocked(credential.id, credential.pinLockedUntil);
  }
  const clock = () => at;
  let opened: OpenedSigner;
  try {
    if (credential.kind === 'pkcs12') {
      const signer = Pkcs12Signer.fromBuffer(credential.pkcs12!, pin, { clock });
      opened = { signer, close: async () => undefined };
    } else {
      const token = services.pkcs11Tokens[credential.pkcs11Token!];
      if (!token) {
        throw new SigningError(
          'SIGNING_TOKEN_NOT_FOUND',
          {
            vi: `Thiết bị ký "${credential.pkcs11Token}" không có trong cấu hình máy chủ`,
            en: `The PKCS#11 token "${credential.pkcs11Token}" is not in the server configuration`,
          },
          { details: { token: credential.pkcs11Token } },
        );
      }
      const signer = Pkcs11Signer.open({
        ...token,
        pin,
        certificate: Certificate.from(credential.certificatePem),
        chain: credential.chainPem ? Certificate.parseAll(credential.chainPem) : [],
        clock,
      });
      opened = { signer, close: () => signer.close() };
    }
  } catch (e) {
    if (isCodedError(e) && (e.code === 'P12_BAD_PASSWORD' || e.code === 'PKCS11_LOGIN_FAILED')) {
      const counted = await ctx.db.transaction(async (m) => {
        const r = await credentialRepository.recordWrongPin(
          m,
          credential.id,
          new Date(at.getTime() + PIN_LOCK_MS),
          MAX_WRONG_PINS,
        );
        await appendAuditEvent(m, ctx, {
          type: 'SIGNING_PIN_REJECTED',
          unitId: credential.unitId,
          payload: {
            credentialId: credential.id,
            ...(r.lockedUntil ? { lockedUntil: r.lockedUntil.toISOString() } : {}),
          },
        });
        return r;
      });
      if (counted.lockedUntil) throw SigningError.pinLocked(credential.id, counted.lockedUntil);
      // The PKCS#12 password is the PIN the signer typed: say so in their words, with what is left
      // before the lock. (A token's refusal stays PKCS11_LOGIN_FAILED: it may also mean a locked token.)
      if (e.code === 'P12_BAD_PASSWORD') {
        throw SigningError.pinIncorrect(credential.id, MAX_WRONG_PINS - counted.failedCount, PIN_LOCK_MS, e);
      }
    }
    throw e;
  }
  if (!opened.signer.certificate.equals(Certificate.from(credential.certificatePem))) {
    await opened.close();
    throw SigningError.credentialInvalid(
      'Khóa ký không chứa chứng thư số đã đăng ký',
      'The key does not hold the registered certificate',
      { credentialId: credential.id },
    );
  }
  if (credential.failedPinCount > 0) await credentialRepository.resetWrongPins(ctx.db, credential.id);
  return opened;
}
