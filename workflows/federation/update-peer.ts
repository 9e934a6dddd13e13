import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { assertFederationAdmin } from './assert-federation-admin';
import './federation-audit-events';
import { FederationError } from './federation-error';
import type { FederationPeer } from './federation-peer';
import { assertNoPatternClash, peerConflict } from './peer-clash';
import { peerProfile, peerValues, type PeerInput } from './peer-input';
import { peerRepository } from './peer-repository';

/**
 * An administrator changes a peer: any of its fields, `enabled: false` to stop exchanging with it (peers
 * are never deleted: the packages exchanged keep naming them). Certificates given replace the old ones.
 */
export async function updatePeer(
  ctx: DomainContext,
  input: { readonly id: string } & Partial<PeerInput>,
): Promise<FederationPeer> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    await assertFederationAdmin(m, ctx.actor);
    const old = await peerRepository.findById(m, input.id, { forUpdate: true });
    if (!old) throw FederationError.peerNotFound(input.id);
    const values = peerValues({
      name: input.name ?? old.name,
      organPatterns: input.organPatterns ?? old.organPatterns,
      baseUrl: input.baseUrl ?? old.baseUrl,
      signingCertificatesPem:
        input.signingCertificatesPem ?? old.signingCertificates.map((c) => c.toPem()).join(''),
      tlsCaPem: input.tlsCaPem === undefined ? old.tlsCaPem : input.tlsCaPem,
      enabled: input.enabled ?? old.enabled,
      profile: peerProfile(input.profile, old.profile),
    });
    await assertNoPatternClash(m, values, old.id);
    let peer: FederationPeer;
    try {
      peer = await peerRepository.update(m, old.id, values, now);
    } catch (e) {
      throw peerConflict(e, values.name);
    }
    const changes: Record<string, unknown> = {};
    if (peer.name !== old.name) changes.name = peer.name;
    if (peer.organPatterns.join() !== old.organPatterns.join())
      changes.organPatterns = [...peer.organPatterns];
    if (peer.baseUrl !== old.baseUrl) changes.baseUrl = peer.baseUrl;
    const fp = (p: FederationPeer) =>
      p.signingCertificates.map((c) => c.fingerprint('sha256').toString('hex'));
    if (fp(peer).join() !== fp(old).join()) changes.certificates = fp(peer);
    if (peer.tlsCaPem !== old.tlsCaPem) changes.tlsCa = peer.tlsCaPem ? 'changed' : 'system roots';
    if (peer.enabled !== old.enabled) changes.enabled = peer.enabled;
    if (JSON.stringify(peer.profile) !== JSON.stringify(old.profile)) changes.profile = { ...peer.profile };
    await appendAuditEvent(m, ctx, {
      type: 'FEDERATION_PEER_UPDATED',
      payload: { peerId: peer.id, changes },
    });
    return peer;
  });
}
