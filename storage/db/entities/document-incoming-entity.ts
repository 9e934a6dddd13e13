import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An incoming document (văn bản đến) of one recipient unit. `statusCode` is the edXML status code
 * (01 arrived, 02 refused, 03 registered, 04 awaiting assignment, 05 in progress, 06 completed);
 * `recallCode` the recall exchange (13 requested, 15 accepted, 16 refused).
 */
@Entity({ name: 'incoming_documents' })
@Index(['recipientUnitId', 'statusCode'])
@Unique('incoming_documents_delivery_key', ['outgoingId', 'recipientUnitId'])
export class DocumentIncomingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'recipient_unit_id', type: 'uuid' })
  recipientUnitId!: string;

  /** The unit the sender named (differs from the recipient when routed to a successor). */
  @Column({ name: 'addressed_unit_id', type: 'uuid' })
  addressedUnitId!: string;

  @Column({ name: 'outgoing_id', type: 'uuid', nullable: true })
  outgoingId!: string | null;

  @Column({ name: 'external_sender_code', type: 'text', nullable: true })
  externalSenderCode!: string | null;

  @Column({ name: 'external_document_id', type: 'text', nullable: true })
  externalDocumentId!: string | null;

  @Column({ name: 'document_type', type: 'text' })
  documentType!: string;

  @Column({ type: 'text' })
  notation!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  urgency!: string;

  @Column({ type: 'boolean', insert: false, update: false })
  urgent!: boolean;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  @Column({ name: 'status_code', type: 'text', default: '01' })
  statusCode!: string;

  @Column({ name: 'recall_code', type: 'text', nullable: true })
  recallCode!: string | null;

  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true })
  supersededById!: string | null;

  @Column({ name: 'register_id', type: 'uuid', nullable: true })
  registerId!: string | null;

  @Column({ type: 'integer', nullable: true })
  year!: number | null;

  @Column({ name: 'incoming_number', type: 'integer', nullable: true })
  incomingNumber!: number | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'assignee_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  assigneeUserIds!: string[];

  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ name: 'handling_result', type: 'text', nullable: true })
  handlingResult!: 'early' | 'on_time' | 'late' | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason!: string | null;

  /** The validator's verdict on arrival (filled by the validation job). */
  @Column({ type: 'jsonb', nullable: true })
  validation!: Record<string, unknown> | null;
}
