import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { assertFederationAdmin } from './assert-federation-admin';
import './federation-audit-events';
import type { FederationPeer } from './federation-peer';
import { assertNoPatternClash, peerConflict } from './peer-clash';
import { peerValues, type PeerInput } from './peer-input';
import { peerRepository } from './peer-repository';

/** An administrator adds a system to exchange edXML with (FEDERATION_PEER_INVALID, _CONFLICT). */
export async function createPeer(ctx: DomainContext, input: PeerInput): Promise<FederationPeer> {
  const values = peerValues(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    await assertFederationAdmin(m, ctx.actor);
    await assertNoPatternClash(m, values);
    let peer: FederationPeer;
    try {
      peer = await peerRepository.insert(m, values, now);
    } catch (e) {
      throw peerConflict(e, values.name);
    }
    await appendAuditEvent(m, ctx, {
      type: 'FEDERATION_PEER_CREATED',
      payload: {
        peerId: peer.id,
        name: peer.name,
        organPatterns: [...peer.organPatterns],
        baseUrl: peer.baseUrl,
        certificates: peer.signingCertificates.map((c) => c.fingerprint('sha256').toString('hex')),
        profile: { ...peer.profile },
      },
    });
    return peer;
  });
}
