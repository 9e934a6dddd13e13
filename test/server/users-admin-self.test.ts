import { expect } from 'chai';
import { setUserLocked } from '../../workflows/accounts/lock-user';
import { hashPassword } from '../../workflows/accounts/password-hash';
import { updateUser } from '../../workflows/accounts/update-user';
import { systemClock, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * An admin keeps their own admin role, activity and unit (409 USER_SELF_DEMOTE); the last active admin of
 * the province-level root unit is never locked, deactivated, demoted or moved away (409
 * LAST_PROVINCE_ADMIN) (issue 14 item 12).
 */
describe('server/routes/user-routes: admins cannot lock themselves out', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;
  let tinh1: string;
  let tinh2: string;

  before(async () => {
    w = await seedWorld(t.db);
    const hash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    const insert = async (username: string) =>
      (
        (await t.db.query(
          `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
           VALUES ($1, 'Quản trị tỉnh', $2, '{admin}', $3) RETURNING id`,
          [username, w.province, hash],
        )) as { id: string }[]
      )[0]!.id;
    tinh1 = await insert('tinh.admin1');
    tinh2 = await insert('tinh.admin2');
    app = await startApp(t.db);
  });
  after(() => app.close());

  async function login(username: string) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
    expect(r.status, `login ${username}`).to.equal(200);
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const headers = { cookie, 'x-csrf-token': r.body?.csrfToken as string };
    return (method: string, url: string, json?: unknown) =>
      app.server.json(method, url, json === undefined ? { headers } : { headers, json });
  }

  const code = (r: { status: number; body: { error?: { code: string } } }) => [r.status, r.body.error?.code];

  it('refuses an admin removing their own admin role or moving their own account (USER_SELF_DEMOTE)', async () => {
    const bl = await login('bl.admin');
    const me = w.users.admin.id;
    const demote = await bl('PATCH', `/api/users/${me}`, { roles: ['specialist'] });
    expect(code(demote)).to.deep.equal([409, 'USER_SELF_DEMOTE']);
    expect(demote.body.error.messageVi).to.match(/quyền quản trị/);
    expect(code(await bl('PATCH', `/api/users/${me}`, { unitId: w.child }))).to.deep.equal([
      409,
      'USER_SELF_DEMOTE',
    ]);
    const roles = await t.db.query(`SELECT roles, unit_id FROM users WHERE id = $1`, [me]);
    expect(roles[0]).to.deep.equal({ roles: ['admin'], unit_id: w.own });
    const more = await bl('PATCH', `/api/users/${me}`, {
      roles: ['admin', 'auditor'],
      fullName: 'Huỳnh Ngọc Ánh',
    });
    expect(more.status, 'adding a role to oneself, keeping admin').to.equal(200);
    expect(more.body.roles).to.deep.equal(['admin', 'auditor']);
  });

  it('lets one province admin lock or demote another while a second remains', async () => {
    const a1 = await login('tinh.admin1');
    expect((await a1('PATCH', `/api/users/${tinh2}`, { roles: ['auditor'] })).status).to.equal(200);
    expect((await a1('PATCH', `/api/users/${tinh2}`, { roles: ['admin'] })).status).to.equal(200);
    expect((await a1('POST', `/api/users/${tinh2}/lock`)).status).to.equal(200);
    expect((await a1('POST', `/api/users/${tinh2}/unlock`)).status).to.equal(200);
    // A district admin is no province admin: it may be locked while province admins remain.
    expect((await a1('POST', `/api/users/${w.users.admin.id}/lock`)).status).to.equal(200);
    expect((await a1('POST', `/api/users/${w.users.admin.id}/unlock`)).status).to.equal(200);
  });

  it('refuses to lock, deactivate, demote or move away the last active province admin (LAST_PROVINCE_ADMIN)', async () => {
    // tinh.admin1 acted a moment ago and its account was deactivated since (the race two admins locking
    // each other run into): tinh.admin2 is the last active province admin.
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [tinh1]);
    const ctx = {
      db: t.db,
      clock: systemClock,
      actor: { userId: tinh1, username: 'tinh.admin1', unitId: w.province, roles: ['admin'] as Role[] },
      requestMetadata: {},
    };
    const refusal = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(await refusal(setUserLocked(ctx, { userId: tinh2, locked: true }))).to.equal(
      'LAST_PROVINCE_ADMIN',
    );
    expect(await refusal(updateUser(ctx, { userId: tinh2, active: false }))).to.equal('LAST_PROVINCE_ADMIN');
    expect(await refusal(updateUser(ctx, { userId: tinh2, roles: ['auditor'] }))).to.equal(
      'LAST_PROVINCE_ADMIN',
    );
    expect(await refusal(updateUser(ctx, { userId: tinh2, unitId: w.own }))).to.equal('LAST_PROVINCE_ADMIN');
    expect(await refusal(updateUser(ctx, { userId: tinh2, fullName: 'Quản trị tỉnh hai' }))).to.equal(
      'accepted',
    );
    const rows = await t.db.query(`SELECT roles, active, unit_id FROM users WHERE id = $1`, [tinh2]);
    expect(rows[0]).to.deep.equal({ roles: ['admin'], active: true, unit_id: w.province });
    // Back over HTTP: with tinh.admin1 active again, two remain and the lock is accepted.
    await t.db.query(`UPDATE users SET active = true WHERE id = $1`, [tinh1]);
    const a1 = await login('tinh.admin1');
    expect((await a1('POST', `/api/users/${tinh2}/lock`)).status).to.equal(200);
  });
});
