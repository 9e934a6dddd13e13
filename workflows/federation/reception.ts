import type { DataSource } from 'typeorm';
import type { AuditSource } from '../audit/append-audit-event';
import type { FederationDeps } from './federation-deps';
import type { EdxmlStatusCode } from '../exchange/edxml/edxml-message';
import type { FederationPeer } from './federation-peer';

export interface ReceiveEdxmlResult {
  readonly kind: 'document' | 'status';
  /**
   * `created`: new incoming records; `updated`: records took an update (type 2); `recalled`: records got
   * the recall request (13); `recorded`: a status was recorded; `duplicate`: nothing new, nothing changed.
   */
  readonly outcome: 'created' | 'updated' | 'recalled' | 'recorded' | 'duplicate';
  /** The edXML document id the message is about. */
  readonly documentId: string;
  readonly businessType: number | null;
  readonly statusCode: EdxmlStatusCode | null;
  /** The incoming records the message concerns on this server (new or existing). */
  readonly incomingIds: readonly string[];
  /** Codes of the package's To that are not units of this server. */
  readonly notHere: readonly string[];
}

/** What the receive steps share: the verified message's peer and bytes, and who is acting. */
export interface Reception {
  readonly db: DataSource;
  readonly now: Date;
  readonly deps: FederationDeps;
  readonly peer: FederationPeer;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly signerSha256: string;
  /** How the message was signed and laid out (what arrives with RSA-SHA1 is recorded as weak). */
  readonly signature: {
    readonly algorithm: 'rsa-sha256' | 'rsa-sha1';
    readonly placement: 'xmldsig' | 'qcvn' | 'none';
    readonly weak: boolean;
    readonly signerSubject: string;
  };
  readonly layout: 'sdk' | 'envelope' | 'soap';
  readonly via: 'federation' | 'import';
  /** The importing clerk's unit: only its records are touched. */
  readonly scopeUnitId: string | null;
  readonly actorUserId: string | null;
  readonly audit: AuditSource;
}

/** Thrown inside a transaction when a concurrent reception got there first: roll back, answer duplicate. */
export class AlreadyReceived extends Error {}
