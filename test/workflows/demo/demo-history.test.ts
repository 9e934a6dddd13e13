import { expect } from 'chai';
import { seedDemoProvince, DEMO_PROVINCE_CODE } from '../../../workflows/directory/seed-demo-province';
import {
  DEMO_SCALES,
  generateDemoHistory,
  quarterRange,
  seedRecentDemoHistory,
} from '../../../workflows/demo/demo-history';
import { buildReport } from '../../../workflows/reports/build-report';
import { checkRollups } from '../../../workflows/reports/check-rollups';
import type { Actor } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';

/**
 * Demo history (issue 13 item 7): the small scale for 2024Q1 generated through the domain functions; the
 * report of the province for the quarter shows exactly the generated counts per level, in the
 * province's wording, and the rollups equal the raw rows.
 */
describe('workflows/demo generateDemoHistory', function () {
  this.timeout(600_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2024-06-01T08:00:00+07:00'));

  it('small scale, 2024Q1: the report equals what was generated', async () => {
    await seedDemoProvince(t.db, { clock });
    const { from, to } = quarterRange('2024Q1');
    expect({ from, to }).to.deep.equal({ from: '2024-01-01', to: '2024-04-01' });
    const r = await generateDemoHistory(t.db, { scale: DEMO_SCALES.small, from, to });
    expect(r.provinceDistrict).to.deep.equal({ outgoing: 336, sealed: 335 });
    expect(r.commune).to.deep.equal({ outgoing: 125, sealed: 124 });
    expect(r.received).to.be.greaterThan(461);
    expect(r.early + r.onTime + r.late).to.equal(r.completed);
    expect(r.early).to.be.greaterThan(0);
    expect(r.onTime).to.be.greaterThan(0);

    const [leader]: { id: string; username: string; unit_id: string }[] = await t.db.query(
      `SELECT x.id, x.username, x.unit_id FROM users x JOIN units u ON u.id = x.unit_id
        WHERE u.code = $1 AND 'leader' = ANY(x.roles) ORDER BY x.username LIMIT 1`,
      [DEMO_PROVINCE_CODE],
    );
    const actor: Actor = {
      userId: leader!.id,
      username: leader!.username,
      unitId: leader!.unit_id,
      roles: ['leader'],
    };
    const ctx = { db: t.db, clock, actor };
    const q1 = await buildReport(ctx, { period: '2024-Q1', window: 'calendar', scope: { kind: 'province' } });
    const pd = q1.levels.find((l) => l.level === 'province_district')!;
    const c = q1.levels.find((l) => l.level === 'commune')!;
    expect(pd.counts.outTotal).to.equal(336);
    expect(pd.counts.outElectronic).to.equal(336);
    expect(pd.counts.outSignedSeal).to.equal(335);
    expect(pd.rates.exchange.text).to.equal('100% (336/336 văn bản đi)');
    expect(pd.rates.signedSeal.text).to.equal('99,70% (335/336 văn bản đi)');
    expect(c.counts.outTotal).to.equal(125);
    expect(c.rates.signedSeal.text).to.equal('99,20% (124/125 văn bản đi)');

    // Incoming flows: everything received, registered, refused and completed lies in 2024.
    const year = await buildReport(ctx, { period: '2024', window: 'calendar', scope: { kind: 'province' } });
    expect(year.total.counts.inReceived).to.equal(r.received);
    expect(year.total.counts.inRegistered).to.equal(r.registered);
    expect(year.total.counts.inRefused).to.equal(r.refused);
    expect(year.total.counts.handledEarly).to.equal(r.early);
    expect(year.total.counts.handledOnTime).to.equal(r.onTime);
    expect(year.total.counts.handledLate).to.equal(r.late);

    const check = await checkRollups(t.db, { period: '2024', window: 'calendar', today: '2024-06-01' });
    expect(check.differences).to.deep.equal([]);
  });

  it('the start-up seed runs once, over the months before today', async () => {
    const now = new FixedClock(new Date('2026-12-07T10:00:00+07:00'));
    const first = await seedRecentDemoHistory(t.db, { clock: now });
    expect(first).to.equal(null); // the province already has a history from the test above
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outgoing_documents`);
    expect(n).to.equal(461);
  });
});
