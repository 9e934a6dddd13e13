import { appendAuditEvent } from '../audit/append-audit-event';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { credentialRepository, publicCredential } from './credential-repository';
import './signing-audit-events';
import type { SigningCredential } from './signing-credential';
import { SigningError } from './signing-error';

/**
 * An admin of the credential's unit (or above) stops its use: it can no longer sign, and its certificate
 * may be registered again. Idempotent. Two-step sessions prepared with it can no longer complete.
 */
export async function deactivateSigningCredential(
  ctx: DomainContext,
  input: { readonly credentialId: string },
): Promise<SigningCredential> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const c = await credentialRepository.findById(m, input.credentialId, { forUpdate: true });
    if (!c) throw SigningError.credentialNotFound(input.credentialId);
    await authorize(m, ctx.actor, 'accounts.manage', {
      unitId: c.unitId,
      notFound: () => SigningError.credentialNotFound(input.credentialId),
    });
    if (!c.active) return publicCredential(c);
    const updated = await credentialRepository.deactivate(m, c.id, ctx.actor.userId, now);
    await appendAuditEvent(m, ctx, {
      type: 'SIGNING_CREDENTIAL_DEACTIVATED',
      unitId: c.unitId,
      payload: { credentialId: c.id, certificateSha256: c.sha256 },
    });
    return publicCredential(updated);
  });
}
