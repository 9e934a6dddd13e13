import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { openWebBrowser, WEB_APP, type WebBrowser } from './support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp } from './support/world';

/**
 * Issue 14 item 12 in Chromium: the admin of Bến Lức creates an account in its commune (its one-time
 * password shown once), edits it, locks and unlocks it, resets its password; the user signs in with the
 * one-time password and is made to choose their own before anything else. axe in vi and en.
 */
describe('user administration in Chromium', function () {
  this.timeout(240_000);
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

  const api = (username: string, password: string) =>
    app.server.json('POST', '/api/auth/login', { json: { username, password } });

  async function signIn(username: string, password: string) {
    await page.goto(`${app.server.baseUrl}${WEB_APP}`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  async function oneTimePassword(username: string): Promise<string> {
    const region = page.getByRole('region', { name: `Mật khẩu dùng một lần của ${username}` });
    await region.waitFor();
    expect(await region.textContent()).to.include('chỉ hiển thị một lần');
    const otp = (await region.getByTestId('one-time-password').textContent())!.trim();
    expect(otp).to.match(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    await region.getByRole('button', { name: 'Đã ghi lại, đóng' }).click();
    await region.waitFor({ state: 'detached' });
    return otp;
  }

  it('creates, edits, locks, unlocks and resets; the user must change the one-time password', async () => {
    await signIn('bl.admin', PASSWORD);
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    await page.goto(`${app.server.baseUrl}${WEB_APP}#/users`);
    await page.getByRole('heading', { level: 1, name: 'Quản trị tài khoản' }).waitFor();
    await page.getByRole('cell', { name: 'bl.clerk', exact: true }).waitFor();
    await expectAccessible(page, 'users (vi)');

    // Create in the commune below.
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const create = page.getByRole('region', { name: 'Tạo tài khoản mới' });
    await create.getByLabel(/^Tên đăng nhập/).fill('tl.vanthu');
    await create.getByLabel(/^Họ và tên/).fill('Ngô Thị Hoa');
    await create.getByLabel('Đơn vị').selectOption({ label: '— Ủy ban nhân dân xã Thạnh Lợi' });
    await create.getByLabel('Văn thư').check();
    await create.getByLabel('Chuyên viên').uncheck();
    await create.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const first = await oneTimePassword('tl.vanthu');
    await page.getByRole('cell', { name: 'tl.vanthu', exact: true }).waitFor();

    // A taken username is refused at its field.
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await create.getByLabel(/^Tên đăng nhập/).fill('bl.clerk');
    await create.getByLabel(/^Họ và tên/).fill('Trùng Tên');
    await create.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await create.getByRole('alert').filter({ hasText: 'Tên đăng nhập bl.clerk đã được dùng' }).waitFor();
    await expectAccessible(page, 'users, create refused (vi)');
    await create.getByRole('button', { name: 'Hủy' }).click();

    // Search, then edit.
    await page.getByLabel('Tìm theo tên, tên đăng nhập, thư điện tử').fill('hoa');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: 'Sửa tl.vanthu' }).click();
    const edit = page.getByRole('region', { name: 'Sửa tài khoản tl.vanthu' });
    await edit.getByLabel(/^Họ và tên/).fill('Ngô Thị Hoa Mai');
    await edit.getByLabel('Thư điện tử').fill('hoa.mai@thanhloi.gov.vn');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu tài khoản tl.vanthu.' }).waitFor();
    await page.getByRole('cell', { name: 'Ngô Thị Hoa Mai', exact: true }).waitFor();

    // The user signs in elsewhere with the first one-time password; locking ends that session.
    const elsewhere = await api('tl.vanthu', first);
    expect(elsewhere.status).to.equal(200);
    expect(elsewhere.body.user.mustChangePassword).to.equal(true);
    const cookie = /vanban_session=[^;]*/.exec(elsewhere.headers.get('set-cookie') ?? '')?.[0] ?? '';
    await page.getByRole('button', { name: 'Khóa tl.vanthu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã khóa tài khoản tl.vanthu' }).waitFor();
    expect((await app.server.json('GET', '/api/me', { headers: { cookie } })).status).to.equal(401);
    expect((await api('tl.vanthu', first)).status, 'locked').to.equal(401);
    await page.getByRole('button', { name: 'Mở khóa tl.vanthu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã mở khóa tài khoản tl.vanthu.' }).waitFor();

    // Reset: a new one-time password; the first no longer works.
    await page.getByRole('button', { name: 'Cấp lại mật khẩu tl.vanthu' }).click();
    const otp = await oneTimePassword('tl.vanthu');
    expect(otp).to.not.equal(first);
    expect((await api('tl.vanthu', first)).status).to.equal(401);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await expectAccessible(page, 'users (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();

    // The user signs in with it and is made to choose a password first.
    await signIn('tl.vanthu', otp);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu trước khi tiếp tục' }).waitFor();
    await page.goto(`${app.server.baseUrl}${WEB_APP}#/incoming`);
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu trước khi tiếp tục' }).waitFor();
    await expectAccessible(page, 'must change password (vi)');
    await page.getByLabel('Mật khẩu hiện tại').fill(otp);
    await page.getByLabel(/^Mật khẩu mới/).fill('Hoa-Mai-tự-chọn-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('Hoa-Mai-tự-chọn-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    expect((await api('tl.vanthu', otp)).status).to.equal(401);
    const own = await api('tl.vanthu', 'Hoa-Mai-tự-chọn-2026');
    expect([own.status, own.body.user.mustChangePassword]).to.deep.equal([200, false]);
  });
});
