import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { onePager, startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { PASSWORD } from './support/world';
import { ensureWebBuild, WEB_APP } from './support/web-browser';

const SUBJECT = 'Về việc tổ chức diễn tập phòng, chống thiên tai năm 2026';
const COMMUNE = 'Ủy ban nhân dân xã Thạnh Lợi';
/** Chromium's built-in PDF viewer extension. */
const PDF_VIEWER = 'mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * The outgoing pages of the React app (served at /) in headless Chromium, walked with the keyboard only
 * (Tab to reach each control, typing, Enter and Space; a file input opens the file chooser, which the
 * test answers): the district specialist drafts (PDF, Decree 30 details, the commune found without
 * diacritics, an attachment by drag and drop) and submits; the leader's wrong PIN shows the API's
 * Vietnamese message and leaves the document unsigned, the PIN kept; the leader signs; the clerk
 * numbers and seals ("01/QĐ-UBND") and sends; the outbox tracks the commune at 01 Đã đến. axe-core on
 * every page. Took over the outgoing part of the old app's documents.e2e test (removed with it).
 */
describe('outgoing pages of the React app in Chromium, keyboard only', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  const viewerErrors: string[] = [];

  before(async () => {
    ensureWebBuild();
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    // Tabbing through the PDF preview walks Chromium's own PDF viewer, whose thumbnail bar asserts on
    // some keys: its errors (stack in the viewer extension) are the browser's, not the app's.
    page.on('pageerror', (e) => {
      if (e.stack?.includes(`chrome-extension://${PDF_VIEWER}/`))
        viewerErrors.push(`page error: ${e.message}`);
    });
    fs.writeFileSync(path.join(b.files, 'Dự thảo quyết định.pdf'), await a4Draft());
  });
  after(async () => {
    const problems = b ? [...b.problems] : [];
    for (const e of viewerErrors) {
      const i = problems.indexOf(e);
      if (i >= 0) problems.splice(i, 1);
    }
    await b?.close();
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  const url = (hash = '') => `${b.app.baseUrl}${WEB_APP}${hash}`;
  const outgoingStatus = async () =>
    (await t.db.query(`SELECT status FROM outgoing_documents WHERE subject = $1`, [SUBJECT]))[0]?.status;
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

  /** Presses Tab until `target` has the focus (fails when it is not reachable within `max` presses). */
  async function tabTo(target: Locator, max = 150): Promise<void> {
    const handle = await target.elementHandle();
    for (let i = 0; i < max; i++) {
      if (await page.evaluate((el) => document.activeElement === el, handle)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`not reachable with Tab: ${target}`);
  }
  async function typeInto(target: Locator, text: string) {
    await tabTo(target);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  }
  async function press(target: Locator, key = 'Enter') {
    await tabTo(target);
    await page.keyboard.press(key);
  }
  /** A file input reached with Tab and opened with Space: the file chooser gets `file`. */
  async function chooseFile(target: Locator, file: string) {
    await tabTo(target);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(file);
  }
  /** A select reached with Tab; the keyboard moves to the option whose label is `label`. */
  async function choose(target: Locator, label: string) {
    await tabTo(target);
    const labels = await target.locator('option').allTextContents();
    const to = labels.indexOf(label);
    expect(to, `${label} in ${labels.join(' | ')}`).to.be.at.least(0);
    const from = await target.evaluate((el) => (el as HTMLSelectElement).selectedIndex);
    for (let i = from; i < to; i++) await page.keyboard.press('ArrowDown');
    for (let i = from; i > to; i--) await page.keyboard.press('ArrowUp');
    expect(await target.locator('option:checked').textContent()).to.equal(label);
  }

  async function logIn(username: string) {
    if (await page.getByRole('button', { name: 'Đăng xuất' }).count()) {
      await press(page.getByRole('button', { name: 'Đăng xuất' }));
    } else await page.goto(url());
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await typeInto(page.getByLabel('Tên đăng nhập'), username);
    await typeInto(page.getByLabel('Mật khẩu'), PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }
  const menuLink = (name: string) =>
    page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name, exact: true });

  it('drafts with the keyboard: PDF, details, the commune without diacritics, an attachment, and submits', async () => {
    await logIn('bl.specialist');
    // The sign and seal pages are not a specialist's: their hashes open the home page.
    for (const hash of ['#/review', '#/seal', '#/seal/paper']) {
      await page.goto(url(hash));
      await page.getByRole('heading', { level: 1, name: 'Xin chào, Nguyễn Thị Hương' }).waitFor();
    }
    await press(menuLink('Dự thảo'));
    await page.getByRole('heading', { level: 1, name: 'Dự thảo văn bản' }).waitFor();
    await expectAccessible(page, 'drafts (vi)');
    await press(page.getByRole('link', { name: 'Soạn dự thảo mới' }));
    await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo mới' }).waitFor();

    // Saving without the PDF and the subject names both and loses nothing typed.
    await typeInto(page.getByLabel('Loại văn bản'), 'Quyết định');
    await typeInto(page.getByLabel('Ký hiệu'), 'QĐ-UBND');
    await press(page.getByRole('button', { name: 'Lưu và trình ký' }));
    const missing = page.getByRole('alert').filter({ hasText: 'Vui lòng nhập' });
    await missing.waitFor();
    expect(await missing.textContent()).to.equal('Vui lòng nhập: Tệp PDF dự thảo, Trích yếu nội dung.');
    expect(await page.getByLabel('Ký hiệu').inputValue()).to.equal('QĐ-UBND');

    await chooseFile(page.getByLabel('Tệp PDF dự thảo'), path.join(b.files, 'Dự thảo quyết định.pdf'));
    await page.locator('.file-name', { hasText: 'Dự thảo quyết định.pdf' }).waitFor();
    await typeInto(page.getByLabel('Trích yếu nội dung'), SUBJECT);
    await choose(page.getByLabel('Độ khẩn'), 'Khẩn');
    await choose(page.getByLabel('Người ký'), 'Trần Văn Đức — Chủ tịch');

    // The district's group is offered; the commune is found typed without diacritics.
    await page.getByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }).waitFor();
    await typeInto(page.getByLabel('Tên hoặc mã định danh (có dấu hoặc không dấu)'), 'thanh loi');
    await page.keyboard.press('Enter');
    await press(page.getByRole('button', { name: `Thêm nơi nhận: ${COMMUNE}` }));
    await page.getByRole('button', { name: `Bỏ nơi nhận: ${COMMUNE}` }).waitFor();
    // Dropped from the desktop (the one step a keyboard user does with the file chooser instead).
    await b.dropPdf('Tệp PDF phụ lục', 'Phụ lục kế hoạch.pdf', await onePager('Phu luc: ke hoach dien tap'));
    await typeInto(page.getByLabel('Tên phụ lục'), 'Phụ lục I - Kế hoạch diễn tập');
    await expectAccessible(page, 'new draft (vi)');
    await b.shot('next-draft-form');

    await press(page.getByRole('button', { name: 'Lưu và trình ký' }));
    await status('Đã trình lãnh đạo ký.').waitFor();
    // The announced result has the focus: the keyboard continues from it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Đã trình lãnh đạo ký.');
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.locator('.lead.badges').textContent())
      .to.contain('Đang trình ký')
      .and.contain('Khẩn');
    const info = page.getByRole('region', { name: 'Thông tin văn bản' });
    await info.getByText(COMMUNE).waitFor();
    expect(await info.textContent()).to.contain('Trần Văn Đức');
    expect(await page.getByRole('region', { name: 'Tệp văn bản' }).textContent()).to.contain(
      'Phụ lục I - Kế hoạch diễn tập',
    );
    expect(await outgoingStatus()).to.equal('in_review');
    await expectAccessible(page, 'draft (vi)');
  });

  it('edits a saved draft with the new-draft form (29 Decree 30 types offered), then deletes it after confirming', async () => {
    const other = 'Về việc thử sửa dự thảo';
    const edited = 'Về việc thử sửa dự thảo (đã sửa)';
    await logIn('bl.specialist');
    await page.goto(url('#/drafts/new'));
    await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo mới' }).waitFor();
    // The type list comes from GET /api/document-types: Decree 30's 29 types.
    await page.waitForFunction(() => document.querySelectorAll('datalist option').length === 29);
    await chooseFile(page.getByLabel('Tệp PDF dự thảo'), path.join(b.files, 'Dự thảo quyết định.pdf'));
    await page.locator('.file-name', { hasText: 'Dự thảo quyết định.pdf' }).waitFor();
    await typeInto(page.getByLabel('Loại văn bản'), 'Quy định');
    expect(await page.getByLabel('Ký hiệu').getAttribute('placeholder')).to.equal('QyĐ-UBND');
    await typeInto(page.getByLabel('Ký hiệu'), 'QyĐ-UBND');
    await typeInto(page.getByLabel('Trích yếu nội dung'), other);
    await press(page.getByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }));
    await press(page.getByRole('button', { name: 'Lưu dự thảo' }));
    await status('Đã lưu dự thảo.').waitFor();
    await page.getByRole('heading', { level: 1, name: other }).waitFor();

    await press(page.getByRole('button', { name: 'Sửa dự thảo' }));
    const form = page.getByRole('form', { name: 'Sửa dự thảo' });
    await form.getByRole('button', { name: /^Bỏ nơi nhận: Tất cả UBND xã/ }).waitFor();
    expect(await form.getByLabel('Loại văn bản').inputValue()).to.equal('Quy định');
    await typeInto(form.getByLabel('Trích yếu nội dung'), edited);
    await expectAccessible(page, 'edit draft (vi)');
    await press(form.getByRole('button', { name: 'Lưu thay đổi' }));
    await status('Đã lưu thay đổi của dự thảo.').waitFor();
    await page.getByRole('heading', { level: 1, name: edited }).waitFor();
    const saved = await t.db.query(`SELECT id, status FROM outgoing_documents WHERE subject = $1`, [edited]);
    expect(saved.map((r: { status: string }) => r.status)).to.deep.equal(['draft']);

    await press(page.getByRole('button', { name: 'Xóa dự thảo' }));
    await page.getByText(`Xóa hẳn dự thảo “${edited}”`).waitFor();
    await expectAccessible(page, 'delete draft (vi)');
    await press(page.getByRole('button', { name: 'Xóa', exact: true }));
    await page.getByRole('heading', { level: 1, name: 'Dự thảo văn bản' }).waitFor();
    await status(`Đã xóa dự thảo “${edited}”.`).waitFor();
    expect(await t.db.query(`SELECT id FROM outgoing_documents WHERE id = $1`, [saved[0]!.id])).to.deep.equal(
      [],
    );
  });

  it("shows the leader the API's message for a wrong PIN, keeps the PIN and signs nothing, then signs", async () => {
    await logIn('bl.leader');
    await press(menuLink('Trình ký'));
    const listed = page.locator('tr', { has: page.getByRole('link', { name: SUBJECT }) });
    expect(await listed.textContent()).to.contain('Nguyễn Thị Hương');
    await expectAccessible(page, 'review list (vi)');
    await press(page.getByRole('link', { name: SUBJECT }));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent()).to.contain(
      'Người soạnNguyễn Thị Hương — Ủy ban nhân dân huyện Bến Lức',
    );
    // The PDF is shown in the page.
    expect(await page.locator('iframe.pdf-preview').getAttribute('title')).to.equal(
      `Xem trước văn bản: ${SUBJECT}`,
    );
    const credential = page.getByLabel('Chứng thư số');
    expect(await credential.locator('option:checked').textContent()).to.contain('Trần Văn Đức');
    await typeInto(page.getByLabel('Mã PIN'), '000000');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'Mã PIN không đúng' });
    await alert.waitFor();
    expect(await alert.textContent()).to.equal('Mã PIN không đúng. Còn 4 lần thử trước khi khóa 15 phút.');
    expect(await page.getByLabel('Mã PIN').inputValue()).to.equal('000000');
    // The wrong PIN is selected: typing replaces it.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).to.equal(
      'pin',
    );
    expect(await outgoingStatus()).to.equal('in_review');
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đang trình ký');
    await expectAccessible(page, 'sign, wrong PIN (vi)');
    await b.shot('next-sign-wrong-pin');

    b.state.clock.advance(10 * 60_000);
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await status(`Đã ký số văn bản “${SUBJECT}”`).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Lãnh đạo đã ký');
    expect(await outgoingStatus()).to.equal('signed');
    expect(await page.getByRole('button', { name: 'Ký số', exact: true }).count()).to.equal(0);
  });

  it('lets the clerk number and seal, shows the number, send to the commune and track it (also at 390 px)', async () => {
    b.state.clock.advance(20 * 60_000);
    await logIn('bl.clerk');
    await press(menuLink('Vào số, đóng dấu'));
    const waiting = page.getByRole('region', { name: 'Lãnh đạo đã ký, chờ vào số' });
    await waiting.getByRole('link', { name: SUBJECT }).waitFor();
    await expectAccessible(page, 'seal list (vi)');
    await press(waiting.getByRole('link', { name: SUBJECT }));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.getByLabel('Chứng thư số').locator('option:checked').textContent()).to.contain(
      'Ủy ban nhân dân huyện Bến Lức',
    );
    await typeInto(page.getByLabel('Mã PIN'), '123456');
    await press(page.getByRole('button', { name: 'Vào số và đóng dấu', exact: true }));
    await status('Đã cấp số 01/QĐ-UBND, ngày 03/03/2026, và đóng dấu.').waitFor();
    expect(await page.locator('.doc-number').textContent()).to.equal('01/QĐ-UBND');
    await expectAccessible(page, 'sealed (vi)');

    b.state.clock.advance(5 * 60_000);
    await press(page.getByRole('button', { name: 'Phát hành và gửi' }));
    await status('Đã gửi đến 1 đơn vị (0 đơn vị đã nhận trước đó).').waitFor();
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).to.equal('01 Đã đến');
    expect(await outgoingStatus()).to.equal('issued');

    // The outbox lists it; its page tracks the commune.
    await press(menuLink('Văn bản đi'));
    const issued = page.locator('tr', { has: page.getByRole('link', { name: SUBJECT }) });
    expect(await issued.textContent())
      .to.contain('01/QĐ-UBND')
      .and.contain('03/03/2026')
      .and.contain('Đã phát hành');
    await expectAccessible(page, 'outbox (vi)');
    await press(issued.getByRole('link', { name: SUBJECT }));
    await page.locator('table.tracking tbody tr', { hasText: COMMUNE }).waitFor();
    await press(page.getByRole('button', { name: 'Làm mới' }));
    await page.locator('table.tracking tbody tr', { hasText: COMMUNE }).waitFor();
    expect(await page.getByRole('region', { name: 'Theo dõi nơi nhận' }).textContent()).to.contain(
      '1 nơi nhận',
    );
    await expectAccessible(page, 'outbox document (vi)');
    await b.shot('next-sent-tracking');

    // At 390 px the page does not scroll sideways: the tracking table scrolls inside its card.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('table.tracking').waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: document.documentElement.clientWidth,
      table: document.querySelector('table.tracking')!.scrollWidth,
    }));
    expect(widths.page, JSON.stringify(widths)).to.be.at.most(widths.view);
    expect(widths.table).to.be.above(widths.view);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
