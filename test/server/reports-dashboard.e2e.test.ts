import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { issueEndedReports } from '../../workflows/reports/issued-reports';
import { useTestDatabase } from '../support/postgres';
import { insertOutgoing } from '../workflows/search/search-fixtures';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { WEB_APP } from './support/web-browser';

interface RateBody {
  text: string;
  numerator: number;
  denominator: number;
}
interface ReportBody {
  total: { rates: { exchange: RateBody; signedSeal: RateBody } };
  ranking: { unitId: string; name: string; signedSeal: RateBody }[];
}

/**
 * Issue 13 item 6 in Chromium: the district leader opens #/reports for 2025-Q1; the headline rates on the
 * page are the API's (province's wording), the ranking's unit opens that unit's report (breadcrumb,
 * figures equal the API's for the unit), its signed figure drills down to the documents (counted and not
 * counted, as many as the API lists); the page in English; axe-core in both languages.
 */
describe('reports dashboard in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    const w = b.world;
    // 2025-Q1: the district issues 7 (5 sealed), its commune 3 (all sealed).
    const days = [
      '2025-01-06',
      '2025-01-20',
      '2025-02-03',
      '2025-02-17',
      '2025-03-03',
      '2025-03-10',
      '2025-03-24',
    ];
    for (const [i, day] of days.entries()) {
      const id = await insertOutgoing(t.db, {
        unitId: w.own,
        drafterUserId: w.users.specialist.id,
        subject: `Công văn về việc báo cáo chuyển đổi số số ${i + 1}`,
        number: i + 1,
        issuedOn: day,
      });
      await t.db.query(
        `UPDATE outgoing_documents SET medium = 'electronic', sealed_at = CASE WHEN $2 THEN issued_at END,
                signed_at = issued_at WHERE id = $1`,
        [id, i < 5],
      );
    }
    for (const [i, day] of ['2025-01-15', '2025-02-12', '2025-03-12'].entries()) {
      const id = await insertOutgoing(t.db, {
        unitId: w.child,
        drafterUserId: w.users.specialist.id,
        subject: `Báo cáo của xã số ${i + 1}`,
        number: i + 1,
        issuedOn: day,
      });
      await t.db.query(
        `UPDATE outgoing_documents SET medium = 'electronic', sealed_at = issued_at, signed_at = issued_at
          WHERE id = $1`,
        [id],
      );
    }
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  async function apiReport(query: Record<string, string>): Promise<ReportBody> {
    const r = await b.app.json('GET', `/api/reports?${new URLSearchParams(query).toString()}`, {
      token: await b.token(b.world.users.leader.username),
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body as ReportBody;
  }

  it('shows the API’s figures, drills down to the unit and its documents, in Vietnamese and English', async () => {
    const w = b.world;
    await b.logIn(w.users.leader.username);
    await b.menu().filter({ hasText: 'Báo cáo, thống kê' }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo, thống kê' }).waitFor();
    await page.getByLabel('Kỳ báo cáo').fill('2025-Q1');
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    await page.locator('.report-period').filter({ hasText: 'Quý I' }).waitFor();

    const subtree = await apiReport({ period: '2025-Q1', scope: 'subtree', unitId: w.own });
    expect(subtree.total.rates.exchange.text).to.equal('100% (10/10 văn bản đi)');
    expect(subtree.total.rates.signedSeal.text).to.equal('80% (8/10 văn bản đi)');
    const exchange = page.locator('[data-figure="exchange"]');
    const signed = page.locator('[data-figure="signedSeal"]');
    expect(await exchange.textContent()).to.contain(subtree.total.rates.exchange.text);
    expect(await signed.textContent()).to.contain(subtree.total.rates.signedSeal.text);
    const ranked = subtree.ranking.map((r) => r.name);
    const rows = page.getByRole('table', { name: 'Xếp hạng đơn vị' }).getByRole('row');
    expect(await rows.count()).to.equal(1 + subtree.ranking.length);
    expect(await rows.nth(1).textContent()).to.contain(ranked[0]);
    await expectAccessible(page, 'reports (vi)');

    // Drill down: the district's own report (the ranking's link), then its sealed documents.
    const own = subtree.ranking.find((r) => r.unitId === w.own)!;
    await page.getByRole('table', { name: 'Xếp hạng đơn vị' }).getByRole('link', { name: own.name }).click();
    await page.getByRole('navigation', { name: 'Đang xem' }).getByText(own.name).waitFor();
    expect(own.signedSeal.text).to.equal('71,43% (5/7 văn bản đi)');
    await page.locator('[data-figure="signedSeal"]').filter({ hasText: own.signedSeal.text }).waitFor();
    const unit = await apiReport({ period: '2025-Q1', scope: 'unit', unitId: w.own });
    expect(await page.locator('[data-figure="exchange"]').textContent()).to.contain(
      unit.total.rates.exchange.text,
    );
    await page.locator('[data-figure="signedSeal"]').getByRole('link', { name: 'Xem văn bản' }).click();
    await page.getByRole('heading', { name: /Văn bản của số liệu/ }).waitFor();
    const docs = await b.app.json(
      'GET',
      `/api/reports/documents?${new URLSearchParams({ period: '2025-Q1', scope: 'unit', unitId: w.own, measure: 'signed_seal' }).toString()}`,
      { token: await b.token(w.users.leader.username) },
    );
    const body = docs.body as { total: number; excludedTotal: number };
    expect(body.total).to.equal(5);
    expect(body.excludedTotal).to.equal(2);
    await page.getByRole('heading', { name: 'Được tính (5)' }).waitFor();
    await page.getByRole('heading', { name: 'Không được tính (2)' }).waitFor();
    expect(await page.getByRole('table', { name: 'Được tính (5)' }).getByRole('row').count()).to.equal(6);
    await expectAccessible(page, 'reports drill-down (vi)');

    // The exports are the API's.
    const csv = page.getByRole('link', { name: 'Tải CSV' });
    expect(await csv.getAttribute('href')).to.match(/^\/api\/reports\/export\?.*format=csv/);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    expect(await page.locator('[data-figure="signedSeal"]').textContent()).to.contain(
      '71.43% (5/7 outgoing documents)',
    );
    await expectAccessible(page, 'reports drill-down (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('opens an issued report from its notification link, as issued, with its downloads', async () => {
    const w = b.world;
    // The end of 2025-Q1 passes: the reports are issued and the leaders notified (link #/reports/issued/<id>).
    const issued = await t.db.transaction((m) => issueEndedReports(m, new Date('2025-04-02T08:00:00+07:00')));
    expect(issued).to.be.greaterThan(0);
    const [n]: { link: string }[] = await t.db.query(
      `SELECT n.link FROM notifications n JOIN issued_reports r ON n.link = '#/reports/issued/' || r.id
        WHERE n.user_id = $1 AND r.period_key = 'calendar:2025-Q1' AND r.unit_id = $2`,
      [w.users.leader.id, w.own],
    );
    expect(n?.link).to.match(/^#\/reports\/issued\/[0-9a-f-]{36}$/);
    const id = n!.link.split('/').pop()!;
    const token = await b.token(w.users.leader.username);
    const api = await b.app.json('GET', `/api/reports/issued/${id}`, { token });
    expect(api.status, JSON.stringify(api.body)).to.equal(200);
    const report = (api.body as { report: ReportBody }).report;
    expect(report.total.rates.signedSeal.text).to.equal('80% (8/10 văn bản đi)');

    // Later documents change the live figures, not the issued report.
    await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      subject: 'Văn bản bổ sung sau kỳ',
      number: 99,
      issuedOn: '2025-03-31',
    });
    await page.goto(`${b.app.baseUrl}${WEB_APP}${n!.link}`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo đã ban hành' }).waitFor();
    await page.locator('[data-figure="signedSeal"]').filter({ hasText: '80% (8/10 văn bản đi)' }).waitFor();
    expect(await page.locator('[data-figure="exchange"]').textContent()).to.contain(
      report.total.rates.exchange.text,
    );
    expect(await page.locator('[data-figure="period"]').textContent()).to.contain('Quý I');
    const live = await apiReport({ period: '2025-Q1', scope: 'subtree', unitId: w.own });
    expect(live.total.rates.signedSeal.text).to.equal('72,73% (8/11 văn bản đi)');
    await expectAccessible(page, 'issued report (vi)');

    // Its downloads are the issued report's, as files.
    const csvHref = await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href');
    expect(csvHref).to.equal(`/api/reports/issued/${id}/export?format=csv`);
    const csv = await b.app.fetch(csvHref!, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).to.equal(200);
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.charCodeAt(0)).to.equal(0xfeff);
    expect(text).to.contain('80');
    const pdf = await b.app.fetch(`/api/reports/issued/${id}/export?format=pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pdf.status).to.equal(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).to.equal('%PDF-');

    // Another unit's leader, and an unknown id: 404, nothing leaked.
    const [other]: { id: string }[] = await t.db.query(
      `SELECT id FROM issued_reports WHERE unit_id <> ALL($1::uuid[]) LIMIT 1`,
      [[w.own, w.child, w.province]],
    );
    if (other) {
      const denied = await b.app.json('GET', `/api/reports/issued/${other.id}`, { token });
      expect(denied.status).to.equal(404);
      expect(denied.body).to.have.keys(['error']);
      expect(JSON.stringify(denied.body)).to.not.contain('văn bản đi');
    }
    const unknown = await b.app.json('GET', `/api/reports/issued/00000000-0000-4000-8000-000000000000`, {
      token,
    });
    expect(unknown.status).to.equal(404);
    expect((unknown.body as { error: { code: string } }).error.code).to.equal('REPORT_NOT_FOUND');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Issued report' }).waitFor();
    await page
      .locator('[data-figure="signedSeal"]')
      .filter({ hasText: '80% (8/10 outgoing documents)' })
      .waitFor();
    await expectAccessible(page, 'issued report (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });
});
