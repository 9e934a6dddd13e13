import { expect } from 'chai';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readPkcs12 } from '../../signing/pki/read-pkcs12';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { uploadPdf } from './signing/signing-app';
import { onePager, startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

const COMMUNE = 'Ủy ban nhân dân xã Thạnh Lợi';

/**
 * The document pages' other actions in headless Chromium: returning a draft with a comment and
 * resubmitting a revised PDF, registering a paper document with its scan, refusing an arrival (02) and
 * recalling an issued document (13 → 15), each seen on the other side. Documents reach the state a
 * step needs through the API; the step itself is clicks and typing.
 */
describe('document pages in Chromium: return, paper, refusal and recall', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
  });
  after(async () => b?.close());

  const api = async (user: string, method: string, p: string, json?: unknown, pin?: string) => {
    const r = await b.app.json(method, p, {
      token: await b.token(user),
      json,
      headers: pin ? { 'x-signing-pin': pin } : {},
    });
    expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)}`).to.be.within(200, 201);
    return r.body;
  };

  /** A draft of the district submitted for review, through the API. */
  async function submitted(subject: string): Promise<string> {
    const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
    const doc = await api('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject,
      recipients: [{ kind: 'unit', unitId: b.world.child }],
      fileId,
    });
    await api('bl.specialist', 'POST', `/api/outgoing/${doc.id}/submit`, {});
    return doc.id;
  }

  /** Submitted, signed, numbered, sealed and sent to the commune, through the API. */
  async function sent(subject: string): Promise<string> {
    const id = await submitted(subject);
    const leader = (await api('bl.leader', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'user',
    );
    await api('bl.leader', 'POST', `/api/outgoing/${id}/sign`, { credentialId: leader.id }, '123456');
    const seal = (await api('bl.clerk', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    await api('bl.clerk', 'POST', `/api/outgoing/${id}/number-and-seal`, { credentialId: seal.id }, '123456');
    await api('bl.clerk', 'POST', `/api/outgoing/${id}/send`);
    return id;
  }

  const incomingOf = async (outgoingId: string): Promise<string> =>
    (await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [outgoingId]))[0].id;

  it('returns a draft with the leader’s comment, which the drafter sees and answers with a revised PDF', async () => {
    const subject = 'Về việc rà soát hộ nghèo năm 2026';
    await submitted(subject);
    await b.logIn('bl.leader');
    await b.menu().filter({ hasText: 'Trình ký' }).click();
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Ý kiến chỉ đạo.' }).waitFor();
    await page.getByLabel('Ý kiến chỉ đạo').fill('Bổ sung căn cứ pháp lý');
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await b.status('Đã trả lại dự thảo cho người soạn.').waitFor();
    await page.getByText('Không có văn bản nào chờ ký.').waitFor();

    await b.logIn('bl.specialist');
    await b.menu().filter({ hasText: 'Dự thảo' }).click();
    const row = page.locator('tr.row-returned', { hasText: subject });
    await row.waitFor();
    expect(await row.textContent())
      .to.contain('Bị trả lại')
      .and.contain('Bổ sung căn cứ pháp lý');
    await row.getByRole('link', { name: subject }).click();
    expect(await page.getByRole('note').textContent()).to.equal(
      'Ý kiến của lãnh đạo: Bổ sung căn cứ pháp lý',
    );
    await b.dropPdf('Tệp PDF đã sửa (nếu có)', 'Dự thảo sửa.pdf', await onePager('Du thao da sua'));
    await page.locator('.file-name', { hasText: 'Dự thảo sửa.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Trình ký', exact: true }).click();
    await b.status('Đã trình lãnh đạo ký.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đang trình ký');
    expect(await page.locator('details.versions summary').textContent()).to.equal('Các phiên bản (2)');
    const steps = await page.locator('details.versions tbody tr td:nth-child(2)').allTextContents();
    expect(steps).to.deep.equal(['Dự thảo', 'Dự thảo sửa']);
  });

  it('registers a paper document with its scan and shows its number; a classified draft carries the legal note', async () => {
    await b.logIn('bl.clerk');
    await b.menu().filter({ hasText: 'Vào số, đóng dấu' }).click();
    await page.getByRole('link', { name: 'Đăng ký văn bản giấy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký văn bản giấy' }).waitFor();
    await b.dropPdf('Bản quét (PDF)', 'Bản quét.pdf', await onePager('Ban quet van ban giay'));
    await page.getByRole('combobox', { name: 'Loại văn bản', exact: true }).fill('Công văn');
    await page.getByLabel('Ký hiệu').fill('UBND-VP');
    await page.getByLabel('Trích yếu nội dung').fill('Về việc mời họp giao ban tháng 3');
    await page.getByLabel('Độ mật').selectOption({ label: 'Mật' });
    await page.getByText('Văn bản mật không được gửi qua mạng').waitFor();
    await page.getByLabel('Độ mật').selectOption({ label: 'Không mật' });
    await page.getByRole('button', { name: 'Đăng ký và cấp số' }).click();
    await b.status('Đã đăng ký văn bản giấy số 1/UBND-VP.').waitFor();
    const info = page.getByRole('region', { name: 'Thông tin văn bản' });
    expect(await info.textContent())
      .to.contain('Bản giấy')
      .and.contain('1/UBND-VP');
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đã phát hành');
  });

  it('lets the commune clerk find an arrival typed without diacritics and refuse it with a reason, which the sender sees (02)', async () => {
    const subject = 'Về việc di dời dân cư khỏi vùng sạt lở';
    const id = await sent(subject);
    await b.logIn('tl.clerk');
    await b.menu().filter({ hasText: 'Văn bản đến' }).click();
    await page.getByLabel('Số, ký hiệu hoặc trích yếu (có dấu hoặc không dấu)').fill('sat lo');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForFunction(() => location.hash.includes('q=sat'));
    const rows = page.locator('#inbox-results tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(1);
    await rows.getByRole('link', { name: subject }).click();
    await page.getByRole('button', { name: 'Từ chối tiếp nhận', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Lý do từ chối.' }).waitFor();
    await page.getByLabel('Lý do từ chối').fill('Gửi nhầm địa chỉ');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận', exact: true }).click();
    await b.status('Đã từ chối tiếp nhận văn bản.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('02 Từ chối tiếp nhận');

    await b.logIn('bl.clerk');
    await b.menu().filter({ hasText: 'Văn bản đi' }).click();
    await page.locator(`a[href="#/outbox/${id}"]`).click();
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent())
      .to.contain('02 Từ chối tiếp nhận')
      .and.contain('Lý do từ chối: Gửi nhầm địa chỉ');
  });

  it('recalls an issued document with a reason; the commune clerk accepts the recall and the sender sees 15', async () => {
    const subject = 'Về việc tạm dừng thu phí chợ';
    const id = await sent(subject);
    await api('tl.clerk', 'POST', `/api/incoming/${await incomingOf(id)}/register`);
    await b.logIn('bl.clerk');
    await b.menu().filter({ hasText: 'Văn bản đi' }).click();
    await page.locator(`a[href="#/outbox/${id}"]`).click();
    await page.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Lý do thu hồi.' }).waitFor();
    await page.getByLabel('Lý do thu hồi').fill('Sai thể thức văn bản');
    await page.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await b.status('Đã gửi yêu cầu thu hồi đến 1 nơi nhận.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đã thu hồi');

    await b.logIn('tl.clerk');
    await b.menu().filter({ hasText: 'Văn bản đến' }).click();
    await page.getByLabel('Có yêu cầu thu hồi').check();
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForFunction(() => location.hash.includes('recall=1'));
    const row = page.locator('#inbox-results tbody tr', { hasText: subject });
    await row.waitFor();
    expect(await page.locator('#inbox-results tbody tr').count()).to.equal(1);
    expect(await row.textContent()).to.contain('Yêu cầu thu hồi');
    await row.getByRole('link', { name: subject }).click();
    await page.getByText('Nơi gửi yêu cầu thu hồi văn bản này. Lý do: Sai thể thức văn bản').waitFor();
    await page.getByRole('button', { name: 'Đồng ý thu hồi' }).click();
    await b.status('Đã đồng ý thu hồi (15).').waitFor();

    await b.logIn('bl.clerk');
    await b.menu().filter({ hasText: 'Văn bản đi' }).click();
    await page.locator(`a[href="#/outbox/${id}"]`).click();
    const tracked = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await tracked.waitFor();
    expect(await tracked.locator('td').nth(1).textContent())
      .to.contain('03 Đã tiếp nhận, vào sổ')
      .and.contain('15 Đồng ý thu hồi');
    await b.shot('recall-tracking');
  });

  it('previews the PDF inside the review, seal and incoming pages; only inline PDFs may be framed, by this origin', async () => {
    const reviewed = await submitted('Về việc xem trước văn bản trình ký');
    const issued = await sent('Về việc xem trước văn bản đã phát hành');
    const incoming = await incomingOf(issued);

    // Headers: an inline PDF allows framing by this origin only; a download and the API allow none.
    const token = await b.token('bl.leader');
    const inline = await b.app.json('GET', `/api/outgoing/${reviewed}/pdf?disposition=inline`, { token });
    expect([inline.status, inline.headers.get('content-type')]).to.deep.equal([200, 'application/pdf']);
    expect(inline.headers.get('content-security-policy')).to.equal("frame-ancestors 'self'");
    expect(inline.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    for (const p of [`/api/outgoing/${reviewed}/pdf`, `/api/outgoing/${reviewed}`, '/']) {
      const r = await b.app.json('GET', p, { token });
      expect(r.headers.get('content-security-policy'), p).to.contain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), p).to.equal('DENY');
    }
    const shell = await b.app.json('GET', '/');
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
    const preview = async (hash: string, subject: string) => {
      const answered = page.waitForResponse((r) => r.url().includes('/pdf?disposition=inline'));
      await page.goto(`${b.app.baseUrl}/${hash}`);
      await page.getByRole('heading', { level: 1, name: subject }).waitFor();
      const frame = page.locator('iframe.pdf-preview');
      expect(await frame.getAttribute('title')).to.equal(`Xem trước văn bản: ${subject}`);
      const response = await answered;
      expect([response.status(), response.headers()['content-type']]).to.deep.equal([200, 'application/pdf']);
      const loaded = await (await frame.elementHandle())!.contentFrame();
      expect(loaded!.url()).to.equal(response.url()); // a blocked frame shows chrome-error:// instead
      // The link to open it in a new tab stays.
      expect(
        await page
          .getByRole('link', { name: `Xem PDF ${subject}` })
          .first()
          .getAttribute('href'),
      ).to.match(/\/pdf\?disposition=inline$/);
    };
    await b.logIn('bl.leader');
    await preview(`#/review/${reviewed}`, 'Về việc xem trước văn bản trình ký');
    await b.shot('review-preview');
    await b.logIn('bl.clerk');
    await preview(`#/seal/${issued}`, 'Về việc xem trước văn bản đã phát hành');
    await b.logIn('tl.clerk');
    await preview(`#/inbox/${incoming}`, 'Về việc xem trước văn bản đã phát hành');
    await b.shot('incoming-preview');

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

  it('updates an issued document from the outbox (subject, then a corrected PDF) and drafts its replacement', async () => {
    const subject = 'Về việc tổ chức hội nghị sơ kết quý I';
    const id = await sent(subject);
    const numberAndNotation = (
      await t.db.query(`SELECT number FROM outgoing_documents WHERE id = $1`, [id])
    )[0].number;
    await b.logIn('bl.clerk');
    await page.goto(`${b.app.baseUrl}/#/outbox/${id}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    // The clerk updates; replacing is for the unit's drafters.
    expect(await page.getByRole('form', { name: 'Thay thế văn bản' }).count()).to.equal(0);
    const update = page.getByRole('form', { name: 'Cập nhật văn bản đã gửi' });
    await update.getByLabel('Trích yếu nội dung').fill(`${subject} năm 2026`);
    await update.getByRole('button', { name: 'Gửi bản cập nhật' }).click();
    await update.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Lý do cập nhật.' }).waitFor();
    expect(await update.getByLabel('Trích yếu nội dung').inputValue()).to.equal(`${subject} năm 2026`);
    await update.getByLabel('Lý do cập nhật').fill('Bổ sung năm vào trích yếu');
    await update.getByRole('button', { name: 'Gửi bản cập nhật' }).click();
    await b.status('Đã gửi bản cập nhật lần 2 đến 1 nơi nhận.').waitFor();
    await page.getByRole('heading', { level: 1, name: `${subject} năm 2026` }).waitFor();
    const [copy] = await t.db.query(
      `SELECT subject, revision FROM incoming_documents WHERE outgoing_id = $1`,
      [id],
    );
    expect(copy).to.deep.equal({ subject: `${subject} năm 2026`, revision: 2 });
    await page.locator('table.tracking', { hasText: 'Đã nhận bản cập nhật' }).waitFor();

    // A corrected PDF, keeping the subject.
    fs.writeFileSync(path.join(b.files, 'Bản sửa.pdf'), await onePager('Ban sua: hoi nghi so ket quy I'));
    const again = page.getByRole('form', { name: 'Cập nhật văn bản đã gửi' });
    await again.getByLabel('Lý do cập nhật').fill('Sửa địa điểm hội nghị trong tệp');
    await again.getByLabel('Tệp PDF đã sửa (nếu thay tệp)').setInputFiles(path.join(b.files, 'Bản sửa.pdf'));
    await again.getByRole('button', { name: 'Gửi bản cập nhật' }).click();
    await b.status('Đã gửi bản cập nhật lần 3 đến 1 nơi nhận.').waitFor();
    const [doc] = await t.db.query(`SELECT pdf_sha256, revision FROM outgoing_documents WHERE id = $1`, [id]);
    const [incomingCopy] = await t.db.query(
      `SELECT pdf_sha256 FROM incoming_documents WHERE outgoing_id = $1`,
      [id],
    );
    expect([doc.revision, incomingCopy.pdf_sha256]).to.deep.equal([3, doc.pdf_sha256]);
    const notes = await t.db.query(
      `SELECT note FROM document_versions WHERE document_id = $1 AND step = 'updated' ORDER BY seq`,
      [id],
    );
    expect(notes.map((n: { note: string }) => n.note)).to.deep.equal([
      'Bổ sung năm vào trích yếu',
      'Sửa địa điểm hội nghị trong tệp',
    ]);

    // A drafter of the unit drafts the replacement from the same page, with the reason.
    await b.logIn('bl.specialist');
    await page.goto(`${b.app.baseUrl}/#/outbox/${id}`);
    await page.getByRole('heading', { level: 1, name: `${subject} năm 2026` }).waitFor();
    expect(await page.getByRole('form', { name: 'Cập nhật văn bản đã gửi' }).count()).to.equal(0);
    const replace = page.getByRole('form', { name: 'Thay thế văn bản' });
    await replace.getByLabel('Lý do thay thế').fill('Thay đổi thời gian tổ chức hội nghị');
    await replace.getByLabel('Tệp PDF văn bản thay thế').setInputFiles(path.join(b.files, 'Bản sửa.pdf'));
    await replace.getByRole('button', { name: 'Soạn văn bản thay thế' }).click();
    await b.status(`Đã tạo dự thảo thay thế văn bản ${numberAndNotation}/UBND-VP; hãy trình ký.`).waitFor();
    const [draft] = await t.db.query(
      `SELECT id, status, replaces_id, subject FROM outgoing_documents WHERE replaces_id = $1`,
      [id],
    );
    expect(draft).to.include({ status: 'draft', replaces_id: id, subject: `${subject} năm 2026` });
    await page.waitForURL(new RegExp(`#/drafts/${draft.id}$`));
    expect(await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent()).to.contain(
      'Thay thế văn bản',
    );
    const [drafted] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'DOCUMENT_DRAFTED' AND payload ->> 'documentId' = $1`,
      [draft.id],
    );
    expect(drafted.payload).to.include({
      replacesId: id,
      replaceReason: 'Thay đổi thời gian tổ chức hội nghị',
    });
  });

  it('signs in two steps with a key on the leader’s own device: the page shows the data to sign and takes the signature back', async () => {
    // The leader's key stays on a device: the server knows only its certificate (seeded by the admin).
    const issued = b.app.dev!.issue(
      [
        ['C', 'VN'],
        ['O', 'Ủy ban nhân dân huyện Bến Lức'],
        ['CN', 'Trần Văn Đức'],
      ],
      b.state.clock.now(),
    );
    const key = readPkcs12(issued.pkcs12, b.app.dev!.pin).key;
    await api('bl.admin', 'POST', '/api/signing/credentials', {
      kind: 'external',
      userId: b.world.users.leader.id,
      label: 'Khóa USB',
      certificatePem: issued.certificate.toPem() + issued.chain.map((c) => c.toPem()).join(''),
    });
    const subject = 'Về việc phân bổ kinh phí phòng chống dịch';
    await submitted(subject);
    await b.logIn('bl.leader');
    await b.menu().filter({ hasText: 'Trình ký' }).click();
    await page.getByRole('link', { name: subject }).click();
    const credential = page.getByLabel('Chứng thư số');
    await credential.waitFor();
    const external = (await credential.locator('option').allTextContents()).find((o) =>
      o.startsWith('Khóa USB'),
    )!;
    await credential.selectOption({ label: external });
    expect(await page.getByLabel('Mã PIN').isHidden()).to.equal(true);
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    const toBeSigned = await page.getByLabel('Dữ liệu cần ký (Base64)').inputValue();
    expect(Buffer.from(toBeSigned, 'base64')[0]).to.equal(0x31); // DER SET OF Attribute (RFC 5652 §5.4)

    // A signature over something else is refused with the API's message; the pasted value stays.
    const wrong = crypto.sign('sha256', Buffer.from('khác'), key).toString('base64');
    await page.getByLabel('Chữ ký (Base64)').fill(wrong);
    await page.getByRole('button', { name: 'Hoàn tất ký' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Chữ ký trả về không khớp với chứng thư số của người ký' })
      .waitFor();
    expect(await page.getByLabel('Chữ ký (Base64)').inputValue()).to.equal(wrong);
    expect(
      (await t.db.query(`SELECT status FROM outgoing_documents WHERE subject = $1`, [subject]))[0].status,
    ).to.equal('in_review');

    const signature = crypto.sign('sha256', Buffer.from(toBeSigned, 'base64'), key).toString('base64');
    await page.getByLabel('Chữ ký (Base64)').fill(signature);
    await page.getByRole('button', { name: 'Hoàn tất ký' }).click();
    await b.status(`Đã ký số văn bản “${subject}”`).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Lãnh đạo đã ký');
  });

  it('loaded every script and style under the strict CSP, with nothing leaving loopback', () => {
    expect(b.problems).to.deep.equal([]);
  });
});
