import { expect } from 'chai';
import { updateUser } from '../../../workflows/accounts/update-user';
import { buildReport } from '../../../workflows/reports/build-report';
import { useTestDatabase } from '../../support/postgres';
import { generateProvince, type ProvinceWorld } from '../exchange/province-world';
import { ctxOf, FixedClock, insertActor } from '../fixtures';

/**
 * Issue 13, docs/reports.md "Known gaps": accounts are counted as they were at the end of the period, not
 * as they are today. An account deactivated in February 2026 counts in the reports of 2025 and January
 * 2026 and not from March; the deactivation time is kept by the database (users.deactivated_at) from the
 * change's own moment, and cleared when the account is active again.
 */
describe('workflows/reports: accounts as of the end of the period', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-02-15T09:00:00+07:00'));
  let w: ProvinceWorld;
  let userId: string;

  before(async () => {
    w = await generateProvince(t.db, 2);
    const [u]: { id: string }[] = await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, created_at, updated_at)
       VALUES ('xa.cv.cu', 'Trần Văn Cũ', $1, ARRAY['specialist'], '2025-01-10T08:00:00+07:00', '2025-01-10T08:00:00+07:00')
       RETURNING id`,
      [w.communeIds[1]],
    );
    userId = u!.id;
  });

  const accounts = async (period: string) => {
    const r = await buildReport(ctxOf(t.db, w.root.clerk, clock), {
      period,
      scope: { kind: 'unit', unitId: w.communeIds[1]! },
    });
    return r.total.usage.accounts;
  };

  it('counts a deactivated account in the periods before its deactivation only', async () => {
    const before2025 = await accounts('2025');
    const admin = await insertActor(t.db, w.rootId, 'tinh.quantri', ['admin']);
    await updateUser(ctxOf(t.db, admin, clock), { userId, active: false });
    const [row]: { deactivated_at: Date | null }[] = await t.db.query(
      `SELECT deactivated_at FROM users WHERE id = $1`,
      [userId],
    );
    expect(row!.deactivated_at?.toISOString()).to.equal(clock.now().toISOString());

    clock.set('2026-04-02T09:00:00+07:00');
    // Still counted at the end of 2025 and of January 2026, when it was active; not at the end of March.
    expect(await accounts('2025')).to.equal(before2025);
    expect(await accounts('2026-M01')).to.equal(before2025);
    expect(await accounts('2026-M03')).to.equal(before2025 - 1);
    expect(before2025).to.be.at.least(1);

    // Active again: no deactivation time, counted again.
    await updateUser(ctxOf(t.db, admin, clock), { userId, active: true });
    const [again]: { deactivated_at: Date | null }[] = await t.db.query(
      `SELECT deactivated_at FROM users WHERE id = $1`,
      [userId],
    );
    expect(again!.deactivated_at).to.equal(null);
    expect(await accounts('2026-M03')).to.equal(before2025);
  });
});
