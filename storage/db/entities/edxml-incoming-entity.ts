import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The edXML facts of an incoming document received from another system (one row per incoming record). */
@Entity({ name: 'edxml_incoming' })
@Index(['senderOrganId', 'documentId'])
export class EdxmlIncomingEntity {
  @PrimaryColumn({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ name: 'package_id', type: 'uuid' })
  packageId!: string;

  @Column({ name: 'sender_organ_id', type: 'text' })
  senderOrganId!: string;

  @Column({ name: 'sender_organ_name', type: 'text' })
  senderOrganName!: string;

  /** `{organId},{yyyy/MM/dd},{number}/{notation}`. */
  @Column({ name: 'document_id', type: 'text' })
  documentId!: string;

  @Column({ name: 'promulgation_date', type: 'date' })
  promulgationDate!: string;

  /** The sender's answer-by date (DueDate), not the handling deadline the leader sets. */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'signer_name', type: 'text', nullable: true })
  signerName!: string | null;

  /** Files after the main PDF: `{ name, contentType, sha256, size }`. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: { name: string; contentType: string; sha256: string; size: number }[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  trace!: { organId: string; timestamp: string }[];

  @Column({ name: 'replaces_document_ids', type: 'text', array: true, default: () => "'{}'" })
  replacesDocumentIds!: string[];

  @Column({ name: 'superseded_by_incoming_id', type: 'uuid', nullable: true })
  supersededByIncomingId!: string | null;

  @Column({ name: 'updated_package_id', type: 'uuid', nullable: true })
  updatedPackageId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  /** How the package was signed: signer certificate, algorithm, whether weak (RSA-SHA1 from a peer allowed it). */
  @Column({ type: 'jsonb', nullable: true })
  signature!: Record<string, unknown> | null;

  /** The sender's address fields as the package gave them. */
  @Column({ type: 'jsonb', nullable: true })
  sender!: Record<string, unknown> | null;

  @Column({ name: 'signer_position', type: 'text', nullable: true })
  signerPosition!: string | null;
}
