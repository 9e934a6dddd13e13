import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An outgoing document (văn bản đi), electronic or registered from paper. */
@Entity({ name: 'outgoing_documents' })
@Index(['unitId', 'status'])
@Unique('outgoing_documents_number_key', ['unitId', 'year', 'number', 'notation'])
export class DocumentOutgoingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text', default: 'electronic' })
  medium!: 'electronic' | 'paper';

  @Column({ name: 'document_type', type: 'text' })
  documentType!: string;

  @Column({ type: 'text' })
  notation!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text', default: 'normal' })
  urgency!: string;

  @Column({ type: 'text', default: 'none' })
  classification!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: string;

  @Column({ name: 'drafter_user_id', type: 'uuid' })
  drafterUserId!: string;

  @Column({ name: 'signer_user_id', type: 'uuid', nullable: true })
  signerUserId!: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'register_id', type: 'uuid', nullable: true })
  registerId!: string | null;

  @Column({ type: 'integer', nullable: true })
  year!: number | null;

  @Column({ type: 'integer', nullable: true })
  number!: number | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn!: string | null;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  /** bigint: returned by pg as a string. */
  @Column({ name: 'pdf_size', type: 'bigint' })
  pdfSize!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: unknown[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  recipients!: unknown[];

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt!: Date | null;

  @Column({ name: 'numbered_at', type: 'timestamptz', nullable: true })
  numberedAt!: Date | null;

  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true })
  sealedAt!: Date | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;

  @Column({ name: 'recalled_at', type: 'timestamptz', nullable: true })
  recalledAt!: Date | null;

  /** 1, plus one per update of the issued document (edXML business type 2). */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'revised_at', type: 'timestamptz', nullable: true })
  revisedAt!: Date | null;
}
