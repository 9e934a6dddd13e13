import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sharedValidationPool } from '../../../workflows/validation/validation-pool';
import { useTestDatabase } from '../../support/postgres';
import { signedDocuments, type SignedDocuments } from '../../workflows/validation/signed-documents';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { tokenOf, userIn, validationWorker } from './validation-support';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.VANBAN_SCREENSHOT_DIR ?? os.tmpdir();

/**
 * The auditor's page in headless Chromium: drop a PDF signed by the signing engine (the test PKI's root
 * added by an admin), read TOTAL_PASSED; pick a copy changed after signing, read the failure in plain
 * Vietnamese (and English); download the PDF report; run a batch and watch its progress.
 */
describe('signature validation page in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let docs: SignedDocuments;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let downloads: string;
  const problems: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
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

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-chromium-'));
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-downloads-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
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
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    page = context.pages()[0] ?? (await context.newPage());
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
    for (const d of [profile, downloads]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  const verdict = () => page.locator('#validation-verdict .verdict');

  it('an auditor finds the validation page in the menu', async () => {
    await page.goto(app.server.baseUrl);
    await page.getByLabel('Tên đăng nhập').fill(world.users.auditor.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Kiểm tra chữ ký' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
  });

  it('drop the engine-signed PDF: TOTAL_PASSED, green, one card per signature', async () => {
    const base64 = docs.sequence.toString('base64');
    await page.evaluate(
      ({ base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const file = new File([bytes], 'Quyết định 3.pdf', { type: 'application/pdf' });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        const zone = document.getElementById('validation-dropzone')!;
        zone.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
        zone.dispatchEvent(
          new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      },
      { base64 },
    );
    await verdict().filter({ hasText: 'Tất cả chữ ký hợp lệ' }).waitFor();
    expect(await verdict().getAttribute('class')).to.contain('tone-passed');
    const cards = page.locator('.signature-card');
    expect(await cards.count()).to.equal(3);
    for (const text of await cards.allTextContents()) expect(text).to.contain('TOTAL_PASSED');
    expect(await cards.nth(0).textContent()).to.contain('Chữ ký hợp lệ');
    expect(await cards.nth(0).textContent()).to.contain('Điền biểu mẫu, ký thêm (FORM_FILLING');
    expect(await page.locator('.report-title').textContent()).to.equal('Quyết định 3.pdf');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-validation-passed.png'),
      fullPage: true,
    });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-validation-passed-top.png') });
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

  it('pick a copy changed after signing: the failure explained in Vietnamese, then in English', async () => {
    await page.getByRole('link', { name: 'Kiểm tra tệp khác' }).click();
    await page.locator('#validation-file').setInputFiles({
      name: 'sua-noi-dung.pdf',
      mimeType: 'application/pdf',
      buffer: docs.variants['content-revision'],
    });
    await verdict().filter({ hasText: 'Có chữ ký không hợp lệ' }).waitFor();
    expect(await verdict().getAttribute('class')).to.contain('tone-failed');
    const leader = page.locator('.signature-card').first();
    expect(await leader.textContent()).to.contain('Tài liệu đã bị sửa đổi sau khi ký');
    expect(await leader.textContent()).to.contain('TOTAL_FAILED');
    expect(await leader.locator('.verdict').getAttribute('class')).to.contain('tone-failed');
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, 'vanban-validation-failed.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'English' }).click();
    await verdict().filter({ hasText: 'At least one signature is invalid' }).waitFor();
    expect(await leader.textContent()).to.contain('The document was modified after signing');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await verdict().filter({ hasText: 'Có chữ ký không hợp lệ' }).waitFor();
  });

  it('a batch of two files: progress while the job worker runs them, then each verdict', async () => {
    await page.getByRole('link', { name: 'Kiểm tra theo lô' }).click();
    await page.getByLabel('Tên lô kiểm tra').fill('Lô văn bản tháng 3');
    await page.locator('#batch-files').setInputFiles([
      { name: 'hop-le.pdf', mimeType: 'application/pdf', buffer: docs.sequence },
      { name: 'mot-byte.pdf', mimeType: 'application/pdf', buffer: docs.variants['one-byte'] },
    ]);
    await page.getByRole('button', { name: 'Tạo lô và tải tệp lên' }).click();
    await page.locator('#batch-progress').filter({ hasText: 'Đã kiểm tra 0/2 tệp' }).waitFor();

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
    await page.locator('#batch-progress').filter({ hasText: 'Đã kiểm tra 2/2 tệp' }).waitFor();
    const rows = await page.locator('#batch-files-table tbody tr').allTextContents();
    expect(rows[0]).to.contain('hop-le.pdf').and.contain('Hợp lệ (TOTAL_PASSED)');
    expect(rows[1]).to.contain('mot-byte.pdf').and.contain('Không hợp lệ (TOTAL_FAILED)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vanban-validation-batch.png'), fullPage: true });
    await page.locator('#batch-files-table tbody tr').nth(1).getByRole('link', { name: 'Xem' }).click();
    await verdict().filter({ hasText: 'Có chữ ký không hợp lệ' }).waitFor();
  });

  it('the trust tab lists the shipped Vietnamese roots and the admin’s anchor, read-only for an auditor', async () => {
    await page.getByRole('link', { name: 'Chứng thư tin cậy' }).click();
    await page.locator('#trust-anchors tbody tr').nth(4).waitFor();
    const rows = await page.locator('#trust-anchors tbody tr').allTextContents();
    expect(rows.filter((r) => r.includes('Gốc Việt Nam kèm theo'))).to.have.length(4);
    expect(rows.some((r) => r.includes('Quản trị viên thêm') && r.includes('PKI thử nghiệm'))).to.equal(true);
    expect(await page.locator('#trust-pem').count()).to.equal(0);
  });

  it('trust is changed from the top-level unit only: a district admin reads the list, the province admin gets the form (issue 10 item 1)', async () => {
    const formsFor = async (username: string) => {
      await context.clearCookies();
      await page.goto(app.server.baseUrl);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
      await page.goto(`${app.server.baseUrl}/#/validation/trust`);
      await page.locator('#trust-anchors tbody tr').nth(4).waitFor();
      return page.locator('#trust-pem').count();
    };
    expect(await formsFor(world.users.admin.username)).to.equal(0);
    expect(await formsFor('la.admin')).to.equal(1);
  });

  it('loaded every script and style under the strict CSP, with nothing leaving loopback', () => {
    expect(problems).to.deep.equal([]);
  });
});
