import { expect } from 'chai';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * After an admin's password reset (users.must_change_password) the SERVER, not only the web app, refuses
 * the account everything but GET /api/me, POST /api/me/password and logout: 403 PASSWORD_CHANGE_REQUIRED
 * with a Vietnamese and an English message, for the web session and for the account's API tokens (kept by
 * the reset) alike, until the password is changed (issue 14 item 12).
 */
describe('server/http/authenticator: PASSWORD_CHANGE_REQUIRED after an admin reset', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  before(async () => {
    w = await seedWorld(t.db);
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

  const bearer = (token: string, method: string, url: string, json?: unknown) =>
    app.server.json(method, url, {
      headers: { authorization: `Bearer ${token}` },
      ...(json === undefined ? {} : { json }),
    });

  it('refuses every other route to the session and the API token until the password is changed', async () => {
    const clerk = await login('bl.clerk');
    const created = await clerk.call('POST', '/api/tokens', { name: 'tích hợp' });
    expect(created.status).to.equal(201);
    const token = created.body.token as string;
    expect((await bearer(token, 'GET', '/api/units')).status, 'token before the reset').to.equal(200);

    const admin = await login('bl.admin');
    const reset = await admin.call('POST', `/api/users/${w.users.clerk.id}/reset-password`);
    expect(reset.status).to.equal(200);
    const otp = reset.body.oneTimePassword as string;

    const s = await login('bl.clerk', otp);
    expect([s.status, s.body.user.mustChangePassword]).to.deep.equal([200, true]);
    const me = await s.call('GET', '/api/me');
    expect([me.status, me.body.user.mustChangePassword]).to.deep.equal([200, true]);

    for (const [method, url, json] of [
      ['GET', '/api/units', undefined],
      ['GET', '/api/tokens', undefined],
      ['GET', '/api/users', undefined],
      ['POST', '/api/tokens', { name: 'khác' }],
    ] as const) {
      const r = await s.call(method, url, json);
      expect([r.status, r.body?.error?.code], `${method} ${url}`).to.deep.equal([
        403,
        'PASSWORD_CHANGE_REQUIRED',
      ]);
      expect(r.body.error.messageVi).to.match(/đổi mật khẩu/);
      expect(r.body.error.message).to.match(/change it/);
    }
    const viaToken = await bearer(token, 'GET', '/api/units');
    expect([viaToken.status, viaToken.body.error.code], 'the kept API token').to.deep.equal([
      403,
      'PASSWORD_CHANGE_REQUIRED',
    ]);
    expect((await bearer(token, 'GET', '/api/me')).status, 'GET /api/me via the token').to.equal(200);
    const tokens = await t.db.query(`SELECT revoked_at FROM sessions WHERE user_id = $1 AND kind = 'api'`, [
      w.users.clerk.id,
    ]);
    expect(tokens.map((r: { revoked_at: Date | null }) => r.revoked_at)).to.deep.equal([null]);

    const changed = await s.call('POST', '/api/me/password', {
      currentPassword: otp,
      password: 'Mật-khẩu-riêng-2026',
    });
    expect(changed.status).to.equal(204);
    expect((await s.call('GET', '/api/units')).status, 'session after the change').to.equal(200);
    expect((await s.call('POST', '/api/tokens', { name: 'mới' })).status).to.equal(201);
    expect((await bearer(token, 'GET', '/api/units')).status, 'token after the change').to.equal(200);
  });

  it('lets a session that must change the password log out', async () => {
    const admin = await login('bl.admin');
    const reset = await admin.call('POST', `/api/users/${w.users.leader.id}/reset-password`);
    const s = await login('bl.leader', reset.body.oneTimePassword as string);
    expect((await s.call('GET', '/api/units')).body.error.code).to.equal('PASSWORD_CHANGE_REQUIRED');
    expect((await s.call('POST', '/api/auth/logout')).status).to.equal(204);
    expect((await s.call('GET', '/api/me')).status, 'the session ended').to.equal(401);
  });

  it('leaves accounts without the flag alone', async () => {
    const s = await login('bl.specialist');
    expect((await s.call('GET', '/api/units')).status).to.equal(200);
  });
});
