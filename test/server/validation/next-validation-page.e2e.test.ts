import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sharedValidationPool } from '../../../workflows/validation/validation-pool';
import { useTestDatabase } from '../../support/postgres';
import { signedDocuments, type SignedDocuments } from '../../workflows/validation/signed-documents';
import { expectAccessible } from '../support/axe-check';
import { openWebBrowser, SCREENSHOT_DIR, WEB_APP, type WebBrowser } from '../support/web-browser';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { tokenOf, userIn, validationWorker } from './validation-support';

/** `YYYY-MM-DDTHH:mm:ss` of an instant in Vietnam's time (what the page's time field takes). */
const vietnamLocal = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
/** The report's way of writing an instant: `dd/mm/yyyy HH:MM:SS (UTC+07:00)`. */
const reportTime = (d: Date) => {
  const [date, time] = vietnamLocal(d).split('T') as [string, string];
  const [y, m, day] = date.split('-');
  return `${day}/${m}/${y} ${time} (UTC+07:00)`;
};

/**
 * The auditor's pages of the React app (web/, served at /) in headless Chromium, the flow of the old
 * app's validation-page.e2e.test.ts (removed with it) and more: drop a PDF signed by the signing engine (the
 * test PKI's root added by an admin), read TOTAL_PASSED; pick a copy changed after signing at a chosen
 * moment, read the failure in Vietnamese and English; download the PDF report; run a batch and watch its
 * progress; the trust list read-only for an auditor and a district admin, changed by the province's
 * admin (remove an anchor, add it again from a certificate file, revocation hosts). axe-core on every
 * page in both languages.
 */
describe('signature validation pages of the React app in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let docs: SignedDocuments;
  let browser: WebBrowser;
  let page: Page;
  let downloads: string;

  before(async function () {
    docs = await signedDocuments();
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    app.clock.set(docs.at);
    // Trust is changed by an admin of the top-level unit only (issue 10 item 1).
    await userIn(t.db, world.province, 'la.admin', ['admin']);
    const admin = await tokenOf(app.server, 'la.admin');
    const added = await app.server.json('POST', '/api/admin/trust/anchors', {
      json: { pem: docs.rootPem, label: 'PKI thử nghiệm' },
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(added.status).to.equal(201);
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-downloads-'));
    // The refused revocation host (400) is an expected console line.
    browser = await openWebBrowser({ expectedStatuses: /status of (400|401)/ });
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
  });

  const url = (hash = '') => `${app.server.baseUrl}${WEB_APP}${hash}`;
  const verdict = () => page.locator('#validation-verdict .verdict');
  const cards = () => page.locator('.signature-card');

  async function logIn(username: string) {
    await browser.context.clearCookies();
    await page.goto(url());
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }

  it('an auditor finds the validation page in the menu', async () => {
    await logIn(world.users.auditor.username);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Kiểm tra chữ ký' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
    expect(await page.getByRole('link', { name: 'Kiểm tra tệp' }).getAttribute('aria-current')).to.equal(
      'page',
    );
    await expectAccessible(page, 'validation (vi)');
  });

  it('drop the engine-signed PDF: TOTAL_PASSED, green, one card per signature, at its own address', async () => {
    const base64 = docs.sequence.toString('base64');
    const zone = page.locator('.drop-zone').filter({ hasText: 'Chọn tệp PDF' });
    await zone.evaluate(
      (el, { base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const file = new File([bytes], 'Quyết định 3.pdf', { type: 'application/pdf' });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        el.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { base64 },
    );
    await verdict().filter({ hasText: 'Tất cả chữ ký hợp lệ' }).waitFor();
    expect(page.url()).to.match(/#\/validation\/reports\/[0-9a-f-]{36}$/);
    expect(await verdict().getAttribute('class')).to.contain('tone-passed');
    expect(await verdict().getAttribute('role')).to.equal('status');
    expect(await cards().count()).to.equal(3);
    for (const text of await cards().allTextContents()) expect(text).to.contain('TOTAL_PASSED');
    expect(await cards().nth(0).textContent()).to.contain('Chữ ký hợp lệ');
    expect(await cards().nth(0).textContent()).to.contain('Điền biểu mẫu, ký thêm (FORM_FILLING');
    expect(await cards().nth(0).locator('.badge').textContent()).to.match(/^Hợp lệ — TOTAL_PASSED/);
    expect(await page.locator('.report-title').textContent()).to.equal('Quyết định 3.pdf');
    await expectAccessible(page, 'validation report (vi)');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-next-validation-passed.png'),
      fullPage: true,
    });
  });

  it('download the PDF report: pdftotext reads the Vietnamese verdict', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải báo cáo PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^bao-cao-kiem-tra-[0-9a-f]{12}\.pdf$/);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).to.contain('Báo cáo kiểm tra chữ ký số');
    expect(text).to.contain('Tất cả chữ ký hợp lệ');
  });

  it('pick a copy changed after signing, at a chosen moment: the failure in Vietnamese, then in English', async () => {
    await page.getByRole('link', { name: 'Kiểm tra tệp khác' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
    // The moment typed in Vietnam's time (the browser is in Paris): the report validates at it.
    await page.getByLabel('Kiểm tra tại thời điểm (để trống: bây giờ)').fill(vietnamLocal(docs.at));
    await page.getByLabel('Chỉ dùng dữ liệu thu hồi có trong tệp (không tra cứu trực tuyến)').check();
    await page.getByLabel('Chọn tệp PDF').setInputFiles({
      name: 'sua-noi-dung.pdf',
      mimeType: 'application/pdf',
      buffer: docs.variants['content-revision'],
    });
    await verdict().filter({ hasText: 'Có chữ ký không hợp lệ' }).waitFor();
    expect(await verdict().getAttribute('class')).to.contain('tone-failed');
    const summary = await page.locator('#validation-verdict dl').textContent();
    expect(summary).to.contain(`Thời điểm kiểm tra${reportTime(docs.at)}`);
    expect(summary).to.contain('chỉ dữ liệu có trong tệp (ngoại tuyến)');
    const leader = cards().first();
    expect(await leader.textContent()).to.contain('Tài liệu đã bị sửa đổi sau khi ký');
    expect(await leader.textContent()).to.contain('TOTAL_FAILED');
    expect(await leader.locator('.verdict').getAttribute('class')).to.contain('tone-failed');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-next-validation-failed.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'English' }).click();
    await verdict().filter({ hasText: 'At least one signature is invalid' }).waitFor();
    expect(await leader.textContent()).to.contain('The document was modified after signing');
    expect(await page.getByRole('link', { name: 'Download PDF report' }).getAttribute('href')).to.contain(
      'lang=en',
    );
    await expectAccessible(page, 'validation report (en)');
    await page.getByRole('link', { name: 'Validate another file' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signature validation' }).waitFor();
    await expectAccessible(page, 'validation (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
  });

  it('a batch of two files: progress while the job worker runs them, then each verdict', async () => {
    await page.getByRole('link', { name: 'Kiểm tra theo lô' }).click();
    await page.getByText('Chưa có lô kiểm tra nào.').waitFor();
    await expectAccessible(page, 'validation batches (vi)');
    await page.getByLabel('Tên lô kiểm tra').fill('Lô văn bản tháng 3');
    await page.getByLabel('Các tệp PDF').setInputFiles([
      { name: 'hop-le.pdf', mimeType: 'application/pdf', buffer: docs.sequence },
      { name: 'mot-byte.pdf', mimeType: 'application/pdf', buffer: docs.variants['one-byte'] },
    ]);
    await page.getByRole('button', { name: 'Tạo lô và tải tệp lên' }).click();
    const progress = page.locator('#batch-progress');
    await progress.filter({ hasText: 'Đã kiểm tra 0/2 tệp' }).waitFor();
    expect(page.url()).to.match(/#\/validation\/batches\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'validation batch (vi)');

    const worker = validationWorker(t.db, app.clock, {
      objects: app.objects,
      pool: sharedValidationPool(),
      trust: { mode: 'development' },
    });
    try {
      expect(await worker.runDue()).to.deep.equal(['done', 'done']);
    } finally {
      await worker.stop();
    }
    // The page asks again by itself while files are pending.
    await progress.filter({ hasText: 'Đã kiểm tra 2/2 tệp' }).waitFor();
    const rows = page.locator('#batch-files-table tbody tr');
    const texts = await rows.allTextContents();
    expect(texts[0]).to.contain('hop-le.pdf').and.contain('Xong').and.contain('Hợp lệ (TOTAL_PASSED)');
    expect(texts[1]).to.contain('mot-byte.pdf').and.contain('Không hợp lệ (TOTAL_FAILED)');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-next-validation-batch.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'English' }).click();
    await progress.filter({ hasText: '2/2 files validated' }).waitFor();
    expect(await rows.nth(1).textContent()).to.contain('Failed (TOTAL_FAILED)');
    await expectAccessible(page, 'validation batch (en)');
    await page.getByRole('link', { name: 'Batches' }).click();
    await page.getByRole('link', { name: 'Lô văn bản tháng 3' }).waitFor();
    expect(await page.locator('table.data tbody tr').first().textContent()).to.contain('2/2');
    await expectAccessible(page, 'validation batches (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('link', { name: 'Lô văn bản tháng 3' }).click();
    await page.getByRole('link', { name: 'Xem báo cáo của mot-byte.pdf' }).click();
    await verdict().filter({ hasText: 'Có chữ ký không hợp lệ' }).waitFor();
  });

  it('the trust tab lists the shipped Vietnamese roots and the admin’s anchor, read-only for an auditor', async () => {
    await page.getByRole('link', { name: 'Chứng thư tin cậy' }).click();
    const anchors = page.locator('#trust-anchors tbody tr');
    await anchors.nth(4).waitFor();
    const rows = await anchors.allTextContents();
    expect(rows.filter((r) => r.includes('Gốc Việt Nam kèm theo'))).to.have.length(4);
    expect(rows.some((r) => r.includes('Quản trị viên thêm') && r.includes('PKI thử nghiệm'))).to.equal(true);
    expect(
      await page.getByText('Chưa cho phép máy chủ nào: chỉ dùng dữ liệu thu hồi có trong tệp.').count(),
    ).to.equal(1);
    expect(await page.locator('textarea').count()).to.equal(0);
    expect(await page.getByRole('button', { name: /^Gỡ/ }).count()).to.equal(0);
    await expectAccessible(page, 'trust (vi, auditor)');
  });

  it('trust is changed from the top-level unit only: a district admin reads the list, the province admin gets the form (issue 10 item 1)', async () => {
    const formsFor = async (username: string) => {
      await logIn(username);
      await page.goto(url('#/validation/trust'));
      await page.locator('#trust-anchors tbody tr').nth(4).waitFor();
      // The unit's answer decides: the read-only note or the form.
      await page
        .getByText('Chỉ quản trị viên của đơn vị cấp tỉnh mới thay đổi được cấu hình tin cậy.')
        .or(page.getByLabel('Thêm chứng thư tin cậy (PEM)'))
        .waitFor();
      return page.getByLabel('Thêm chứng thư tin cậy (PEM)').count();
    };
    expect(await formsFor(world.users.admin.username)).to.equal(0);
    expect(await formsFor('la.admin')).to.equal(1);
  });

  it('the province admin removes the anchor, adds it again from a certificate file, and sets the revocation hosts', async () => {
    const anchors = page.locator('#trust-anchors tbody tr');
    const added = anchors.filter({ hasText: 'PKI thử nghiệm' });
    await added.getByRole('button', { name: /^Gỡ chứng thư/ }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gỡ chứng thư.' }).waitFor();
    await anchors.first().waitFor();
    expect(await added.count()).to.equal(0);

    // The root as a DER file (.cer): the page shows it as PEM, then adds it.
    const der = Buffer.from(docs.rootPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    await page.getByLabel('Hoặc chọn tệp chứng thư (.pem, .crt, .cer)').setInputFiles({
      name: 'goc-thu-nghiem.cer',
      mimeType: 'application/pkix-cert',
      buffer: der,
    });
    const pem = page.getByLabel('Thêm chứng thư tin cậy (PEM)');
    await expectValue(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/);
    await page.getByLabel('Ghi chú').fill('PKI thử nghiệm (tệp)');
    await page.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm chứng thư.' }).waitFor();
    await anchors.filter({ hasText: 'PKI thử nghiệm (tệp)' }).waitFor();
    expect(await anchors.filter({ hasText: 'PKI thử nghiệm (tệp)' }).textContent()).to.contain(
      'Quản trị viên thêm',
    );

    // A private address is refused at the field; a public host is saved and shown after the reload.
    const hosts = page.getByLabel('Máy chủ CRL/OCSP được phép tra cứu (mỗi dòng một tên)');
    await hosts.fill('127.0.0.1');
    await page.getByRole('button', { name: 'Lưu' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: '127.0.0.1' });
    await refusal.waitFor();
    expect(await hosts.getAttribute('aria-invalid')).to.equal('true');
    await hosts.fill('crl.ca.gov.vn');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    await expectValue(
      page.getByLabel('Máy chủ CRL/OCSP được phép tra cứu (mỗi dòng một tên)'),
      /^crl\.ca\.gov\.vn$/,
    );
    await expectAccessible(page, 'trust (vi, province admin)');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-next-validation-trust.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Add a trust anchor (PEM)').waitFor();
    await expectAccessible(page, 'trust (en, province admin)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('loaded every script and style under the strict CSP, with nothing leaving loopback', () => {
    expect(browser.problems).to.deep.equal([]);
  });

  /** Waits until a field's value matches (the page fills it asynchronously). */
  async function expectValue(field: ReturnType<Page['getByLabel']>, pattern: RegExp) {
    await page.waitForFunction(
      ({ id, source }) =>
        new RegExp(source).test((document.getElementById(id) as HTMLTextAreaElement | null)?.value ?? ''),
      { id: (await field.getAttribute('id'))!, source: pattern.source },
    );
  }
});
