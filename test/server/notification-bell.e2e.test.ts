import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { createDraft } from '../../workflows/documents/create-draft';
import { submitForReview } from '../../workflows/documents/submit-for-review';
import { notify } from '../../workflows/notifications/notify';
import { useTestDatabase } from '../support/postgres';
import { ctxOf } from '../workflows/fixtures';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Issue 14 item 9 in Chromium: the leader's bell shows what a specialist's submission and other events
 * brought (unread count, list, open the linked page, mark read, mark all read), and on the account page
 * the leader turns a kind off on the bell and gives an e-mail address — the next such event no longer
 * rings. axe on the open list and the settings in both languages.
 */
describe('notification bell and settings in Chromium', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let browser: WebBrowser;
  let page: Page;
  let w: World;

  before(async function () {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    browser = await openWebBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (hash = '') => `${app.server.baseUrl}${WEB_APP}${hash}`;
  const bell = () => page.getByRole('button', { name: /^(Thông báo|Notifications)/ });
  const actor = (role: 'specialist' | 'leader') => ({
    userId: w.users[role].id,
    username: w.users[role].username,
    unitId: w.own,
    roles: [role] as const,
  });

  async function logIn(username: string) {
    await page.goto(url());
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }

  async function submitted(subject: string): Promise<string> {
    const bytes = Buffer.from(`%PDF-1.7 ${subject}`);
    const ctx = ctxOf(t.db, { ...actor('specialist'), roles: ['specialist'] }, app.clock);
    const doc = await createDraft(ctx, {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject,
      pdf: { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
      signerUserId: w.users.leader.id,
      recipients: [{ kind: 'unit', unitId: w.other }],
    });
    await submitForReview(ctx, { documentId: doc.id });
    return doc.id;
  }

  it('the leader sees the unread count, opens a document from the list, marks one and then all read', async () => {
    const docId = await submitted('Về việc tổ chức Hội nghị tổng kết năm 2026');
    app.clock.advance(60_000);
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'incoming.to_assign',
        recipients: { unitId: w.own, roles: ['leader'] },
        subject: { vi: 'Văn bản đến chờ phân công: Về việc phòng chống dịch', en: 'To assign: epidemic' },
        link: '#/inbox',
        at: app.clock.now(),
      }),
    );
    app.clock.advance(60_000);
    await t.db.transaction((m) =>
      notify(m, {
        kind: 'incoming.deadline_missed',
        recipients: { userIds: [w.users.leader.id] },
        subject: { vi: 'Quá hạn xử lý (hạn 30/06/2025): Về việc báo cáo', en: 'Deadline missed: report' },
        link: '#/assignments',
        urgent: true,
        at: app.clock.now(),
      }),
    );

    await logIn('bl.leader');
    await page.getByRole('button', { name: 'Thông báo, 3 chưa đọc' }).waitFor();
    await bell().click();
    const panel = page.getByRole('region', { name: 'Thông báo' });
    await panel.waitFor();
    const items = panel.getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).to.equal(3);
    expect((await items.first().textContent()) ?? '').to.contain('Khẩn');
    expect((await items.nth(2).textContent()) ?? '').to.contain(
      'Văn bản chờ ký: Về việc tổ chức Hội nghị tổng kết năm 2026',
    );
    await expectAccessible(page, 'bell open (vi)');

    // Opening the document marks it read and goes to its page.
    await panel.getByRole('link', { name: /Văn bản chờ ký/ }).click();
    await page.waitForURL(`**${WEB_APP}#/review/${docId}`);
    await page.getByRole('button', { name: 'Thông báo, 2 chưa đọc' }).waitFor();

    // Mark one read from the list (keyboard), then all.
    await bell().click();
    await panel.getByRole('list').waitFor();
    await panel.getByRole('button', { name: /^Đánh dấu đã đọc: Văn bản đến chờ phân công/ }).press('Enter');
    await page.getByRole('button', { name: 'Thông báo, 1 chưa đọc' }).waitFor();
    await panel.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: /^Đánh dấu đã đọc/ }).count()).to.equal(0);
    const unread: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [w.users.leader.id],
    );
    expect(unread[0]!.n).to.equal(0);
    await page.keyboard.press('Escape');
    expect(await panel.count()).to.equal(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).click();
    await page.getByRole('region', { name: 'Notifications' }).waitFor();
    expect(
      (await page
        .getByRole('region', { name: 'Notifications' })
        .getByRole('listitem')
        .first()
        .textContent()) ?? '',
    ).to.contain('Deadline missed: report');
    await expectAccessible(page, 'bell open (en)');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('the leader turns “to sign” off on the bell and gives an e-mail address; the next submission does not ring', async () => {
    await page.goto(url('#/account'));
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    await page.getByLabel('Địa chỉ thư điện tử nhận thông báo').waitFor();
    await expectAccessible(page, 'account notifications (vi)');
    await page.getByLabel('Địa chỉ thư điện tử nhận thông báo').fill('sai địa chỉ');
    await page.getByRole('button', { name: 'Lưu cài đặt thông báo' }).click();
    await page.getByRole('alert').first().waitFor();
    await page.getByLabel('Địa chỉ thư điện tử nhận thông báo').fill('duc.tv@benluc.test');
    await page.getByRole('checkbox', { name: 'Văn bản chờ ký — Trên chuông' }).uncheck();
    await page.getByRole('button', { name: 'Lưu cài đặt thông báo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu cài đặt thông báo.' }).waitFor();
    const user: { email: string }[] = await t.db.query(`SELECT email FROM users WHERE id = $1`, [
      w.users.leader.id,
    ]);
    expect(user[0]!.email).to.equal('duc.tv@benluc.test');

    await submitted('Về việc rà soát thủ tục hành chính');
    await page.reload();
    await page.getByLabel('Địa chỉ thư điện tử nhận thông báo').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Văn bản chờ ký — Trên chuông' }).isChecked()).to.equal(
      false,
    );
    expect(await page.getByRole('checkbox', { name: 'Văn bản chờ ký — Thư điện tử' }).isChecked()).to.equal(
      true,
    );
    await page.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    const mails: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'notification.mail'`,
    );
    expect(mails[0]!.n).to.equal(1); // the e-mail still goes

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('E-mail address for notifications').waitFor();
    await expectAccessible(page, 'account notifications (en)');
  });
});
