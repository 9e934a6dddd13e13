import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A two-step (external) signature between prepare and complete: the prepared PDF (signature revision
 * with an empty /Contents) is in the object store, the CMS preparation in `state`; it expires.
 */
@Entity({ name: 'signing_sessions' })
export class SigningSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'credential_id', type: 'uuid' })
  credentialId!: string;

  @Column({ name: 'actor_user_id', type: 'uuid' })
  actorUserId!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text' })
  purpose!: 'leader';

  @Column({ name: 'base_pdf_sha256', type: 'text' })
  basePdfSha256!: string;

  @Column({ name: 'prepared_pdf_sha256', type: 'text' })
  preparedPdfSha256!: string;

  @Column({ name: 'prepared_pdf_size', type: 'bigint' })
  preparedPdfSize!: string;

  @Column({ type: 'jsonb' })
  state!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'result_pdf_sha256', type: 'text', nullable: true })
  resultPdfSha256!: string | null;
}
