import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One fixity event: a run's start, progress, finish or crash, or one object's result. */
@Entity({ name: 'fixity_events' })
@Index(['runId', 'id'])
export class FixityEventEntity {
  /** bigserial: returned by pg as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ name: 'object_id', type: 'uuid', nullable: true })
  objectId!: string | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ type: 'text' })
  event!:
    | 'run-started'
    | 'run-progress'
    | 'run-finished'
    | 'run-crashed'
    | 'ok'
    | 'mismatch'
    | 'missing'
    | 'repaired'
    | 'read-refused';

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
