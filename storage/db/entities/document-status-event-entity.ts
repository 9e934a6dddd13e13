import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One edXML status of an incoming document, reported back to the sender's per-recipient view. */
@Entity({ name: 'status_events' })
@Index(['incomingId', 'id'])
@Index(['outgoingId', 'id'])
export class DocumentStatusEventEntity {
  /** bigint: returned by pg as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'incoming_id', type: 'uuid' })
  incomingId!: string;

  @Column({ name: 'outgoing_id', type: 'uuid', nullable: true })
  outgoingId!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_unit_id', type: 'uuid', nullable: true })
  actorUnitId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** `status`: a status of the recipient; `update`: a corrected copy arrived (not reported as a status). */
  @Column({ type: 'text', default: 'status' })
  kind!: 'status' | 'update';
}
