import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An edXML package or status message sent or received; its bytes are in the object store under `sha256`. */
@Entity({ name: 'edxml_packages' })
@Index(['documentId', 'createdAt'])
export class EdxmlPackageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  direction!: 'outbound' | 'inbound';

  @Column({ type: 'text' })
  kind!: 'document' | 'status';

  @Column({ type: 'text' })
  via!: 'federation' | 'import' | 'export';

  @Column({ name: 'peer_id', type: 'uuid', nullable: true })
  peerId!: string | null;

  @Column({ name: 'from_organ_id', type: 'text' })
  fromOrganId!: string;

  @Column({ name: 'to_organ_ids', type: 'text', array: true, default: () => "'{}'" })
  toOrganIds!: string[];

  @Column({ name: 'document_id', type: 'text' })
  documentId!: string;

  @Column({ name: 'business_type', type: 'smallint', nullable: true })
  businessType!: number | null;

  @Column({ name: 'status_code', type: 'text', nullable: true })
  statusCode!: string | null;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bigint' })
  size!: string;

  /** SHA-256 of the certificate that signed it. */
  @Column({ name: 'signer_sha256', type: 'text' })
  signerSha256!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'signature_algorithm', type: 'text', nullable: true })
  signatureAlgorithm!: 'rsa-sha256' | 'rsa-sha1' | null;

  @Column({ name: 'signature_placement', type: 'text', nullable: true })
  signaturePlacement!: 'xmldsig' | 'qcvn' | 'none' | null;

  @Column({ type: 'text', nullable: true })
  layout!: 'sdk' | 'envelope' | 'soap' | null;
}
