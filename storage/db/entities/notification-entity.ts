import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A notification of one user (the bell; e-mail is queued beside it). Written by workflows/notifications/notify.ts. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'subject_vi', type: 'text' })
  subjectVi!: string;

  @Column({ name: 'subject_en', type: 'text' })
  subjectEn!: string;

  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ type: 'boolean', default: false })
  urgent!: boolean;

  /** False: the user turned the bell off for this kind (the row exists for its e-mail). */
  @Column({ name: 'in_app', type: 'boolean', default: true })
  inApp!: boolean;

  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

/** A notification kind a user turned off on one channel ('in_app' or 'email'). */
@Entity({ name: 'notification_opt_outs' })
export class NotificationOptOutEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ type: 'text' })
  channel!: string;
}
