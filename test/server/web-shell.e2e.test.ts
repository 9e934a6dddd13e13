import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.VANBAN_SCREENSHOT_DIR ?? os.tmpdir();

/**
 * The web shell in headless Chromium (Debian's package; `npm test` installs it when missing): login,
 * navigation by role, directory search without diacritics, unit page, English switch, logout.
 */
describe('web shell in Chromium', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
    await seedWorld(t.db);
    app = await startApp(t.db);
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 800 },
      locale: 'vi-VN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Anything leaving loopback is a defect (and blocked in tests anyway).
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => {
      problems.push(`outbound request: ${route.request().url()}`);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  after(async () => {
    await context?.close();
    await app?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  async function logIn(username: string) {
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
  }

  const menu = () =>
    page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ }).getByRole('link');

  it('refuses a wrong password with a Vietnamese message', async () => {
    await page.goto(app.server.baseUrl);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill('bl.specialist');
    await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'không đúng' }).waitFor();
    expect(await alert.textContent()).to.equal('Tên đăng nhập hoặc mật khẩu không đúng');
  });

  it('shows a specialist only the pages a specialist may use', async () => {
    await logIn('bl.specialist');
    expect(await menu().allTextContents()).to.deep.equal([
      'Trang chủ',
      'Văn bản đến',
      'Phân công, hạn xử lý',
      'Dự thảo',
      'Văn bản đi',
      'Danh bạ đơn vị',
      'Tài khoản của tôi',
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal(
      'Xin chào, Nguyễn Thị Hương',
    );
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  });

  it('shows an administrator the administration pages as well', async () => {
    await logIn('bl.admin');
    expect(await menu().allTextContents()).to.deep.equal([
      'Trang chủ',
      'Danh bạ đơn vị',
      'Quản trị tài khoản',
      'Nhật ký hệ thống',
      'Kiểm tra chữ ký',
      'Tài khoản của tôi',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-home.png') });

    await menu().filter({ hasText: 'Quản trị tài khoản' }).click();
    await page.getByRole('cell', { name: 'bl.admin' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'bl.clerk' }).textContent()).to.contain('Văn thư');

    await menu().filter({ hasText: 'Nhật ký hệ thống' }).click();
    await page.getByRole('cell', { name: 'USER_LOGGED_IN' }).first().waitFor();
    await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn chuỗi' }).click();
    await page.getByRole('status').filter({ hasText: 'toàn vẹn' }).waitFor();
    expect(await page.getByRole('status').textContent()).to.match(
      /^Chuỗi nhật ký toàn vẹn \(\d+ sự kiện\)\.$/,
    );
  });

  it('finds a unit with diacritics from a search typed without them, and opens it', async () => {
    await menu().filter({ hasText: 'Danh bạ đơn vị' }).click();
    await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('can duoc');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    const rows = page.locator('#unit-results tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('#unit-results tbody tr').length === 1);
    const row = rows.filter({ hasText: '000.00.03.H41' });
    expect(await row.getByRole('link').textContent()).to.equal('Ủy ban nhân dân huyện Cần Đước');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-directory.png') });

    // Level filter: the communes only.
    await page.getByLabel('Tìm theo tên hoặc mã định danh').fill('');
    await page.getByLabel('Cấp', { exact: true }).selectOption('commune');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForFunction(() => location.hash.includes('level=commune'));
    await page.getByRole('row').filter({ hasText: 'Ủy ban nhân dân xã Thạnh Lợi' }).waitFor();
    const levels = await page.locator('#unit-results tbody tr td:nth-child(3)').allTextContents();
    expect(levels.length).to.be.greaterThan(0);
    expect(new Set(levels)).to.deep.equal(new Set(['Cấp xã']));

    // Tree navigation: the commune's page, its parent through the breadcrumb, and the parent's children.
    await page.getByRole('link', { name: 'Ủy ban nhân dân xã Thạnh Lợi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân xã Thạnh Lợi' }).waitFor();
    const crumbs = page.getByRole('navigation', { name: 'Danh bạ' });
    expect(await crumbs.getByRole('link').allTextContents()).to.deep.equal([
      'Danh bạ',
      'Ủy ban nhân dân tỉnh Long An',
      'Ủy ban nhân dân huyện Bến Lức',
    ]);
    await crumbs.getByRole('link', { name: 'Ủy ban nhân dân huyện Bến Lức' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân huyện Bến Lức' }).waitFor();
    const children = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
    await children.getByRole('link', { name: 'Ủy ban nhân dân xã Thạnh Lợi' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-unit.png'), fullPage: true });
  });

  it('switches to English, remembers it across a reload, and logs out', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await menu().allTextContents()).to.deep.equal([
      'Home',
      'Unit directory',
      'Accounts',
      'Audit trail',
      'Signature validation',
      'My account',
    ]);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Subordinate units' }).waitFor();
    await menu().filter({ hasText: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(await page.locator('dl.props').textContent()).to.contain('Administrator');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-account-en.png') });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).to.equal(401);
  });

  it('renders the API documentation (Swagger UI) from this server under its CSP', async () => {
    await page.goto(`${app.server.baseUrl}/api/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/api/units/{id}/rename' }).first().waitFor();
    expect(await page.locator('.opblock').count()).to.be.greaterThan(15);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-api-docs.png') });
  });

  it('loaded every script and style under the strict CSP, with nothing leaving loopback', () => {
    expect(problems).to.deep.equal([]);
  });
});
