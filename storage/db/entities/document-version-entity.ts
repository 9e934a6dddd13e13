import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One PDF revision of an outgoing document: its SHA-256 in the object store, who made it, at which step. */
@Entity({ name: 'document_versions' })
@Unique('document_versions_seq_key', ['documentId', 'seq'])
export class DocumentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  step!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
