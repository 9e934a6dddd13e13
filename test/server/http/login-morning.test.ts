import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from '../support/world';

/**
 * Issue 10 item 16: 50 staff of a unit behind one NAT address got 32 × 429 at 8:00, because login
 * counted every attempt per address. Now only failures count: 200 logins from one address succeed with
 * the default limits and no time passing, and a password spray from that address is still refused
 * after the burst of failures.
 */
describe("login limits: a unit's morning behind one address (issue 10 item 16)", function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  const STAFF = 200;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db); // default limits (DEFAULT_LOGIN_RATE_LIMITS), the clock stands still
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
       SELECT 'staff' || n, 'Cán bộ ' || n, $1, ARRAY['specialist'], (SELECT password_hash FROM users WHERE username = 'bl.clerk')
       FROM generate_series(1, $2::int) AS n`,
      [world.own, STAFF],
    );
  });
  after(async () => app?.close());

  const login = (username: string, password: string) =>
    app.server.json('POST', '/api/auth/login', { json: { username, password } });

  it('200 staff log in from one address (ten at a time): all 200 succeed', async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= STAFF; n += 10) {
      const wave = await Promise.all(Array.from({ length: 10 }, (_, i) => login(`staff${n + i}`, PASSWORD)));
      statuses.push(...wave.map((r) => r.status));
    }
    expect(statuses.filter((s) => s !== 200)).to.deep.equal([]);
    expect(statuses).to.have.length(STAFF);
  });

  it('a password spray from the same address is refused after 30 failures (429 RATE_LIMITED, Retry-After)', async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= 40; n++) statuses.push((await login(`staff${n}`, 'Mùa-xuân-2025')).status);
    expect(statuses.slice(0, 30)).to.deep.equal(Array(30).fill(401));
    expect(statuses.slice(30)).to.deep.equal(Array(10).fill(429));
    const r = await login('staff41', 'Mùa-xuân-2025');
    expect(r.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).to.be.greaterThan(0);
  });
});
