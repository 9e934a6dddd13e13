import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An archival package export job (migration 1765760000000; workflows/archive/package-jobs.ts). */
@Entity({ name: 'archive_package_exports' })
export class ArchivePackageExportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'jsonb' })
  scope!: Record<string, unknown>;

  @Column({ type: 'text', default: 'queued' })
  status!: 'queued' | 'running' | 'done' | 'failed' | 'expired';

  @Column({ name: 'bytes_done', type: 'bigint', default: 0 })
  bytesDone!: string;

  @Column({ name: 'bytes_total', type: 'bigint', default: 0 })
  bytesTotal!: string;

  @Column({ type: 'integer', default: 0 })
  records!: number;

  @Column({ name: 'objects_done', type: 'integer', default: 0 })
  objectsDone!: number;

  @Column({ name: 'objects_total', type: 'integer', default: 0 })
  objectsTotal!: number;

  @Column({ name: 'package_sha256', type: 'text', nullable: true })
  packageSha256!: string | null;

  @Column({ name: 'package_size', type: 'bigint', nullable: true })
  packageSize!: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;
}
