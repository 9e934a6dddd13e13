import { expect } from 'chai';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * POST /api/me/password (issue 14 item 12): the old password is required, the policy applies, the
 * other web sessions end and this one stays open; the new password logs in, the old one no longer.
 */
describe('server/routes/password-routes POST /api/me/password', () => {
  const t = useTestDatabase();
  let app: RunningApp;

  before(async () => {
    await seedWorld(t.db);
    app = await startApp(t.db);
  });
  after(() => app.close());

  async function login(username: string, password = PASSWORD) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const headers = { cookie, 'x-csrf-token': r.body?.csrfToken as string };
    return {
      status: r.status,
      me: () => app.server.json('GET', '/api/me', { headers }),
      change: (json: unknown) => app.server.json('POST', '/api/me/password', { headers, json }),
    };
  }

  it('refuses a wrong current password and a weak new one, with codes and Vietnamese messages', async () => {
    const s = await login('bl.clerk');
    const wrong = await s.change({ currentPassword: 'không đúng', password: 'Mật-khẩu-mới-2026' });
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([422, 'PASSWORD_INCORRECT']);
    expect(wrong.body.error.messageVi).to.equal('Mật khẩu hiện tại không đúng');
    const weak = await s.change({ currentPassword: PASSWORD, password: 'ngắn' });
    expect([weak.status, weak.body.error.code]).to.deep.equal([422, 'PASSWORD_TOO_WEAK']);
    const withName = await s.change({ currentPassword: PASSWORD, password: 'bl.clerk-2026-dai' });
    expect(withName.body.error.code).to.equal('PASSWORD_TOO_WEAK');
    const missing = await s.change({ password: 'Mật-khẩu-mới-2026' });
    expect([missing.status, missing.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect((await login('bl.clerk')).status, 'the password is unchanged').to.equal(200);
  });

  it('changes it: this session stays, the other sessions end, the new password logs in and the old one not', async () => {
    const here = await login('bl.leader');
    const elsewhere = await login('bl.leader');
    expect((await elsewhere.me()).status).to.equal(200);
    const r = await here.change({ currentPassword: PASSWORD, password: 'Mật-khẩu-mới-2026' });
    expect(r.status).to.equal(204);
    expect((await here.me()).status, 'this session').to.equal(200);
    expect((await elsewhere.me()).status, 'the other session').to.equal(401);
    expect((await login('bl.leader')).status).to.equal(401);
    expect((await login('bl.leader', 'Mật-khẩu-mới-2026')).status).to.equal(200);
    expect((await app.server.json('POST', '/api/me/password', { json: {} })).status).to.equal(401);
  });
});
