import { Certificate } from '../../signing/pki/certificate';
import type { RevocationReason } from '../../signing/pki/dev-crl-issuer';
import { appendAuditEvent } from '../audit/append-audit-event';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { credentialRepository, publicCredential } from './credential-repository';
import './signing-audit-events';
import type { SigningCredential } from './signing-credential';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/**
 * Development mode only: an admin of the credential's unit has the development CA revoke the
 * credential's certificate. The CRL and the OCSP responder say so from now on, and signing with it is
 * refused (CERT_REVOKED); the credential itself stays registered (deactivate it separately).
 */
export async function revokeDevCertificate(
  ctx: DomainContext,
  services: SigningServices,
  input: { readonly credentialId: string; readonly reason?: RevocationReason },
): Promise<SigningCredential & { readonly revokedAt: Date }> {
  const dev = services.dev;
  if (!dev) {
    throw new SigningError('DEV_PKI_UNAVAILABLE', {
      vi: 'PKI phát triển chỉ có ở chế độ phát triển',
      en: 'The development PKI exists in development mode only',
    });
  }
  const now = ctx.clock.now();
  const revoked = await ctx.db.transaction(async (m) => {
    const c = await credentialRepository.findById(m, input.credentialId, { forUpdate: true });
    if (!c) throw SigningError.credentialNotFound(input.credentialId);
    await authorize(m, ctx.actor, 'accounts.manage', {
      unitId: c.unitId,
      notFound: () => SigningError.credentialNotFound(input.credentialId),
    });
    const certificate = Certificate.from(c.certificatePem);
    if (!dev.issued(certificate)) {
      throw SigningError.credentialInvalid(
        'Chứng thư số không do CA phát triển cấp',
        'The certificate was not issued by the development CA',
        { credentialId: c.id },
      );
    }
    const r = await dev.recordRevocation(m, certificate, {
      revokedAt: now,
      reason: input.reason ?? 'unspecified',
      recordedBy: ctx.actor.userId,
    });
    await appendAuditEvent(m, ctx, {
      type: 'DEV_CERTIFICATE_REVOKED',
      unitId: c.unitId,
      payload: {
        credentialId: c.id,
        serialHex: c.serialHex,
        reason: r.reason,
        revokedAt: r.revokedAt.toISOString(),
      },
    });
    return { credential: c, revokedAt: r.revokedAt };
  });
  await dev.syncRevocations();
  return { ...publicCredential(revoked.credential), revokedAt: revoked.revokedAt };
}
