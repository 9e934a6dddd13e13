import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, SCREENSHOT_DIR, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * The React app (web/, served at /) in headless Chromium under the server's strict CSP: login,
 * navigation by role (the sign and seal routes refused to a specialist), a link saved under /next/
 * during the port, the directory (search without diacritics, level filter, tree), admin pages, the
 * language switch, the layout at 390 px, the API documentation, and axe-core on every page in both
 * languages.
 */
describe('web app (React) in Chromium', function () {
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

  const url = (hash = '') => `${app.server.baseUrl}${WEB_APP}${hash}`;
  const menu = () =>
    page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }).getByRole('link');

  async function logIn(username: string) {
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // The home page's greeting (the navigation may be collapsed on a narrow screen).
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }

  it('refuses a wrong password with the API message and an accessible login page', async () => {
    await page.goto(url());
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await expectAccessible(page, 'login (vi)');
    await page.getByLabel('Tên đăng nhập').fill('bl.specialist');
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'không đúng' });
    await alert.waitFor();
    expect(await alert.textContent()).to.equal('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(await page.getByLabel('Mật khẩu').inputValue()).to.equal('');
  });

  it("shows a specialist only a specialist's pages; a link saved under /next/ still opens its page", async () => {
    await logIn('bl.specialist');
    expect(await menu().allTextContents()).to.deep.equal([
      'Trang chủ',
      'Tìm kiếm',
      'Văn bản đến',
      'Phân công, hạn xử lý',
      'Dự thảo',
      'Văn bản đi',
      'Lưu trữ hồ sơ',
      'Danh bạ đơn vị',
      'Tài khoản của tôi',
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal(
      'Xin chào, Nguyễn Thị Hương',
    );
    await expectAccessible(page, 'home (vi)');

    // A link saved while the app lived under /next/ opens the same page, query included, at /.
    await page.goto(`${app.server.baseUrl}/next/#/units?q=can%20duoc`);
    await page.getByRole('heading', { level: 1, name: 'Danh bạ đơn vị' }).waitFor();
    expect(page.url()).to.equal(`${app.server.baseUrl}/#/units?q=can%20duoc`);
    expect(await page.getByLabel('Tìm theo tên hoặc mã định danh').inputValue()).to.equal('can duoc');

    // The sign and seal pages are not a specialist's: their hashes open the home page (from another
    // page, so the greeting is the route's answer and not the page left behind).
    for (const hash of ['#/review', '#/seal', '#/seal/paper']) {
      await page.goto(url('#/units'));
      await page.getByRole('heading', { level: 1, name: 'Danh bạ đơn vị' }).waitFor();
      await page.goto(url(hash));
      await page.getByRole('heading', { level: 1, name: 'Xin chào, Nguyễn Thị Hương' }).waitFor();
    }

    // The document pages (next-outgoing.e2e.test.ts, next-incoming.e2e.test.ts): the inbox, empty.
    await menu().filter({ hasText: 'Văn bản đến' }).click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();
    await page.getByText('Không có văn bản đến nào.').waitFor();
    await expectAccessible(page, 'inbox, empty (vi)');

    await page.goto(url());
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  });

  it('walks an administrator through accounts, the audit trail (labelled events, chain check) and the directory', async () => {
    await logIn('bl.admin');
    expect(await menu().allTextContents()).to.deep.equal([
      'Trang chủ',
      'Tìm kiếm',
      'Kiểm tra toàn vẹn',
      'Báo cáo, thống kê',
      'Danh bạ đơn vị',
      'Quản trị tài khoản',
      'Thiết lập sổ văn bản đến',
      'Chứng thư ký số',
      'Thời hạn bảo quản',
      'Nhật ký hệ thống',
      'Kiểm tra chữ ký',
      'Liên thông',
      'Tài khoản của tôi',
    ]);
    await menu().filter({ hasText: 'Quản trị tài khoản' }).click();
    await page.getByRole('cell', { name: 'bl.admin', exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'bl.clerk' }).textContent()).to.contain('Văn thư');
    await expectAccessible(page, 'users (vi)');

    await menu().filter({ hasText: 'Nhật ký hệ thống' }).click();
    await page.getByRole('cell', { name: 'Đăng nhập', exact: true }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'USER_LOGGED_IN' }).count()).to.equal(0);
    await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn chuỗi' }).click();
    const status = page.getByRole('status').filter({ hasText: 'toàn vẹn' });
    await status.waitFor();
    expect(await status.textContent()).to.match(/^Chuỗi nhật ký toàn vẹn \(\d+ sự kiện\)\.$/);
    await expectAccessible(page, 'audit (vi)');

    await menu().filter({ hasText: 'Danh bạ đơn vị' }).click();
    await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('can duoc');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#unit-results tbody tr').length === 1);
    const row = page.locator('#unit-results tbody tr').filter({ hasText: '000.00.03.H41' });
    expect(await row.getByRole('link').textContent()).to.equal('Ủy ban nhân dân huyện Cần Đước');
    await expectAccessible(page, 'units (vi)');

    await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('');
    await page.getByLabel('Cấp', { exact: true }).selectOption('commune');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForFunction(() => location.hash.includes('level=commune'));
    await page.getByRole('row').filter({ hasText: 'Ủy ban nhân dân xã Thạnh Lợi' }).waitFor();
    const levels = await page.locator('#unit-results tbody tr td:nth-child(3)').allTextContents();
    expect(levels.length).to.be.greaterThan(0);
    expect(new Set(levels)).to.deep.equal(new Set(['Cấp xã']));
    await page.getByRole('link', { name: 'Ủy ban nhân dân xã Thạnh Lợi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân xã Thạnh Lợi' }).waitFor();
    const crumbs = page.getByRole('navigation', { name: 'Danh bạ' });
    expect(await crumbs.getByRole('link').allTextContents()).to.deep.equal([
      'Danh bạ',
      'Ủy ban nhân dân tỉnh Long An',
      'Ủy ban nhân dân huyện Bến Lức',
    ]);
    await crumbs.getByRole('link', { name: 'Ủy ban nhân dân huyện Bến Lức' }).click();
    await page
      .getByRole('region', { name: 'Đơn vị trực thuộc' })
      .getByRole('link', { name: 'Ủy ban nhân dân xã Thạnh Lợi' })
      .waitFor();
    await expectAccessible(page, 'unit (vi)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-next-unit.png'), fullPage: true });
  });

  it('switches to English, keeps it across a reload, and every page passes axe in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await menu().allTextContents()).to.deep.equal([
      'Home',
      'Search',
      'Archive fixity',
      'Reports',
      'Unit directory',
      'Accounts',
      'Incoming register books',
      'Signing credentials',
      'Retention table',
      'Audit trail',
      'Signature validation',
      'Federation',
      'My account',
    ]);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Subordinate units' }).waitFor();
    await expectAccessible(page, 'unit (en)');
    for (const [entry, heading] of [
      ['Home', 'Welcome, Huỳnh Ngọc Ánh'],
      ['Unit directory', 'Unit directory'],
      ['Accounts', 'Accounts'],
      ['Audit trail', 'Audit trail'],
      ['My account', 'My account'],
    ] as const) {
      await menu().filter({ hasText: entry }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await expectAccessible(page, `${entry} (en)`);
    }
    expect(await page.locator('dl.props').textContent()).to.contain('Administrator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'login (en)');
    expect(await page.evaluate(async () => (await fetch('/api/me')).status)).to.equal(401);
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('collapses the menu at 390 px wide, opens it with its button, and never scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn('bl.clerk');
    const toggle = page.getByRole('button', { name: 'Danh mục' });
    await toggle.waitFor();
    const navLink = page.locator('nav.sidenav').getByRole('link', { name: 'Danh bạ đơn vị' });
    expect(await navLink.isVisible()).to.equal(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    await navLink.click();
    await page.getByRole('heading', { level: 1, name: 'Danh bạ đơn vị' }).waitFor();
    expect(await navLink.isVisible()).to.equal(false);
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    await page.locator('#unit-results table').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).to.be.at.most(0);
    await expectAccessible(page, 'units at 390 px (vi)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-next-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  // Swagger UI 5.33+ renders only the operations in the viewport once tags plus listed operations reach
  // 150; the page opens with the tags collapsed (docs-routes.ts) so that every tag is on the page.
  it('renders the API documentation (Swagger UI) from this server under its CSP: every tag a section', async () => {
    const res = await fetch(`${app.server.baseUrl}/api/openapi.json`);
    const document = (await res.json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const tags = [
      ...new Set(
        Object.values(document.paths).flatMap((p) => Object.values(p).flatMap((op) => op.tags ?? [])),
      ),
    ];
    expect(tags).to.include.members(['system', 'auth', 'units', 'outgoing', 'incoming', 'search']);

    await page.goto(`${app.server.baseUrl}/api/docs`);
    const sections = page.locator('.opblock-tag-section h3.opblock-tag');
    await sections.first().waitFor();
    expect(await sections.evaluateAll((hs) => hs.map((h) => h.getAttribute('data-tag')))).to.deep.equal(tags);
    expect(await page.locator('.operations-virtual').count()).to.equal(0);

    await page.locator('h3.opblock-tag[data-tag="units"]').click();
    await page.locator('.opblock-summary-path', { hasText: '/api/units/{id}/rename' }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-api-docs.png') });

    // A deep link opens its tag, and only it.
    await page.goto('about:blank');
    await page.goto(`${app.server.baseUrl}/api/docs#/incoming`);
    await page.locator('h3.opblock-tag[data-tag="incoming"][data-is-open="true"]').waitFor();
    expect(await page.locator('.opblock-tag-section.is-open').count()).to.equal(1);
  });

  it('ran under the strict CSP with no error and nothing leaving loopback', () => {
    expect(browser.problems).to.deep.equal([]);
  });
});
