import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { uploadPdf } from './signing/signing-app';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';
import { PASSWORD } from './support/world';

const SUBJECT = 'Về việc tổ chức diễn tập phòng, chống thiên tai năm 2026';
const COMMUNE = 'Ủy ban nhân dân xã Thạnh Lợi';

/**
 * The incoming pages of the React app (served at /) in headless Chromium: documents reach the commune
 * through the API (drafted, signed, numbered, sealed and sent by the district; the job worker checks
 * the signatures on arrival); each incoming step is clicks and typing. The commune clerk sees the
 * urgent arrival and the verdict per signature (the page follows the job while it is pending),
 * registers and forwards it; the leader assigns with a deadline (nobody chosen is said first) and the
 * pages switch to English and back; the specialist sees the assignment overdue and completes it
 * (Trễ hạn); the sender's outbox shows 01 → 03 → 04 → 05 → 06 with the server's times, the deadline
 * and the handling result, and scrolls the tracking table inside its card at 390 px. Then a search
 * without diacritics and a refusal (02 and the reason seen by the sender), the recall filter and a
 * recall accepted (15), and the PDF previewed in the review, seal and incoming pages (only an inline
 * PDF may be framed, by this origin only). axe-core on every page in both languages. Took over the
 * incoming parts of the old app's documents.e2e and documents-actions.e2e tests.
 */
describe('incoming pages of the React app in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  /** Server times of the commune's status changes, in order. */
  const times: Record<string, Date> = {};

  before(async () => {
    ensureWebBuild();
    b = await startDocumentsBrowser(t.db);
    page = b.page;
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  const url = (hash = '') => `${b.app.baseUrl}${WEB_APP}${hash}`;
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
  const menuLink = (name: string) =>
    page
      .getByRole('navigation', { name: /Điều hướng chính|Main navigation/ })
      .getByRole('link', { name, exact: true });
  const badges = () => page.locator('.lead.badges').textContent();

  async function logIn(username: string) {
    if (await page.getByRole('button', { name: 'Đăng xuất' }).count()) {
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
    } else await page.goto(url());
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  }

  const api = async (user: string, method: string, p: string, json?: unknown, pin?: string) => {
    const r = await b.app.json(method, p, {
      token: await b.token(user),
      json,
      headers: pin ? { 'x-signing-pin': pin } : {},
    });
    expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)}`).to.be.within(200, 201);
    return r.body;
  };

  /** Drafted and submitted for review by the district's specialist, through the API. */
  async function submitted(subject: string, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
    const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
    const doc = await api('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject,
      recipients: [{ kind: 'unit', unitId: b.world.child }],
      signerUserId: b.world.users.leader.id,
      fileId,
      ...extra,
    });
    await api('bl.specialist', 'POST', `/api/outgoing/${doc.id}/submit`, {});
    return doc;
  }

  /** Drafted, submitted, signed, numbered, sealed and sent to the commune by the district, through the API. */
  async function sent(subject: string, extra: Record<string, unknown> = {}): Promise<string> {
    const doc = await submitted(subject, extra);
    const leader = (await api('bl.leader', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'user',
    );
    await api('bl.leader', 'POST', `/api/outgoing/${doc.id}/sign`, { credentialId: leader.id }, '123456');
    const seal = (await api('bl.clerk', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    await api(
      'bl.clerk',
      'POST',
      `/api/outgoing/${doc.id}/number-and-seal`,
      { credentialId: seal.id },
      '123456',
    );
    await api('bl.clerk', 'POST', `/api/outgoing/${doc.id}/send`);
    return doc.id;
  }
  const incomingOf = async (outgoingId: string): Promise<string> =>
    (await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [outgoingId]))[0].id;

  let outgoingId = '';

  it('shows the commune clerk the urgent arrival with the verdict per signature, and registers and forwards it', async () => {
    b.state.clock.advance(30 * 60_000);
    // The sender's deadline (hạn xử lý) travels with it: shown to the commune, measured by the tracking.
    outgoingId = await sent(SUBJECT, { urgency: 'urgent', dueDate: '2026-03-04' });
    times['01'] = b.state.clock.now();
    b.state.clock.advance(15 * 60_000);

    await logIn('tl.clerk');
    await menuLink('Văn bản đến').click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();
    const row = page.locator('#inbox-results tbody tr', { hasText: SUBJECT });
    await row.waitFor();
    expect(await row.getAttribute('class')).to.contain('row-urgent');
    expect(await row.textContent())
      .to.contain('Khẩn')
      .and.contain('01/QĐ-UBND')
      .and.contain('01 Đã đến')
      .and.contain('04/03/2026');
    expect(await page.locator('#inbox-results thead').textContent()).to.contain('Hạn xử lý của nơi gửi');
    // The counters: one waiting, urgent.
    const counters = page.getByRole('list', { name: 'Số lượng văn bản đến' });
    expect(await counters.getByRole('link', { name: /Khẩn, chờ tiếp nhận/ }).textContent()).to.equal(
      '1 Khẩn, chờ tiếp nhận',
    );
    await expectAccessible(page, 'inbox (vi)');

    await row.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    // The page follows the job worker until the verdict is in.
    const verdict = page.getByRole('region', { name: 'Kiểm tra chữ ký số' });
    await verdict.locator('.verdict-summary', { hasText: 'Hợp lệ' }).waitFor({ timeout: 60_000 });
    const signatures = await verdict.locator('tbody tr').allTextContents();
    expect(signatures.some((s) => s.includes('Trần Văn Đức') && s.includes('Hợp lệ'))).to.equal(true);
    expect(
      signatures.some((s) => s.includes('Ủy ban nhân dân huyện Bến Lức') && s.includes('Hợp lệ')),
    ).to.equal(true);
    // Claimed signing times come from the API as ISO 8601 and show in Vietnam time, never as a PDF date.
    const [signed] = await t.db.query(
      `SELECT v.created_at FROM document_versions v WHERE v.document_id = $1 AND v.step = 'signed'`,
      [outgoingId],
    );
    const shown = vietnamTime(new Date(signed.created_at));
    expect(
      signatures.some((s) => s.includes('Trần Văn Đức') && s.includes(shown)),
      `${shown} in ${signatures.join(' | ')}`,
    ).to.equal(true);
    expect(signatures.join(' ')).to.not.contain('D:20');
    expect(await badges()).to.contain('Hợp lệ');
    await expectAccessible(page, 'incoming document (vi)');
    await b.shot('next-incoming-verdict');

    times['03'] = b.state.clock.now();
    await page.getByRole('button', { name: 'Tiếp nhận, vào sổ', exact: true }).click();
    await status('Đã vào sổ văn bản đến số 01/2026.').waitFor();
    expect(await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent())
      .to.contain('Số đến 01/2026')
      .and.contain('Hạn xử lý của nơi gửi04/03/2026');
    b.state.clock.advance(5 * 60_000);
    times['04'] = b.state.clock.now();
    await page.getByRole('button', { name: 'Trình lãnh đạo phân công' }).click();
    await status('Đã trình lãnh đạo phân công.').waitFor();
    expect(await badges()).to.contain('04 Chờ phân công');
  });

  it('lets the commune leader assign a specialist with a deadline, and switches these pages to English', async () => {
    b.state.clock.advance(30 * 60_000);
    await logIn('tl.leader');
    await menuLink('Phân công, hạn xử lý').click();
    const awaiting = page.getByRole('region', { name: 'Chờ phân công' });
    await awaiting.getByRole('link', { name: SUBJECT }).waitFor();
    await expectAccessible(page, 'assignments, leader (vi)');
    await awaiting.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    times['05'] = b.state.clock.now();
    const assign = page.getByRole('form', { name: 'Phân công xử lý' });
    await assign.getByLabel('Đặng Minh Khoa').check();
    // The deadline is typed; assigning without a person first says what is missing.
    await assign.getByLabel('Hạn xử lý').fill('2026-03-05');
    await assign.getByLabel('Đặng Minh Khoa').uncheck();
    await assign.getByRole('button', { name: 'Phân công', exact: true }).click();
    await assign.getByRole('alert').filter({ hasText: 'Chọn ít nhất một người xử lý.' }).waitFor();
    expect(await assign.getByLabel('Hạn xử lý').inputValue()).to.equal('2026-03-05');
    await expectAccessible(page, 'assign (vi)');
    await assign.getByLabel('Đặng Minh Khoa').check();
    await assign.getByRole('button', { name: 'Phân công', exact: true }).click();
    await status('Đã phân công 1 người xử lý, hạn xử lý 05/03/2026.').waitFor();
    expect(await badges()).to.contain('05 Đang xử lý');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Signature check' }).waitFor();
    expect(await badges())
      .to.contain('05 Assigned, in progress')
      .and.contain('Valid');
    expect(await page.getByRole('region', { name: 'History' }).textContent()).to.contain(
      'Accepted and registered',
    );
    await expectAccessible(page, 'incoming document (en)');
    await menuLink('Assignments and deadlines').click();
    await page.getByRole('heading', { level: 1, name: 'Assignments and deadlines' }).waitFor();
    await page.getByRole('region', { name: 'In progress' }).getByRole('link', { name: SUBJECT }).waitFor();
    await expectAccessible(page, 'assignments, leader (en)');
    await menuLink('Incoming').click();
    await page.getByRole('heading', { level: 1, name: 'Incoming documents' }).waitFor();
    const row = page.locator('#inbox-results tbody tr', { hasText: SUBJECT });
    await row.waitFor();
    expect(await row.textContent())
      .to.contain('Urgent')
      .and.contain('Valid')
      .and.contain('05 Assigned, in progress');
    expect(await page.locator('#inbox-results thead').textContent())
      .to.contain('Signatures')
      .and.contain("Sender's deadline");
    await expectAccessible(page, 'inbox (en)');
    await b.shot('next-inbox-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đến' }).waitFor();

    // On a phone the page does not scroll sideways: the inbox table scrolls inside its wrapper.
    await page.setViewportSize({ width: 390, height: 844 });
    await row.waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
      table: document.querySelector('#inbox-results table')!.scrollWidth,
    }));
    expect(widths.page).to.be.at.most(widths.view);
    expect(widths.table).to.be.greaterThan(widths.view);
    await expectAccessible(page, 'inbox at 390 px (vi)');
    await b.shot('next-inbox-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('flags the specialist’s assignment overdue past its deadline, and completes it with a note', async () => {
    b.state.clock.set(new Date('2026-03-06T10:00:00+07:00'));
    times['06'] = b.state.clock.now();
    await logIn('tl.specialist');
    const entries = await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link')
      .allTextContents();
    expect(entries)
      .to.include('Phân công, hạn xử lý')
      .and.not.include.members(['Trình ký', 'Vào số, đóng dấu']);
    await menuLink('Phân công, hạn xử lý').click();
    const mine = page.getByRole('region', { name: 'Việc được giao cho tôi' });
    const row = mine.locator('tbody tr', { hasText: SUBJECT });
    await row.waitFor();
    expect(await row.getAttribute('class')).to.contain('row-overdue');
    expect(await row.textContent()).to.contain('05/03/2026 Quá hạn');
    await expectAccessible(page, 'assignments, specialist (vi)');
    await row.getByRole('link', { name: SUBJECT }).click();
    const complete = page.getByRole('form', { name: 'Hoàn thành xử lý' });
    await complete.getByText('Hạn xử lý: 05/03/2026.').waitFor();
    await complete.getByLabel('Kết quả xử lý').fill('Đã xây dựng kế hoạch diễn tập của xã, gửi kèm báo cáo.');
    await complete.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
    await status('Đã hoàn thành xử lý (Trễ hạn).').waitFor();
    expect(await badges()).to.contain('06 Hoàn thành');
    const history = page.getByRole('region', { name: 'Diễn biến xử lý' }).locator('ol.events li');
    expect(await history.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).to.deep.equal([
      '01',
      '03',
      '04',
      '05',
      '06',
    ]);
    expect(await history.last().textContent()).to.contain('Đã xây dựng kế hoạch diễn tập của xã');
    await expectAccessible(page, 'completed (vi)');
  });

  it('shows the sender’s outbox the commune’s statuses 01 → 03 → 04 → 05 → 06 with their times', async () => {
    b.state.clock.advance(60 * 60_000);
    await logIn('bl.specialist');
    await menuLink('Văn bản đi').click();
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
      expect(texts[i]).to.contain(vietnamTime(times[code]!));
    }
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).to.contain('06 Hoàn thành');
    // The incoming number as Decree 30 writes it (incomingNumberText).
    expect(cells[2]).to.equal('01');
    expect(cells[5]).to.equal('05/03/2026');
    expect(cells[6]).to.equal('Trễ hạn');
    expect(await page.getByRole('region', { name: 'Theo dõi nơi nhận' }).textContent()).to.contain(
      'Hạn xử lý đề nghị nơi nhận: 04/03/2026',
    );
    await expectAccessible(page, 'outbox document, completed (vi)');
    await b.shot('next-outbox-tracking');

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
    await b.shot('next-outbox-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('finds an arrival typed without diacritics and refuses it with a reason; the sender sees 02', async () => {
    const subject = 'Về việc di dời dân cư khỏi vùng sạt lở';
    const id = await sent(subject);
    await logIn('tl.clerk');
    await menuLink('Văn bản đến').click();
    await page.getByLabel('Số, ký hiệu hoặc trích yếu (có dấu hoặc không dấu)').fill('sat lo');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForFunction(() => location.hash.includes('q=sat'));
    const rows = page.locator('#inbox-results tbody tr');
    await rows.filter({ hasText: subject }).waitFor();
    expect(await rows.count()).to.equal(1);
    await rows.getByRole('link', { name: subject }).click();
    const refuse = page.getByRole('form', { name: 'Từ chối tiếp nhận' });
    await refuse.getByRole('button', { name: 'Từ chối tiếp nhận', exact: true }).click();
    await refuse.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Lý do từ chối.' }).waitFor();
    await refuse.getByLabel('Lý do từ chối').fill('Gửi nhầm địa chỉ');
    await expectAccessible(page, 'refuse (vi)');
    await refuse.getByRole('button', { name: 'Từ chối tiếp nhận', exact: true }).click();
    await status('Đã từ chối tiếp nhận văn bản.').waitFor();
    expect(await badges()).to.contain('02 Từ chối tiếp nhận');
    expect(await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent()).to.contain(
      'Lý do từ chốiGửi nhầm địa chỉ',
    );

    await logIn('bl.clerk');
    await page.goto(url(`#/outbox/${id}`));
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.locator('ol.events li[data-code="02"]').waitFor();
    expect(await row.locator('td').nth(1).textContent())
      .to.contain('02 Từ chối tiếp nhận')
      .and.contain('Lý do từ chối: Gửi nhầm địa chỉ');
  });

  it('filters the recall requests; the commune clerk accepts the recall and the sender sees 15', async () => {
    const subject = 'Về việc tạm dừng thu phí chợ';
    const id = await sent(subject);
    await api('tl.clerk', 'POST', `/api/incoming/${await incomingOf(id)}/register`);
    await api('bl.clerk', 'POST', `/api/outgoing/${id}/recall`, { reason: 'Sai thể thức văn bản' });

    await logIn('tl.clerk');
    await menuLink('Văn bản đến').click();
    await page.getByLabel('Có yêu cầu thu hồi').check();
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForFunction(() => location.hash.includes('recall=1'));
    const row = page.locator('#inbox-results tbody tr', { hasText: subject });
    await row.waitFor();
    expect(await page.locator('#inbox-results tbody tr').count()).to.equal(1);
    expect(await row.textContent()).to.contain('Yêu cầu thu hồi');
    await row.getByRole('link', { name: subject }).click();
    await page.getByText('Nơi gửi yêu cầu thu hồi văn bản này. Lý do: Sai thể thức văn bản').waitFor();
    const answer = page.getByRole('region', { name: 'Trả lời yêu cầu thu hồi' });
    await answer.getByRole('button', { name: 'Từ chối thu hồi' }).click();
    await answer.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Ý kiến.' }).waitFor();
    await expectAccessible(page, 'recall answer (vi)');
    await answer.getByRole('button', { name: 'Đồng ý thu hồi' }).click();
    await status('Đã đồng ý thu hồi (15).').waitFor();

    await logIn('bl.clerk');
    await page.goto(url(`#/outbox/${id}`));
    const tracked = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await tracked.locator('ol.events li[data-code="15"]').waitFor();
    expect(await tracked.locator('td').nth(1).textContent())
      .to.contain('03 Đã tiếp nhận, vào sổ')
      .and.contain('15 Đồng ý thu hồi');
  });

  it('offers no numbering to a signed document without recipients; the clerk sets them (PUT …/recipients), then numbers it', async () => {
    const subject = 'Về việc bổ sung nơi nhận trước khi vào số';
    const doc = await submitted(subject, { recipients: [] });
    const leader = (await api('bl.leader', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'user',
    );
    await api('bl.leader', 'POST', `/api/outgoing/${doc.id}/sign`, { credentialId: leader.id }, '123456');
    await logIn('bl.clerk');
    await page.goto(url(`#/seal/${doc.id}`));
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    // Without recipients numbering is not offered (the API would answer RECIPIENTS_EMPTY); the
    // clerk's recipients form is.
    const recipients = page.getByRole('form', { name: 'Nơi nhận' });
    await recipients.waitFor();
    expect(await page.getByRole('button', { name: 'Vào số và đóng dấu', exact: true }).count()).to.equal(0);
    const number = async () =>
      (await t.db.query(`SELECT number FROM outgoing_documents WHERE id = $1`, [doc.id]))[0].number;
    expect(await number()).to.equal(null);

    await recipients.getByLabel('Tên hoặc mã định danh (có dấu hoặc không dấu)').fill('thanh loi');
    await recipients.getByLabel('Tên hoặc mã định danh (có dấu hoặc không dấu)').press('Enter');
    await recipients.getByRole('button', { name: `Thêm nơi nhận: ${COMMUNE}` }).click();
    await expectAccessible(page, 'set recipients (vi)');
    await recipients.getByRole('button', { name: 'Lưu nơi nhận' }).click();
    await status('Đã lưu nơi nhận.').waitFor();
    await page.getByRole('region', { name: 'Thông tin văn bản' }).getByText(COMMUNE).waitFor();
    await page.getByLabel(/Mã PIN/).fill('123456');
    await page.getByRole('button', { name: 'Vào số và đóng dấu', exact: true }).click();
    await status(/^Đã cấp số /).waitFor();
    expect(await number()).to.be.a('number');
  });

  it('previews the PDF inside the review, seal and incoming pages; only inline PDFs may be framed, by this origin', async () => {
    const reviewed = (await submitted('Về việc xem trước văn bản trình ký')).id;
    const subject = 'Về việc xem trước văn bản đã phát hành';
    const issued = await sent(subject);
    const incoming = await incomingOf(issued);

    // Headers: an inline PDF allows framing by this origin only; a download, the API and the app allow none.
    const token = await b.token('bl.leader');
    const inline = await b.app.json('GET', `/api/outgoing/${reviewed}/pdf?disposition=inline`, { token });
    expect([inline.status, inline.headers.get('content-type')]).to.deep.equal([200, 'application/pdf']);
    expect(inline.headers.get('content-security-policy')).to.equal("frame-ancestors 'self'");
    expect(inline.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    for (const p of [`/api/outgoing/${reviewed}/pdf`, `/api/outgoing/${reviewed}`, '/', WEB_APP]) {
      const r = await b.app.json('GET', p, { token });
      expect(r.headers.get('content-security-policy'), p).to.contain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), p).to.equal('DENY');
    }
    const shell = await b.app.json('GET', WEB_APP);
    expect(shell.status).to.equal(200);
    expect(shell.headers.get('content-security-policy'))
      .to.contain("frame-src 'self'")
      .and.contain("object-src 'none'");
    const clerkToken = await b.token('tl.clerk');
    const incomingPdf = await b.app.json('GET', `/api/incoming/${incoming}/pdf?disposition=inline`, {
      token: clerkToken,
    });
    expect(incomingPdf.headers.get('content-security-policy')).to.equal("frame-ancestors 'self'");
    const incomingDownload = await b.app.json('GET', `/api/incoming/${incoming}/pdf`, { token: clerkToken });
    expect(incomingDownload.headers.get('x-frame-options')).to.equal('DENY');

    /** The preview frame of the page: its title, and that the PDF loaded in it (not blocked). */
    const preview = async (hash: string, title: string, pdf: RegExp) => {
      const answered = page.waitForResponse((r) => pdf.test(r.url()));
      await page.goto(url(hash));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const frame = page.locator('iframe.pdf-preview');
      expect(await frame.getAttribute('title')).to.equal(`Xem trước văn bản: ${title}`);
      const response = await answered;
      expect([response.status(), response.headers()['content-type']]).to.deep.equal([200, 'application/pdf']);
      const loaded = await (await frame.elementHandle())!.contentFrame();
      expect(loaded!.url()).to.equal(response.url()); // a blocked frame shows chrome-error:// instead
      // The link to open it in a new tab stays.
      expect(
        await page
          .getByRole('link', { name: `Xem PDF ${title}` })
          .first()
          .getAttribute('href'),
      ).to.match(/\/pdf\?disposition=inline$/);
    };
    await logIn('bl.leader');
    await preview(
      `#/review/${reviewed}`,
      'Về việc xem trước văn bản trình ký',
      new RegExp(`/api/outgoing/${reviewed}/pdf\\?disposition=inline`),
    );
    await b.shot('next-review-preview');
    await logIn('bl.clerk');
    await preview(
      `#/seal/${issued}`,
      subject,
      new RegExp(`/api/outgoing/${issued}/pdf\\?disposition=inline`),
    );
    await logIn('tl.clerk');
    await preview(
      `#/inbox/${incoming}`,
      subject,
      new RegExp(`/api/incoming/${incoming}/pdf\\?disposition=inline`),
    );
    await b.shot('next-incoming-preview');

    // A response that is not an inline PDF (here the API's JSON of the same document) cannot be framed,
    // even by this origin: Chromium refuses it (frame-ancestors 'none') and shows its error page instead.
    const before = b.problems.length;
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.name = 'probe';
      f.title = 'probe';
      f.src = src;
      document.body.append(f);
    }, `/api/incoming/${incoming}`);
    const probe = await (await page.locator('iframe[name="probe"]').elementHandle())!.contentFrame();
    await probe!.waitForURL(/^chrome-error:/, { waitUntil: 'commit' }).catch((e: Error) => {
      // When Playwright sees the refused navigation before the error page commits, it rejects with
      // the refusal itself: the same outcome, seen from the other side.
      if (!/net::ERR_BLOCKED_BY_RESPONSE/.test(e.message)) throw e;
    });
    // Chromium's console message may come a moment after the navigation ends.
    for (let waited = 0; b.problems.length === before && waited < 10_000; waited += 50)
      await page.waitForTimeout(50);
    const logged = b.problems.splice(before);
    expect(logged, 'Chromium says why').to.have.length.greaterThan(0);
    expect(logged.filter((p) => !/Framing .* violates .*frame-ancestors 'none'/.test(p))).to.deep.equal([]);
  });
});

/** `dd/mm/yyyy HH:mm` of an instant in Vietnam's time (UTC+7, no daylight saving). */
function vietnamTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;
}
