import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 12, user administration: an admin's password reset hands out a one-time password, and the
 * account must choose its own at the next login. `must_change_password` is set by the reset and cleared
 * when the user changes their own password (workflows/accounts/set-password.ts).
 */
export class UserMustChangePassword1765880000000 implements MigrationInterface {
  name = 'UserMustChangePassword1765880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
