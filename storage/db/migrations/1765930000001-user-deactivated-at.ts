import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an account stopped being active (issue 13: accounts counted as of the period's end, not today).
 * `users.deactivated_at` is kept by a trigger whatever code path flips `active` (update-user, lock-user):
 * the row's `updated_at` of that change (the domain clock's moment, which both write), cleared when the
 * account is active again. Accounts already inactive get their last `updated_at`, the best time known.
 */
export class UserDeactivatedAt1765930000001 implements MigrationInterface {
  name = 'UserDeactivatedAt1765930000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN deactivated_at timestamptz`);
    await q.query(`UPDATE users SET deactivated_at = updated_at WHERE NOT active`);
    await q.query(`CREATE FUNCTION users_deactivated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.active THEN
    NEW.deactivated_at := NULL;
  ELSIF TG_OP = 'INSERT' OR OLD.active THEN
    NEW.deactivated_at := COALESCE(NEW.updated_at, now());
  END IF;
  RETURN NEW;
END $$`);
    await q.query(`CREATE TRIGGER users_deactivated_at BEFORE INSERT OR UPDATE OF active ON users
  FOR EACH ROW EXECUTE FUNCTION users_deactivated_at()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_deactivated_at ON users`);
    await q.query(`DROP FUNCTION users_deactivated_at()`);
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_at`);
  }
}
