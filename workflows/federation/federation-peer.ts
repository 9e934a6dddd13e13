import type { Certificate } from '../../signing/pki/certificate';
import type { EdxmlProfile } from '../exchange/edxml/edxml-profile';

/** Another system this server exchanges edXML with (table federation_peers). */
export interface FederationPeer {
  readonly id: string;
  readonly name: string;
  /** Exact codes or `*`-suffix patterns (organ-pattern.ts). */
  readonly organPatterns: readonly string[];
  /** https base URL; the inbox is `{baseUrl}/api/federation/inbox`. */
  readonly baseUrl: string;
  /** The certificates this peer's packages must be signed with. */
  readonly signingCertificates: readonly Certificate[];
  /** PEM of the CAs trusted for the peer's TLS certificate; null: the system's roots. */
  readonly tlsCaPem: string | null;
  readonly enabled: boolean;
  /** How this peer writes and reads edXML (layout, attachments, status form, signature algorithm). */
  readonly profile: EdxmlProfile;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
