import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { onePager, startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

const SUBJECT = 'Về việc tổ chức diễn tập phòng, chống thiên tai năm 2026';
const COMMUNE = 'Ủy ban nhân dân xã Thạnh Lợi';

/**
 * One document from draft to completion at a commune, through the web pages in headless Chromium
 * (clicks and typing; the API only seeds accounts and a recipient group): the district specialist
 * drafts (file picker, attachment by drag and drop, recipient found without diacritics) and submits;
 * the leader types a wrong PIN (Vietnamese error, nothing signed) and then signs with the development
 * credential; the clerk numbers, seals and sends; the commune clerk sees the arrival flagged urgent
 * with the verdict of the job worker and registers it; the commune leader assigns it with a deadline;
 * the specialist completes it past the deadline; the sender's outbox shows 01 → 03 → 04 → 05 → 06 with
 * their times. The server clock is fixed and moved forward between the steps.
 */
describe('document pages in Chromium: draft to completion at a commune', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  /** Server times of the commune's status changes, in order. */
  const times: Record<string, Date> = {};

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    fs.writeFileSync(path.join(b.files, 'Dự thảo quyết định.pdf'), await a4Draft());
  });
  after(async () => b?.close());

  const menu = () => b.menu();
  const status = (text: string | RegExp) => b.status(text);
  const shot = (name: string) => b.shot(name);
  const logIn = (username: string) => b.logIn(username);
  const dropPdf = (zone: string, name: string, bytes: Buffer) => b.dropPdf(zone, name, bytes);
  const outgoingStatus = async () =>
    (await t.db.query(`SELECT status FROM outgoing_documents WHERE subject = $1`, [SUBJECT]))[0]?.status;

  it('shows a district specialist the drafting pages but not the sign and seal pages', async () => {
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
    for (const hash of ['#/review', '#/seal', '#/seal/paper']) {
      await page.goto(`${b.app.baseUrl}/${hash}`);
      await page.getByRole('heading', { level: 1, name: 'Xin chào, Nguyễn Thị Hương' }).waitFor();
    }
  });

  it('drafts with the file picker and drag and drop, finds the commune without diacritics, and submits', async () => {
    await menu().filter({ hasText: 'Dự thảo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dự thảo văn bản' }).waitFor();
    await page.getByRole('link', { name: 'Soạn dự thảo mới' }).click();
    await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo mới' }).waitFor();

    // Saving without the PDF loses nothing typed and says what is missing.
    await page.getByLabel('Loại văn bản').fill('Quyết định');
    await page.getByLabel('Ký hiệu').fill('QĐ-UBND');
    await page.getByRole('button', { name: 'Lưu và trình ký' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Vui lòng nhập: Tệp PDF dự thảo, Trích yếu nội dung.' })
      .waitFor();
    expect(await page.getByLabel('Ký hiệu').inputValue()).to.equal('QĐ-UBND');

    await page.getByLabel('Tệp PDF dự thảo').setInputFiles(path.join(b.files, 'Dự thảo quyết định.pdf'));
    await page.locator('.file-name', { hasText: 'Dự thảo quyết định.pdf' }).waitFor();
    await dropPdf('Tệp PDF phụ lục', 'Phụ lục kế hoạch.pdf', await onePager('Phu luc: ke hoach dien tap'));
    await page.getByLabel('Tên phụ lục').fill('Phụ lục I - Kế hoạch diễn tập');
    await page.getByLabel('Trích yếu nội dung').fill(SUBJECT);
    await page.getByLabel('Độ khẩn').selectOption({ label: 'Khẩn' });
    await page.getByLabel('Người ký').selectOption({ label: 'Trần Văn Đức — Chủ tịch' });

    // The recipient group of the district is offered; the commune is found typed without diacritics.
    await page.getByRole('button', { name: 'Thêm nơi nhận: Tất cả UBND xã' }).waitFor();
    await page.getByLabel('Tên hoặc mã định danh (có dấu hoặc không dấu)').fill('thanh loi');
    await page.getByRole('button', { name: `Thêm nơi nhận: ${COMMUNE}` }).click();
    await page.getByRole('button', { name: `Bỏ nơi nhận: ${COMMUNE}` }).waitFor();
    await shot('draft-form');

    await page.getByRole('button', { name: 'Lưu và trình ký' }).click();
    await status('Đã trình lãnh đạo ký.').waitFor();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.locator('.lead.badges').textContent())
      .to.contain('Đang trình ký')
      .and.contain('Khẩn');
    const info = page.getByRole('region', { name: 'Thông tin văn bản' });
    expect(await info.textContent())
      .to.contain(COMMUNE)
      .and.contain('Trần Văn Đức');
    expect(await page.getByRole('region', { name: 'Tệp văn bản' }).textContent()).to.contain(
      'Phụ lục I - Kế hoạch diễn tập',
    );
    expect(await outgoingStatus()).to.equal('in_review');
  });

  it('shows the leader the Vietnamese error of a wrong PIN, leaves the document unsigned, then signs', async () => {
    await logIn('bl.leader');
    await menu().filter({ hasText: 'Trình ký' }).click();
    // Who drafted it: a column of the list to sign, and "Người soạn" in the document's details.
    const listed = page.locator('tr', { has: page.getByRole('link', { name: SUBJECT }) });
    expect(await listed.textContent()).to.contain('Nguyễn Thị Hương');
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const details = page.getByRole('region', { name: 'Thông tin văn bản' });
    expect(await details.textContent()).to.contain(
      'Người soạnNguyễn Thị Hương — Ủy ban nhân dân huyện Bến Lức',
    );
    const credential = page.getByLabel('Chứng thư số');
    expect(await credential.locator('option:checked').textContent()).to.contain('Trần Văn Đức');
    await page.getByLabel('Mã PIN').fill('000000');
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Mã PIN không đúng' });
    await alert.waitFor();
    expect(await alert.textContent()).to.equal('Mã PIN không đúng. Còn 4 lần thử trước khi khóa 15 phút.');
    expect(await page.getByLabel('Mã PIN').inputValue()).to.equal('000000');
    expect(await outgoingStatus()).to.equal('in_review');
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đang trình ký');
    await shot('sign-wrong-pin');

    b.state.clock.advance(10 * 60_000);
    await page.getByLabel('Mã PIN').fill('123456');
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    await status(`Đã ký số văn bản “${SUBJECT}”`).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Lãnh đạo đã ký');
    expect(await outgoingStatus()).to.equal('signed');
    // Signed: nothing left for the leader to do on it.
    expect(await page.getByRole('button', { name: 'Ký số', exact: true }).count()).to.equal(0);
  });

  it('lets the clerk number and seal in one action, shows the number, and send to the commune', async () => {
    b.state.clock.advance(20 * 60_000);
    await logIn('bl.clerk');
    await menu().filter({ hasText: 'Vào số, đóng dấu' }).click();
    const waiting = page.getByRole('region', { name: 'Lãnh đạo đã ký, chờ vào số' });
    await waiting.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.getByLabel('Chứng thư số').locator('option:checked').textContent()).to.contain(
      'Ủy ban nhân dân huyện Bến Lức',
    );
    await page.getByLabel('Mã PIN').fill('123456');
    await page.getByRole('button', { name: 'Vào số và đóng dấu', exact: true }).click();
    await status('Đã cấp số 1/QĐ-UBND, ngày 03/03/2026, và đóng dấu.').waitFor();
    expect(await page.locator('.doc-number').textContent()).to.equal('1/QĐ-UBND');

    b.state.clock.advance(5 * 60_000);
    times['01'] = b.state.clock.now();
    await page.getByRole('button', { name: 'Phát hành và gửi' }).click();
    await status('Đã gửi đến 1 đơn vị (0 đơn vị đã nhận trước đó).').waitFor();
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).to.contain('01 Đã đến');
    await shot('sent-tracking');
  });

  it('shows the commune clerk the urgent arrival with its verdict, and registers and forwards it', async () => {
    b.state.clock.advance(15 * 60_000);
    await logIn('tl.clerk');
    await menu().filter({ hasText: 'Văn bản đến' }).click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();
    const row = page.locator('#inbox-results tbody tr', { hasText: SUBJECT });
    await row.waitFor();
    expect(await row.getAttribute('class')).to.contain('row-urgent');
    expect(await row.textContent())
      .to.contain('Khẩn')
      .and.contain('1/QĐ-UBND')
      .and.contain('01 Đã đến');

    await row.getByRole('link', { name: SUBJECT }).click();
    // The page follows the job worker until the verdict is in.
    const verdict = page.getByRole('region', { name: 'Kiểm tra chữ ký số' });
    await verdict.locator('.verdict-summary', { hasText: 'Hợp lệ' }).waitFor({ timeout: 60_000 });
    const signatures = await verdict.locator('tbody tr').allTextContents();
    expect(signatures.some((s) => s.includes('Trần Văn Đức') && s.includes('Hợp lệ'))).to.equal(true);
    // Claimed signing times come from the API as ISO 8601 and show in Vietnam time, never as a PDF date.
    const signedAt = await t.db.query(
      `SELECT v.created_at FROM document_versions v JOIN outgoing_documents o ON o.id = v.document_id
       WHERE o.subject = $1 AND v.step = 'signed'`,
      [SUBJECT],
    );
    const shown = new Date(signedAt[0].created_at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(
      signatures.some((s) => s.includes('Trần Văn Đức') && s.includes(shown)),
      shown,
    ).to.equal(true);
    expect(signatures.join(' ')).to.not.contain('D:20');
    expect(
      signatures.some((s) => s.includes('Ủy ban nhân dân huyện Bến Lức') && s.includes('Hợp lệ')),
    ).to.equal(true);
    await shot('incoming-verdict');

    times['03'] = b.state.clock.now();
    await page.getByRole('button', { name: 'Tiếp nhận, vào sổ', exact: true }).click();
    await status('Đã vào sổ văn bản đến số 1/2026.').waitFor();
    expect(await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent()).to.contain(
      'Số đến 1/2026',
    );
    b.state.clock.advance(5 * 60_000);
    times['04'] = b.state.clock.now();
    await page.getByRole('button', { name: 'Trình lãnh đạo phân công' }).click();
    await status('Đã trình lãnh đạo phân công.').waitFor();
  });

  it('lets the commune leader assign a specialist with a deadline, and switches these pages to English', async () => {
    b.state.clock.advance(30 * 60_000);
    await logIn('tl.leader');
    await menu().filter({ hasText: 'Phân công, hạn xử lý' }).click();
    const awaiting = page.getByRole('region', { name: 'Chờ phân công' });
    await awaiting.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    times['05'] = b.state.clock.now();
    await page.getByLabel('Đặng Minh Khoa').check();
    // The deadline is typed; assigning without a person first says what is missing.
    await page.getByLabel('Hạn xử lý').fill('2026-03-05');
    await page.getByLabel('Đặng Minh Khoa').uncheck();
    await page.getByRole('button', { name: 'Phân công', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Chọn ít nhất một người xử lý.' }).waitFor();
    expect(await page.getByLabel('Hạn xử lý').inputValue()).to.equal('2026-03-05');
    await page.getByLabel('Đặng Minh Khoa').check();
    await page.getByRole('button', { name: 'Phân công', exact: true }).click();
    await status('Đã phân công 1 người xử lý, hạn xử lý 05/03/2026.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('05 Đang xử lý');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Signature check' }).waitFor();
    expect(await page.locator('.lead.badges').textContent())
      .to.contain('05 Assigned, in progress')
      .and.contain('Valid');
    expect(await page.getByRole('region', { name: 'History' }).textContent()).to.contain(
      'Accepted and registered',
    );
    await menu().filter({ hasText: 'Incoming' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incoming documents' }).waitFor();
    const row = page.locator('#inbox-results tbody tr', { hasText: SUBJECT });
    expect(await row.textContent())
      .to.contain('Urgent (Khẩn)')
      .and.contain('Valid');
    expect(await page.locator('#inbox-results thead').textContent()).to.contain('Signatures');
    await shot('inbox-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();
  });

  it('flags the specialist’s assignment overdue past its deadline, and completes it with a note', async () => {
    b.state.clock.set(new Date('2026-03-06T10:00:00+07:00'));
    times['06'] = b.state.clock.now();
    await logIn('tl.specialist');
    expect(await menu().allTextContents()).to.not.include.members(['Trình ký', 'Vào số, đóng dấu']);
    await menu().filter({ hasText: 'Phân công, hạn xử lý' }).click();
    const mine = page.getByRole('region', { name: 'Việc được giao cho tôi' });
    const row = mine.locator('tbody tr', { hasText: SUBJECT });
    await row.waitFor();
    expect(await row.getAttribute('class')).to.contain('row-overdue');
    expect(await row.textContent()).to.contain('Quá hạn');
    await row.getByRole('link', { name: SUBJECT }).click();
    await page.getByLabel('Kết quả xử lý').fill('Đã xây dựng kế hoạch diễn tập của xã, gửi kèm báo cáo.');
    await page.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
    await status('Đã hoàn thành xử lý (Trễ hạn).').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('06 Hoàn thành');
  });

  it('shows the sender’s outbox the commune’s statuses 01 → 03 → 04 → 05 → 06 with their times', async () => {
    b.state.clock.advance(60 * 60_000);
    await logIn('bl.specialist');
    await menu().filter({ hasText: 'Văn bản đi' }).click();
    await page.getByRole('link', { name: SUBJECT }).click();
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.waitFor();
    await page.getByRole('button', { name: 'Làm mới' }).click();
    await page.getByText(/^Cập nhật lúc /).waitFor();
    await row.locator('ol.events li[data-code="06"]').waitFor();
    const events = row.locator('ol.events li');
    expect(await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).to.deep.equal([
      '01',
      '03',
      '04',
      '05',
      '06',
    ]);
    const at = await events.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(at.map((a) => new Date(a!).getTime())).to.deep.equal(
      ['01', '03', '04', '05', '06'].map((c) => times[c]!.getTime()),
    );
    const texts = await events.allTextContents();
    expect(texts[0]).to.match(/^01 Đã đến — /);
    expect(texts[4]).to.match(/^06 Hoàn thành — /);
    for (const [i, code] of ['01', '03', '04', '05', '06'].entries()) {
      expect(texts[i]).to.contain(hhmm(times[code]!));
    }
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).to.contain('06 Hoàn thành');
    expect(cells[2]).to.equal('1');
    expect(cells[5]).to.equal('05/03/2026');
    expect(cells[6]).to.equal('Trễ hạn');
    await shot('outbox-tracking');

    // On a phone the page does not scroll sideways: the tracking table scrolls inside its card.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Làm mới' }).click();
    await row.waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
      table: document.querySelector('table.tracking')!.scrollWidth,
    }));
    expect(widths.page).to.be.at.most(widths.view);
    expect(widths.table).to.be.greaterThan(widths.view);
    await shot('outbox-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('loaded every script and style under the strict CSP, with nothing leaving loopback', () => {
    expect(b.problems).to.deep.equal([]);
  });
});

/** "09:35" of an instant in Vietnam time. */
function hhmm(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return `${String(v.getUTCHours()).padStart(2, '0')}:${String(v.getUTCMinutes()).padStart(2, '0')}`;
}
