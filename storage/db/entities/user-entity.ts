import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An account. Belongs to one unit; `roles` drive authorisation (DESIGN.md §1). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower case, `[a-z0-9._-]`, unique. */
  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  /** Job title (chức vụ), e.g. "Phó Chủ tịch". */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Index()
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  /** scrypt, encoded `scrypt$N$r$p$salt$hash` (base64url); null: cannot log in with a password. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'failed_login_count', type: 'integer' })
  failedLoginCount!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** When `active` last became false (kept by a trigger; null while active): reports count accounts as of a date. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  /** Where e-mail notifications go (workflows/notifications); none: no e-mail. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** Set by an admin's password reset (a one-time password): the user must choose a password at next login. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
