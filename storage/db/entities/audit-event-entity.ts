import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the append-only, hash-chained audit trail. `seq` is gapless (assigned under an advisory
 * lock, not from a sequence); `hash` = HMAC-SHA256 under the audit key named by `keyId` over the
 * canonical JSON of the row with `prevHash` (plain SHA-256 for rows written before the chain was keyed).
 * A trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'audit_events' })
@Index(['unitId', 'seq'])
@Index(['type', 'seq'])
export class AuditEventEntity {
  /** bigint: returned by pg as a string. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_username', type: 'text', nullable: true })
  actorUsername!: string | null;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text', unique: true })
  hash!: string;

  /** The audit key's id (16 hex digits), NULL for rows of the unkeyed chain before migration 1765200000000. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId!: string | null;
}
