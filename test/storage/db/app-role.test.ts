import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { ensureAppRole, isSuperuser } from '../../../storage/db/app-role';
import { createDataSource } from '../../../storage/db/data-source';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { useTestDatabase } from '../../support/postgres';

/**
 * Issue 10 item 12: the server connects as a role without superuser rights that owns no table, so it
 * cannot switch the audit trail's trigger off (nor bypass triggers another way) and may only append to
 * `audit_events`; migrations keep running as the owner.
 */
describe('storage/db the application role', () => {
  // Registered before useTestDatabase's own `after`, so it runs before the database is dropped.
  after(async () => {
    await client?.end();
    await t.db.query(`DROP OWNED BY ${role}`);
    await t.db.query(`DROP ROLE ${role}`);
  });
  const t = useTestDatabase();
  const role = `vanban_app_t${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  let appUrl: string;
  let client: pg.Client;

  before(async () => {
    await ensureAppRole(t.db, role, password);
    await ensureAppRole(t.db, role, password); // idempotent (every start runs it)
    const u = new URL(t.url);
    u.username = role;
    u.password = password;
    appUrl = u.toString();
    client = new pg.Client({ connectionString: appUrl });
    await client.connect();
  });

  const refused = async (sql: string): Promise<string> => {
    try {
      await client.query(sql);
    } catch (e) {
      return (e as { code: string }).code;
    }
    return 'accepted';
  };

  it('logs in without superuser rights, and appends audit events through the domain code', async () => {
    const ds = createDataSource(appUrl, { poolSize: 1 });
    await ds.initialize();
    try {
      expect(await isSuperuser(ds)).to.equal(false);
      expect(await isSuperuser(t.db)).to.equal(true);
      const clock = { now: () => new Date('2025-03-01T08:00:00+07:00') };
      const { seq } = await ds.transaction((m) =>
        appendAuditEvent(m, { clock }, { type: 'API_TOKEN_REVOKED', payload: { tokenId: 'x' } }),
      );
      expect(seq).to.be.greaterThan(0);
      // And reads and writes the application's other tables.
      expect((await ds.query(`SELECT count(*)::int AS n FROM units`))[0].n).to.be.a('number');
      await ds.query(`UPDATE jobs SET attempts = attempts WHERE false`);
    } finally {
      await ds.destroy();
    }
  });

  it('cannot bypass or switch off the append-only trigger, nor change or remove events', async () => {
    expect(await refused(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`)).to.equal(
      '42501',
    );
    expect(await refused(`SET session_replication_role = replica`)).to.equal('42501');
    expect(await refused(`UPDATE audit_events SET payload = '{}'`)).to.equal('42501');
    expect(await refused(`DELETE FROM audit_events`)).to.equal('42501');
    expect(await refused(`TRUNCATE audit_events`)).to.equal('42501');
    expect(await refused(`DROP TABLE audit_events`)).to.equal('42501');
    expect(await refused(`DELETE FROM schema_migrations`)).to.equal('42501');
  });

  it("gives an external database's new role the password of DATABASE_URL, and leaves an existing role's password alone", async () => {
    const fresh = `vanban_app_n${randomBytes(4).toString('hex')}`;
    const first = randomBytes(12).toString('base64url');
    await ensureAppRole(t.db, fresh, undefined, first);
    const login = async (pw: string): Promise<string> => {
      const u = new URL(t.url);
      u.username = fresh;
      u.password = pw;
      const c = new pg.Client({ connectionString: u.toString() });
      try {
        await c.connect();
        const { rows } = await c.query<{ u: string }>('SELECT current_user AS u');
        return rows[0]!.u;
      } catch (e) {
        return (e as { code: string }).code;
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    expect(await login(first)).to.equal(fresh);
    // A later start with another password in the URL does not reset the operator's role.
    await ensureAppRole(t.db, fresh, undefined, 'another-password');
    expect(await login(first)).to.equal(fresh);
    expect(await login('another-password')).to.equal('28P01');
    await t.db.query(`DROP OWNED BY "${fresh}"`);
    await t.db.query(`DROP ROLE "${fresh}"`);
  });
});
