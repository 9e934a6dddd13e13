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

/** An incoming register book of a unit (per type or classified), chosen at registration. */
@Entity({ name: 'register_books' })
@Unique('register_books_name_key', ['unitId', 'direction', 'name'])
export class RegisterBookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text', default: 'incoming' })
  direction!: 'incoming';

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'document_types', type: 'text', array: true, default: () => "'{}'" })
  documentTypes!: string[];

  @Column({ type: 'boolean', default: false })
  classified!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What the clerk chose when registering an incoming document: the book and the leader presented to. */
@Entity({ name: 'incoming_registrations' })
export class IncomingRegistrationEntity {
  @PrimaryColumn({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ name: 'register_book_id', type: 'uuid', nullable: true })
  registerBookId!: string | null;

  @Column({ name: 'presented_to_user_id', type: 'uuid', nullable: true })
  presentedToUserId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Who handles an incoming document: the lead (chủ trì), support (phối hợp), for information (để biết). */
@Entity({ name: 'incoming_handlers' })
@Index('incoming_handlers_incoming_idx', ['incomingId'])
export class IncomingHandlerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ type: 'text' })
  role!: 'lead' | 'support' | 'info';

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}

/** A note of an incoming document's handling: instruction, progress, reassignment, extension, result. */
@Entity({ name: 'incoming_notes' })
@Index('incoming_notes_incoming_idx', ['incomingId', 'createdAt'])
export class IncomingNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ type: 'text' })
  kind!: 'instruction' | 'progress' | 'reassign' | 'extension' | 'result';

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'deadline_from', type: 'date', nullable: true })
  deadlineFrom!: string | null;

  @Column({ name: 'deadline_to', type: 'date', nullable: true })
  deadlineTo!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files!: unknown[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
