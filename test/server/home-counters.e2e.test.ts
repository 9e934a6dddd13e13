import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createDraft } from '../../workflows/documents/create-draft';
import { submitForReview } from '../../workflows/documents/submit-for-review';
import type { Actor, Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { ctxOf } from '../workflows/fixtures';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Issue 14 item 10 in Chromium: each role's home page shows its counters, and following one opens the
 * list with exactly that many rows (leader: to sign; clerk: to register; specialist: due this week).
 */
describe('home page counters in Chromium', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let browser: WebBrowser;
  let page: Page;
  let w: World;

  const digest = (s: string) => {
    const b = Buffer.from(`%PDF-1.7 ${s}`);
    return { sha256: createHash('sha256').update(b).digest('hex'), size: b.length };
  };
  const actor = (role: Role): Actor => ({
    userId: w.users[role].id,
    username: w.users[role].username,
    unitId: w.own,
    roles: [role],
  });
  async function incoming(status: string, assignee: string | null, deadline: string | null, subject: string) {
    await t.db.query(
      `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code,
         external_document_id, document_type, notation, subject, urgency, pdf_sha256, received_at, status_code,
         assignee_user_ids, assigned_at, deadline)
       VALUES ($1, $1, '000.00.00.G12', gen_random_uuid()::text, 'Công văn', '12/BNV-VP', $7,
         'normal', $2, $3, $4, $5::uuid[], CASE WHEN $4 = '05' THEN $3::timestamptz END, $6::date)`,
      [w.own, digest(subject).sha256, app.clock.now(), status, assignee ? [assignee] : [], deadline, subject],
    );
  }

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db); // Tuesday 01/07/2025
    const spec = ctxOf(t.db, actor('specialist'), app.clock);
    for (const subject of ['Về việc tổ chức hội nghị', 'Về việc tuyển dụng viên chức']) {
      const d = await createDraft(spec, {
        documentType: 'Công văn',
        notation: 'UBND-VP',
        subject,
        pdf: digest(subject),
        signerUserId: w.users.leader.id,
        recipients: [{ kind: 'unit', unitId: w.other }],
      });
      await submitForReview(spec, { documentId: d.id });
    }
    const me = w.users.specialist.id;
    await incoming('01', null, null, 'Về việc chuẩn bị mùa mưa bão');
    await incoming('01', null, null, 'Về việc tiêm chủng mở rộng');
    await incoming('01', null, null, 'Về việc kiểm kê đất đai');
    await incoming('05', me, '2025-06-30', 'Về việc báo cáo quý II');
    await incoming('05', me, '2025-07-03', 'Về việc rà soát hộ nghèo');
    await incoming('05', me, '2025-07-05', 'Về việc sơ kết 6 tháng');
    await incoming('05', me, '2025-07-10', 'Về việc kế hoạch năm 2026');
    browser = await openWebBrowser();
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (hash = '') => `${app.server.baseUrl}${WEB_APP}${hash}`;
  const todo = () => page.getByRole('list', { name: 'Việc cần làm' });

  async function logIn(username: string) {
    await page.context().clearCookies(); // the previous person's session
    await page.goto(url());
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    await todo().waitFor();
  }

  /** The rows of the first table with a body on the page, once loaded. */
  async function tableRows(text: string): Promise<number> {
    await page.getByRole('cell', { name: text }).first().waitFor();
    return page.locator('table tbody tr').count();
  }

  it('leader: “Chờ tôi ký 2” opens the list of the two documents to sign', async () => {
    await logIn('bl.leader');
    expect(await todo().getByRole('link').allTextContents()).to.deep.equal([
      '2 Chờ tôi ký',
      '0 Chờ phân công',
      '1 Quá hạn xử lý',
      '2 Đến hạn trong tuần (đến 06/07/2025)',
    ]);
    await expectAccessible(page, 'home leader (vi)');
    await todo().getByRole('link', { name: '2 Chờ tôi ký' }).click();
    await page.waitForURL(`**${WEB_APP}#/review`);
    expect(await tableRows('Về việc tổ chức hội nghị')).to.equal(2);
  });

  it('clerk: “Văn bản đến chờ vào sổ 3” opens the inbox filtered to the three arrivals', async () => {
    await logIn('bl.clerk');
    expect(await todo().getByRole('link').allTextContents()).to.deep.equal([
      '0 Chờ cấp số, đóng dấu',
      '3 Văn bản đến chờ vào sổ',
    ]);
    await todo().getByRole('link', { name: '3 Văn bản đến chờ vào sổ' }).click();
    await page.waitForURL(`**${WEB_APP}#/inbox?status=01`);
    expect(await tableRows('Về việc kiểm kê đất đai')).to.equal(3);
  });

  it('specialist: “Đến hạn trong tuần 2” opens the two assignments due by Sunday; English labels', async () => {
    await logIn('bl.specialist');
    await todo().getByRole('link', { name: '2 Đến hạn trong tuần (đến 06/07/2025)' }).click();
    await page.waitForURL(`**${WEB_APP}#/inbox?dueBy=2025-07-06`);
    expect(await tableRows('Về việc rà soát hộ nghèo')).to.equal(2);
    expect(await page.getByRole('cell', { name: 'Về việc kế hoạch năm 2026' }).count()).to.equal(0);
    await page.goto(url('#/'));
    await page.getByRole('button', { name: 'English' }).click();
    const list = page.getByRole('list', { name: 'To do' });
    await list.waitFor();
    expect(await list.getByRole('link').allTextContents()).to.deep.equal([
      '1 Overdue',
      '2 Due this week (by 06/07/2025)',
    ]);
    await expectAccessible(page, 'home specialist (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });
});
