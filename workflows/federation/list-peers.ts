import type { DomainContext } from '../context';
import { assertFederationAdmin } from './assert-federation-admin';
import type { FederationPeer } from './federation-peer';
import { peerRepository } from './peer-repository';

/** The configured peers (administrators of a top-level unit). */
export async function listPeers(ctx: DomainContext): Promise<FederationPeer[]> {
  await assertFederationAdmin(ctx.db, ctx.actor);
  return peerRepository.list(ctx.db);
}
