import type { DataSource } from 'typeorm';

/** The role the server's requests and jobs connect as in embedded mode. */
export const APP_ROLE = 'vanban_app';

/**
 * Makes `role` a login role with no superuser, database-creation, role-creation or RLS-bypass rights,
 * allowed to read and write the application's tables but not to own them — so it cannot disable a
 * trigger, alter or truncate a table — and allowed only to read and append to `audit_events` and only
 * to read `schema_migrations`. Run by the owner (the role migrations run as) after every migration run,
 * so that tables added later are granted too. The password is (re)set when given, or with
 * `passwordOnCreate` only given to a role this call creates (an external database: the operator's
 * DATABASE_URL names the role and its password; a role the operator made already is left as it is).
 */
export async function ensureAppRole(
  owner: DataSource,
  role: string,
  password?: string,
  passwordOnCreate?: string,
): Promise<void> {
  const ident = `"${role.replace(/"/g, '""')}"`;
  await owner.transaction(async (m) => {
    // Replicas starting together: one at a time (roles are shared by the whole cluster).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('vanban.app_role'))`);
    const [exists] = (await m.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])) as unknown[];
    if (!exists) await m.query(`CREATE ROLE ${ident} LOGIN`);
    await m.query(`ALTER ROLE ${ident} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION`);
    const newPassword = password ?? (exists ? undefined : passwordOnCreate);
    if (newPassword !== undefined && newPassword !== '') {
      // Utility statements take no parameters: the literal is quoted by PostgreSQL itself.
      const [{ literal }] = (await m.query(`SELECT quote_literal($1) AS literal`, [newPassword])) as {
        literal: string;
      }[];
      await m.query(`ALTER ROLE ${ident} PASSWORD ${literal}`);
    }
    await m.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await m.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    await m.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${ident}`);
    await m.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${ident}`);
  });
}

/** Whether the connection's role is a superuser (the server warns: it could bypass the audit trigger). */
export async function isSuperuser(db: DataSource): Promise<boolean> {
  const [row] = (await db.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)) as {
    rolsuper: boolean;
  }[];
  return row?.rolsuper === true;
}
