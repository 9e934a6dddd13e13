import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from '../support/world';

/** GET /api/signers: the leaders of the caller's own unit, for the drafting form's "Người ký". */
describe('GET /api/signers', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  const cookies: Record<string, string> = {};

  before(async () => {
    world = await seedWorld(t.db);
    await t.db.query(`UPDATE users SET title = 'Chủ tịch' WHERE id = $1`, [world.users.leader.id]);
    const [{ password_hash }] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [
      world.users.clerk.id,
    ]);
    // A second leader (inactive), and a leader of the commune below: neither is offered.
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash, active)
       VALUES ('bl.former', 'Đỗ Văn Cũ', $1, '{leader}', $3, false),
              ('tl.leader', 'Lâm Văn Phúc', $2, '{leader}', $3, true)`,
      [world.own, world.child, password_hash],
    );
    app = await startApp(t.db);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk', 'bl.archivist', 'tl.specialist']) {
      const login = await app.server.json('POST', '/api/auth/login', {
        json: { username: u, password: PASSWORD },
      });
      const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
      cookies[u] = cookie;
    }
  });
  after(async () => app?.close());

  const get = (u: string) => app.server.json('GET', '/api/signers', { headers: { cookie: cookies[u]! } });

  it('lists the active leaders of the caller’s own unit for specialists, leaders and clerks', async () => {
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk']) {
      const r = await get(u);
      expect(r.status, u).to.equal(200);
      expect(r.body).to.deep.equal({
        items: [{ id: world.users.leader.id, fullName: 'Trần Văn Đức', title: 'Chủ tịch' }],
      });
    }
    const commune = await get('tl.specialist');
    expect(commune.body.items.map((s: { fullName: string }) => s.fullName)).to.deep.equal(['Lâm Văn Phúc']);
  });

  it('refuses other roles', async () => {
    const r = await get('bl.archivist');
    expect([r.status, r.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
  });
});
