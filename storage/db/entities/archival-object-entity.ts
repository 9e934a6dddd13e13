import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One archival object version (workflows/archive/archival-objects.ts); the bytes are in the object store. */
@Entity({ name: 'archival_objects' })
@Index(['sha256'])
export class ArchivalObjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'record_id', type: 'uuid' })
  recordId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ name: 'version_id', type: 'text', nullable: true })
  versionId!: string | null;

  @Column({ type: 'text' })
  sha256!: string;

  /** bigint: returned by pg as a string. */
  @Column({ type: 'bigint' })
  size!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  /** Null = permanent (longest lock plus a legal hold). */
  @Column({ name: 'retain_until', type: 'timestamptz', nullable: true })
  retainUntil!: Date | null;

  @Column({ name: 'legal_hold', type: 'boolean' })
  legalHold!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @Column({ name: 'last_check_result', type: 'text', nullable: true })
  lastCheckResult!: 'ok' | 'mismatch' | 'missing' | 'repaired' | null;
}
