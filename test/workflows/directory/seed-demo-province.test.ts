import { expect } from 'chai';
import { login } from '../../../workflows/accounts/login';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { listUnits } from '../../../workflows/directory/list-units';
import { DEMO_PASSWORD, seedDemoProvince } from '../../../workflows/directory/seed-demo-province';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';

describe('workflows/directory seedDemoProvince', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2024-04-01T08:00:00+07:00'));

  it('seeds 1 + 19 + 15 + 188 units and about 9,200 accounts, then a second call adds nothing', async () => {
    const first = await seedDemoProvince(t.db, { clock });
    expect(first.seeded).to.equal(true);
    const levels: { level: string; n: string }[] = await t.db.query(
      `SELECT level, count(*) AS n FROM units GROUP BY level ORDER BY level`,
    );
    expect(Object.fromEntries(levels.map((r) => [r.level, Number(r.n)]))).to.deep.equal({
      province: 20,
      district: 15,
      commune: 188,
    });
    const [{ n: users }] = await t.db.query(`SELECT count(*) AS n FROM users`);
    expect(Number(users)).to.be.within(9_000, 9_400);

    const second = await seedDemoProvince(t.db, { clock });
    expect(second.seeded).to.equal(false);
    const [{ n: unitsAfter }] = await t.db.query(`SELECT count(*) AS n FROM units`);
    const [{ n: usersAfter }] = await t.db.query(`SELECT count(*) AS n FROM users`);
    expect([Number(unitsAfter), Number(usersAfter)]).to.deep.equal([223, Number(users)]);
    expect(second.logins).to.deep.equal(first.logins);
  });

  it('gives every unit leaders, clerks and specialists, and communes report to districts', async () => {
    const rows: { code: string; roles: string[] }[] = await t.db.query(
      `SELECT u.code, array_agg(DISTINCT r) AS roles
         FROM units u JOIN users s ON s.unit_id = u.id, unnest(s.roles) r GROUP BY u.code`,
    );
    expect(rows).to.have.length(223);
    for (const r of rows) expect(r.roles, r.code).to.include.members(['leader', 'clerk', 'specialist']);
    const [{ n: bad }] = await t.db.query(
      `SELECT count(*) AS n FROM units c JOIN units p ON p.id = c.parent_id WHERE c.level = 'commune' AND p.level <> 'district'`,
    );
    expect(Number(bad)).to.equal(0);
  });

  it('lets every printed demo login log in with the demo password', async () => {
    const { logins } = await seedDemoProvince(t.db, { clock });
    expect(logins.map((l) => l.username)).to.include.members([
      'admin',
      'vanthu.ubndtinh',
      'lanhdao.ubndtinh',
    ]);
    for (const l of logins) {
      expect(l.password).to.equal(DEMO_PASSWORD);
      const session = await login(t.db, clock, { username: l.username, password: l.password });
      expect(session.actor.roles, l.username).to.include(l.role);
    }
    expect(await verifyAuditChain(t.db)).to.include({ ok: true });
  });

  it('finds communes by name without diacritics', async () => {
    const { items } = await listUnits(t.db, { q: 'xa', level: 'commune', limit: 500 });
    expect(items.length).to.be.greaterThan(100);
    const sample = items[7]!;
    const folded = sample.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    const found = await listUnits(t.db, { q: folded.replace('uy ban nhan dan ', '') });
    expect(found.items.map((u) => u.id)).to.include(sample.id);
  });
});
