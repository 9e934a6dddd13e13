import type { DataSource } from 'typeorm';
import type { Actor, Clock, RequestMetadata } from '../context';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import { readEdxmlMessage } from '../exchange/edxml/read-edxml-message';
import type { FederationDeps } from './federation-deps';
import type { FederationPeer } from './federation-peer';
import type { Reception, ReceiveEdxmlResult } from './reception';
import { peerRepository } from './peer-repository';
import { receiveEdxmlDocument } from './receive-edxml-document';
import { receiveEdxmlRecall } from './receive-edxml-recall';
import { receiveEdxmlStatus } from './receive-edxml-status';

export interface ReceiveEdxmlInput {
  readonly bytes: Buffer;
  /** `federation`: a peer's server posted it to the inbox; `import`: a clerk uploaded it. */
  readonly via: 'federation' | 'import';
  /** The importing clerk: records are made for the clerk's unit only. */
  readonly actor?: Actor;
  readonly requestMetadata?: RequestMetadata;
}

/**
 * Receives an edXML message from another system (the federation inbox, or a clerk's import): verified by
 * readEdxmlMessage against the certificates of the peer configured for its From organisation — never by
 * who posted it — then handled by kind: a document (business type 0 new, 2 update, 3 replace) makes or
 * updates incoming records, a recall (1) puts the recall request on them, a status updates the sender's
 * view of that external recipient. Every step deduplicates by document id, so a package delivered twice
 * answers `duplicate` and creates nothing.
 */
export async function receiveEdxml(
  env: { readonly db: DataSource; readonly clock: Clock },
  deps: FederationDeps,
  input: ReceiveEdxmlInput,
): Promise<ReceiveEdxmlResult> {
  const now = env.clock.now();
  let peer: FederationPeer | undefined;
  const msg = await readEdxmlMessage(input.bytes, {
    trustFor: async (organId) => {
      peer = await peerRepository.findForOrgan(env.db, organId);
      return {
        certificates: peer?.signingCertificates ?? [],
        // RSA-SHA1 only from a peer configured to sign with it (its profile); recorded as weak below.
        acceptRsaSha1: peer?.profile.signatureAlgorithm === 'rsa-sha1',
      };
    },
    at: now,
    ...(deps.limits ? { limits: deps.limits } : {}),
  });
  if (input.via === 'import' && msg.kind === 'status') {
    throw EdxmlError.malformed('a status message is not imported by hand; peers post it to the inbox');
  }
  const r: Reception = {
    db: env.db,
    now,
    deps,
    peer: peer!,
    bytes: input.bytes,
    sha256: msg.sha256,
    signerSha256: msg.signer.fingerprint('sha256').toString('hex'),
    signature: { ...msg.signature, signerSubject: msg.signer.subject },
    layout: msg.layout,
    via: input.via,
    scopeUnitId: input.via === 'import' ? (input.actor?.unitId ?? null) : null,
    actorUserId: input.actor?.userId ?? null,
    audit: {
      actor: input.actor ?? null,
      ...(input.requestMetadata ? { requestMetadata: input.requestMetadata } : {}),
      clock: { now: () => now },
    },
  };
  if (msg.kind === 'status') return receiveEdxmlStatus(r, msg.status);
  if (msg.document.business.type === 1) return receiveEdxmlRecall(r, msg.document);
  return receiveEdxmlDocument(r, msg.document);
}
