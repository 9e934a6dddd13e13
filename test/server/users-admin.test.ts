import { expect } from 'chai';
import { hashPassword } from '../../workflows/accounts/password-hash';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * User administration (issue 14 item 12): edit, lock / unlock, reset password with a one-time password,
 * search and paging of GET /api/users. The admin of Bến Lức (a district) manages its own and its commune's
 * accounts and answers 404 for Cần Đước's; the province admin reaches all. Every refusal is a 4xx with a code.
 */
describe('server/routes/user-routes: user administration', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  before(async () => {
    w = await seedWorld(t.db);
    const hash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
       VALUES ('tinh.admin', 'Quản trị tỉnh', $1, '{admin}', $2)`,
      [w.province, hash],
    );
    app = await startApp(t.db);
  });
  after(() => app.close());

  async function login(username: string, password = PASSWORD) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const headers = { cookie, 'x-csrf-token': r.body?.csrfToken as string };
    return {
      status: r.status,
      body: r.body,
      call: (method: string, url: string, json?: unknown) =>
        app.server.json(method, url, json === undefined ? { headers } : { headers, json }),
    };
  }

  async function auditTypes(userId: string): Promise<string[]> {
    const rows: { type: string }[] = await t.db.query(
      `SELECT type FROM audit_events WHERE payload->>'userId' = $1 ORDER BY seq`,
      [userId],
    );
    return rows.map((r) => r.type);
  }

  it('edits name, e-mail, roles and unit; refuses bad values with codes; another subtree is 404', async () => {
    const admin = await login('bl.admin');
    const id = w.targetUsers.child;
    const r = await admin.call('PATCH', `/api/users/${id}`, {
      fullName: '  Đặng   Minh Khoa ',
      email: 'Khoa@ThanhLoi.gov.vn',
      roles: ['specialist', 'clerk'],
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ fullName: 'Đặng Minh Khoa', email: 'khoa@thanhloi.gov.vn' });
    expect(r.body.roles).to.deep.equal(['specialist', 'clerk']);
    const moved = await admin.call('PATCH', `/api/users/${id}`, { unitId: w.own });
    expect([moved.status, moved.body.unitId]).to.deep.equal([200, w.own]);
    await admin.call('PATCH', `/api/users/${id}`, { unitId: w.child });

    const bad = async (body: unknown) => {
      const x = await admin.call('PATCH', `/api/users/${id}`, body);
      return [x.status, x.body.error?.code];
    };
    expect(await bad({ email: 'không phải thư' })).to.deep.equal([400, 'EMAIL_INVALID']);
    expect(await bad({ fullName: '   ' })).to.deep.equal([400, 'FULL_NAME_INVALID']);
    expect(await bad({ roles: ['king'] })).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(await bad({ roles: [] })).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(await bad({ username: 'x' })).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(await bad({ unitId: w.other })).to.deep.equal([404, 'UNIT_NOT_FOUND']);
    const vi = await admin.call('PATCH', `/api/users/${id}`, { email: 'a@' });
    expect(vi.body.error.messageVi).to.equal('Địa chỉ thư điện tử không hợp lệ');

    const far = await admin.call('PATCH', `/api/users/${w.targetUsers.other}`, { fullName: 'X' });
    expect([far.status, far.body.error.code]).to.deep.equal([404, 'USER_NOT_FOUND']);
    const missing = await admin.call('PATCH', `/api/users/00000000-0000-4000-8000-000000000000`, {
      fullName: 'X',
    });
    expect([missing.status, missing.body.error.code]).to.deep.equal([404, 'USER_NOT_FOUND']);
    const clerk = await login('bl.clerk');
    const notAdmin = await clerk.call('PATCH', `/api/users/${id}`, { fullName: 'X' });
    expect([notAdmin.status, notAdmin.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const province = await login('tinh.admin');
    const wide = await province.call('PATCH', `/api/users/${w.targetUsers.other}`, { title: 'Chuyên viên' });
    expect([wide.status, wide.body.title]).to.deep.equal([200, 'Chuyên viên']);
    expect(await auditTypes(id)).to.include('USER_UPDATED');
  });

  it('locks (sessions end, login refused) and unlocks; nobody locks themselves', async () => {
    const admin = await login('bl.admin');
    const staff = await login('bl.staff');
    expect((await staff.call('GET', '/api/me')).status).to.equal(200);
    const id = w.targetUsers.own;
    const locked = await admin.call('POST', `/api/users/${id}/lock`);
    expect([locked.status, locked.body.active]).to.deep.equal([200, false]);
    expect((await staff.call('GET', '/api/me')).status, 'the session ended').to.equal(401);
    expect((await login('bl.staff')).status, 'a locked account cannot log in').to.equal(401);
    const listed = await admin.call('GET', `/api/users?state=locked`);
    expect(listed.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['bl.staff']);

    const self = await admin.call('POST', `/api/users/${w.users.admin.id}/lock`);
    expect([self.status, self.body.error.code]).to.deep.equal([409, 'USER_SELF_LOCK']);
    expect(self.body.error.messageVi).to.equal('Không thể tự khóa tài khoản của mình');
    const far = await admin.call('POST', `/api/users/${w.targetUsers.other}/lock`);
    expect([far.status, far.body.error.code]).to.deep.equal([404, 'USER_NOT_FOUND']);
    const auditor = await login('bl.auditor');
    expect((await auditor.call('POST', `/api/users/${id}/unlock`)).status).to.equal(403);
    expect((await app.server.json('POST', `/api/users/${id}/unlock`, {})).status).to.equal(401);

    const unlocked = await admin.call('POST', `/api/users/${id}/unlock`);
    expect([unlocked.status, unlocked.body.active]).to.deep.equal([200, true]);
    expect((await login('bl.staff')).status).to.equal(200);
    expect(await auditTypes(id)).to.include.members(['USER_LOCKED', 'USER_UNLOCKED']);
  });

  it('resets a password: a one-time password once, stored hashed, sessions end, must change at login', async () => {
    const admin = await login('bl.admin');
    const target = await login('bl.leader');
    const id = w.users.leader.id;
    const r = await admin.call('POST', `/api/users/${id}/reset-password`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('cache-control')).to.equal('no-store');
    const otp = r.body.oneTimePassword as string;
    expect(otp).to.match(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const stored: { password_hash: string; must_change_password: boolean }[] = await t.db.query(
      `SELECT password_hash, must_change_password FROM users WHERE id = $1`,
      [id],
    );
    expect(stored[0]!.password_hash)
      .to.match(/^scrypt\$/)
      .and.not.include(otp);
    expect(stored[0]!.must_change_password).to.equal(true);
    const events: { payload: unknown }[] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'USER_PASSWORD_RESET'`,
    );
    expect(JSON.stringify(events)).to.not.include(otp);
    expect((await target.call('GET', '/api/me')).status, 'the old session ended').to.equal(401);
    expect((await login('bl.leader')).status, 'the old password').to.equal(401);

    const fresh = await login('bl.leader', otp);
    expect(fresh.status).to.equal(200);
    expect(fresh.body.user.mustChangePassword).to.equal(true);
    expect((await fresh.call('GET', '/api/me')).body.user.mustChangePassword).to.equal(true);
    const changed = await fresh.call('POST', '/api/me/password', {
      currentPassword: otp,
      password: 'Mật-khẩu-riêng-2026',
    });
    expect(changed.status).to.equal(204);
    expect((await fresh.call('GET', '/api/me')).body.user.mustChangePassword).to.equal(false);
    const again = await login('bl.leader', 'Mật-khẩu-riêng-2026');
    expect(again.body.user.mustChangePassword).to.equal(false);

    const self = await admin.call('POST', `/api/users/${w.users.admin.id}/reset-password`);
    expect([self.status, self.body.error.code]).to.deep.equal([409, 'USER_SELF_RESET']);
    const far = await admin.call('POST', `/api/users/${w.targetUsers.other}/reset-password`);
    expect([far.status, far.body.error.code]).to.deep.equal([404, 'USER_NOT_FOUND']);
    const clerk = await login('bl.clerk');
    expect((await clerk.call('POST', `/api/users/${id}/reset-password`)).status).to.equal(403);
    expect(await auditTypes(id)).to.include('USER_PASSWORD_RESET');
  });

  it('searches by name, username and e-mail, filters by unit subtree and role, pages by cursor', async () => {
    const admin = await login('bl.admin');
    const names = (r: { body: { items: { username: string }[] } }) => r.body.items.map((u) => u.username);
    expect(names(await admin.call('GET', '/api/users?q=Khoa&subtree=true'))).to.deep.equal(['tl.specialist']);
    expect(names(await admin.call('GET', '/api/users?q=khoa'))).to.deep.equal([]);
    expect(names(await admin.call('GET', '/api/users?q=BL.AU'))).to.deep.equal(['bl.auditor']);
    expect(names(await admin.call('GET', `/api/users?unit=${w.child}`))).to.deep.equal(['tl.specialist']);
    expect(names(await admin.call('GET', '/api/users?role=clerk&subtree=true'))).to.deep.equal([
      'bl.clerk',
      'tl.specialist',
    ]);
    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await admin.call(
        'GET',
        `/api/users?subtree=true&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(r.status).to.equal(200);
      expect(r.body.items.length).to.be.at.most(3);
      all.push(...names(r));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(all)
      .to.have.length(8)
      .and.to.deep.equal([...all].sort())
      .and.include('tl.specialist');
    expect(all).to.not.include('cd.specialist');
    const far = await admin.call('GET', `/api/users?unit=${w.other}`);
    expect([far.status, far.body.error.code]).to.deep.equal([404, 'UNIT_NOT_FOUND']);
    const badRole = await admin.call('GET', '/api/users?role=king');
    expect([badRole.status, badRole.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    const province = await login('tinh.admin');
    expect(names(await province.call('GET', `/api/users?subtree=true&q=specialist`))).to.deep.equal([
      'bl.specialist',
      'cd.specialist',
      'tl.specialist',
    ]);
  });
});
