import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An outgoing document written as the reply to an incoming one (migration 1765650000000). */
@Entity({ name: 'document_replies' })
@Index('document_replies_incoming_idx', ['incomingId'])
export class DocumentReplyEntity {
  @PrimaryColumn({ name: 'outgoing_id', type: 'uuid' })
  outgoingId!: string;

  @Column({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Per-unit document handling settings; the nearest unit up the tree with a row decides. */
@Entity({ name: 'document_settings' })
export class DocumentSettingsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'complete_incoming_on_reply', type: 'boolean', default: true })
  completeIncomingOnReply!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

/** One reviewer of a draft's review chain (trình duyệt), in order before the leader signs. */
@Entity({ name: 'review_steps' })
@Unique('review_steps_seq_key', ['documentId', 'seq'])
@Index('review_steps_reviewer_idx', ['reviewerUserId', 'state'])
export class ReviewStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'reviewer_user_id', type: 'uuid' })
  reviewerUserId!: string;

  @Column({ type: 'text', default: 'pending' })
  state!: 'pending' | 'approved' | 'returned';

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
