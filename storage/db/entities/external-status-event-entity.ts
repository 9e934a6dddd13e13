import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One edXML status an external recipient reported (received as `edXML:Status`); a repeat is ignored. */
@Entity({ name: 'external_status_events' })
@Unique('external_status_events_once_key', ['recipientId', 'code', 'occurredAt'])
@Index(['outgoingId', 'id'])
export class ExternalStatusEventEntity {
  /** bigint: returned by pg as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Column({ name: 'outgoing_id', type: 'uuid' })
  outgoingId!: string;

  @Column({ type: 'text' })
  code!: string;

  /** When the recipient's status changed (the message's Timestamp). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  staff!: Record<string, string> | null;

  @Column({ name: 'package_id', type: 'uuid' })
  packageId!: string;
}
