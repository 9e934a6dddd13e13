import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every server replica when what authentication reads has changed, so that each may keep the
 * sessions it has just checked in memory (server/http/session-cache.ts): a statement that revokes,
 * re-times or deletes sessions, or changes the accounts behind them (roles, active, unit, username),
 * sends `NOTIFY vanban_auth` on commit, whoever runs it (the API, a job, an admin at psql). PostgreSQL
 * delivers it only if the transaction commits, once per transaction, to every listening connection.
 */
export class AuthNotify1764500000000 implements MigrationInterface {
  name = 'AuthNotify1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION vanban_notify_auth() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('vanban_auth', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_notify_auth
        AFTER UPDATE OF revoked_at, expires_at, user_id, kind, token_hash OR DELETE OR TRUNCATE ON sessions
        FOR EACH STATEMENT EXECUTE FUNCTION vanban_notify_auth()`);
    await q.query(`
      CREATE TRIGGER users_notify_auth
        AFTER UPDATE OF roles, active, unit_id, username, id OR DELETE OR TRUNCATE ON users
        FOR EACH STATEMENT EXECUTE FUNCTION vanban_notify_auth()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_auth ON users`);
    await q.query(`DROP TRIGGER sessions_notify_auth ON sessions`);
    await q.query(`DROP FUNCTION vanban_notify_auth()`);
  }
}
