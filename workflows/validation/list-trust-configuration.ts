import type { DomainContext } from '../context';
import { loadServerTrust, type TrustAnchorView } from './server-trust';
import { assertValidationRole } from './validation-access';
import type { ValidationDeps } from './validation-deps';

export interface TrustConfiguration {
  readonly mode: 'development' | 'production';
  /** Shipped anchors first (pinned fingerprints), then admin anchors, files, the development root. */
  readonly anchors: readonly TrustAnchorView[];
  /** Hosts whose CRL/OCSP services may be contacted; empty: revocation is offline. */
  readonly revocationHosts: readonly string[];
}

/** What every validation of the server trusts, for auditors and admins. */
export async function listTrustConfiguration(
  ctx: DomainContext,
  deps: ValidationDeps,
): Promise<TrustConfiguration> {
  assertValidationRole(ctx.actor, 'trustRead');
  const trust = await loadServerTrust(ctx.db, deps.trust);
  const hosts: { host: string }[] = await ctx.db.query(`SELECT host FROM revocation_hosts ORDER BY host`);
  return { mode: deps.trust.mode, anchors: trust.entries, revocationHosts: hosts.map((h) => h.host) };
}
