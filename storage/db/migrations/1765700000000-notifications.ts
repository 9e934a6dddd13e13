import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 14 item 9): one row per recipient user, written by `notify()` in the transaction of
 * the change that caused it (workflows/notifications/notify.ts). `in_app` false: the user turned the bell
 * off for that kind but still gets its e-mail. `dedupe_key`: the same key twice for one user stores one row.
 * `notification_opt_outs` holds the kinds a user turned off, per channel ('in_app' | 'email'); no row means on.
 * `users.email`: where e-mail notifications go (none: no e-mail).
 */
export class Notifications1765700000000 implements MigrationInterface {
  name = 'Notifications1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email text`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        subject_vi text NOT NULL,
        subject_en text NOT NULL,
        link text,
        urgent boolean NOT NULL DEFAULT false,
        in_app boolean NOT NULL DEFAULT true,
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX notifications_user_dedupe ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX notifications_user_created ON notifications (user_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE notification_opt_outs (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
        PRIMARY KEY (user_id, kind, channel)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_opt_outs`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
  }
}
