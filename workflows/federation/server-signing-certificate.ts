import type { DomainContext } from '../context';
import { assertFederationAdmin } from './assert-federation-admin';
import type { FederationDeps } from './federation-deps';

/** This server's edXML signing certificate, for the administrators of the other side to configure. */
export async function serverSigningCertificate(
  ctx: DomainContext,
  deps: Pick<FederationDeps, 'signer'>,
): Promise<{ pem: string; subject: string; sha256: string; notAfter: Date }> {
  await assertFederationAdmin(ctx.db, ctx.actor);
  const c = (await deps.signer()).certificate;
  return {
    pem: c.toPem(),
    subject: c.subject,
    sha256: c.fingerprint('sha256').toString('hex'),
    notAfter: c.notAfter,
  };
}
