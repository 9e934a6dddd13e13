import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The sender's record of an outgoing document delivered to an organisation of another system: the peer
 * that took it, the edXML document id, and the current status codes that organisation reported.
 */
@Entity({ name: 'external_recipients' })
@Unique('external_recipients_delivery_key', ['outgoingId', 'organId'])
@Index(['documentId', 'organId'])
export class ExternalRecipientEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'outgoing_id', type: 'uuid' })
  outgoingId!: string;

  @Column({ name: 'organ_id', type: 'text' })
  organId!: string;

  @Column({ name: 'organ_name', type: 'text', nullable: true })
  organName!: string | null;

  @Column({ name: 'peer_id', type: 'uuid' })
  peerId!: string;

  @Column({ name: 'document_id', type: 'text' })
  documentId!: string;

  @Column({ name: 'status_code', type: 'text', nullable: true })
  statusCode!: string | null;

  @Column({ name: 'recall_code', type: 'text', nullable: true })
  recallCode!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz' })
  deliveredAt!: Date;

  @Column({ name: 'package_id', type: 'uuid' })
  packageId!: string;

  @Column({ name: 'recall_sent_at', type: 'timestamptz', nullable: true })
  recallSentAt!: Date | null;

  @Column({ name: 'updated_sent_at', type: 'timestamptz', nullable: true })
  updatedSentAt!: Date | null;

  @Column({ name: 'last_status_at', type: 'timestamptz', nullable: true })
  lastStatusAt!: Date | null;
}
