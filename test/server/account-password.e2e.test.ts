import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * Issue 14 item 12 in Chromium: a specialist changes their own password on the account page — a wrong
 * current password and a mismatch are shown at their fields, the change keeps this session open and
 * ends the other one; the old password no longer logs in.
 */
describe('changing one’s own password in Chromium', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let browser: WebBrowser;
  let page: Page;

  before(async function () {
    await seedWorld(t.db);
    app = await startApp(t.db);
    browser = await openWebBrowser();
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const login = (password: string) =>
    app.server.json('POST', '/api/auth/login', { json: { username: 'bl.specialist', password } });

  it('refuses a wrong current password and a mismatch at their fields, then changes it', async () => {
    const other = await login(PASSWORD);
    const otherCookie = /vanban_session=[^;]*/.exec(other.headers.get('set-cookie') ?? '')?.[0] ?? '';
    await page.goto(`${app.server.baseUrl}${WEB_APP}`);
    await page.getByLabel('Tên đăng nhập').fill('bl.specialist');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    await page.goto(`${app.server.baseUrl}${WEB_APP}#/account`);
    await page.getByRole('heading', { level: 2, name: 'Đổi mật khẩu' }).waitFor();

    await page.getByLabel('Mật khẩu hiện tại').fill('sai-mat-khau-cu');
    await page.getByLabel(/^Mật khẩu mới/).fill('Mật-khẩu-mới-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('Mật-khẩu-mới-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Mật khẩu hiện tại không đúng' }).waitFor();
    expect(await page.getByLabel('Mật khẩu hiện tại').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(page, 'account, wrong password (vi)');

    await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill('Mật-khẩu-khác-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Hai lần nhập mật khẩu mới không khớp' }).waitFor();

    await page.getByLabel('Nhập lại mật khẩu mới').fill('Mật-khẩu-mới-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.' })
      .waitFor();
    expect(await page.getByLabel('Mật khẩu hiện tại').inputValue()).to.equal('');

    // This session stays: a reload still shows the account page; the other one has ended.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    expect((await app.server.json('GET', '/api/me', { headers: { cookie: otherCookie } })).status).to.equal(
      401,
    );
    expect((await login(PASSWORD)).status).to.equal(401);
    expect((await login('Mật-khẩu-mới-2026')).status).to.equal(200);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Change password' }).waitFor();
    await expectAccessible(page, 'account (en)');
  });
});
