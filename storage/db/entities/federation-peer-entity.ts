import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Another system this server exchanges edXML with (another province's VanBan, the national axis): the
 * organisation codes it answers for, its inbox base URL (https only), the certificates its packages are
 * signed with, and the CAs trusted for its TLS server certificate (null: the system's roots).
 */
@Entity({ name: 'federation_peers' })
@Unique('federation_peers_name_key', ['name'])
export class FederationPeerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Exact codes (`000.00.10.H98`) or `*`-prefixed suffixes (`*.H98`: every unit of province H98). */
  @Column({ name: 'organ_patterns', type: 'text', array: true })
  organPatterns!: string[];

  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  /** DER of the XML-signing certificates accepted from this peer (several during a key rollover). */
  @Column({ name: 'signing_certificates', type: 'bytea', array: true })
  signingCertificates!: Buffer[];

  @Column({ name: 'tls_ca_pem', type: 'text', nullable: true })
  tlsCaPem!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The edXML profile the peer speaks (workflows/federation/edxml-profile.ts; `{}` = the national SDKs'). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  profile!: Record<string, unknown>;
}
