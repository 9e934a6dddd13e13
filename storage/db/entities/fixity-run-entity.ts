import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One run of the fixity checker (workflows/archive/fixity.ts). A run whose process died stays
 * 'running' with an old heartbeat until the next run marks it 'crashed'; readers treat a stale
 * 'running' row as crashed too, never as clean.
 */
@Entity({ name: 'fixity_runs' })
export class FixityRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text' })
  status!: 'running' | 'finished' | 'crashed';

  /** The last archival object id checked (objects are checked in id order). */
  @Column({ type: 'text', nullable: true })
  watermark!: string | null;

  @Column({ name: 'objects_total', type: 'integer' })
  objectsTotal!: number;

  @Column({ name: 'objects_checked', type: 'integer' })
  objectsChecked!: number;

  /** bigint: returned by pg as a string. */
  @Column({ name: 'bytes_checked', type: 'bigint' })
  bytesChecked!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'resumed_from', type: 'uuid', nullable: true })
  resumedFrom!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
