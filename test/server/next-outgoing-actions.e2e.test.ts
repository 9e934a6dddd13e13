import { expect } from 'chai';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readPkcs12 } from '../../signing/pki/read-pkcs12';
import { documentNumber } from '../../workflows/signing/document-number-text';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { uploadPdf } from './signing/signing-app';
import { expectAccessible } from './support/axe-check';
import { onePager, startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';
import { PASSWORD } from './support/world';

const COMMUNE = 'Ủy ban nhân dân xã Thạnh Lợi';
/** Chromium's built-in PDF viewer extension (the review and seal pages preview the PDF). */
const PDF_VIEWER = 'mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * The outgoing pages' other actions on the React app (served at /) in headless Chromium: returning a draft
 * with a comment and resubmitting a revised PDF, registering a paper document with its scan, recalling
 * an issued document (13, then the commune's 15 seen by the sender), updating it (subject, then a
 * corrected PDF) and drafting its replacement, two-step signing with a key kept on the leader's
 * device. Documents reach the state a step needs through the API; the step itself is clicks and
 * typing. Took over the outgoing parts of the old app's documents-actions.e2e test (removed with it).
 */
describe('outgoing pages of the React app: return, paper, recall, update, replace, two-step', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  const viewerErrors: string[] = [];

  before(async () => {
    ensureWebBuild();
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    page.on('pageerror', (e) => {
      if (e.stack?.includes(`chrome-extension://${PDF_VIEWER}/`))
        viewerErrors.push(`page error: ${e.message}`);
    });
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
  const status = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
  const menu = (name: string) =>
    page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name, exact: true });

  async function logIn(username: string) {
    if (await page.getByRole('button', { name: 'Đăng xuất' }).count())
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
    else await page.goto(url());
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

  /** `file` sealed by the district's clerk with the unit's seal (POST /api/signing/sign, role org). */
  async function sealedByClerk(file: string): Promise<Buffer> {
    const seal = (await api('bl.clerk', 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    const res = await b.app.fetch(
      `/api/signing/sign?${new URLSearchParams({ credentialId: seal.id, role: 'org', level: 'B-LTA' })}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await b.token('bl.clerk')}`,
          'content-type': 'application/pdf',
          'x-signing-pin': '123456',
        },
        body: new Uint8Array(fs.readFileSync(file)),
      },
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, bytes.toString('utf8').slice(0, 300)).to.equal(200);
    return bytes;
  }

  const incomingOf = async (outgoingId: string): Promise<string> =>
    (await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [outgoingId]))[0].id;

  it('returns a draft with the leader’s comment, which the drafter sees and answers with a revised PDF', async () => {
    const subject = 'Về việc rà soát hộ nghèo năm 2026';
    await submitted(subject);
    await logIn('bl.leader');
    await menu('Trình ký').click();
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Ý kiến chỉ đạo.' }).waitFor();
    await page.getByLabel('Ý kiến chỉ đạo').fill('Bổ sung căn cứ pháp lý');
    await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await status('Đã trả lại dự thảo cho người soạn.').waitFor();
    await page.getByText('Không có văn bản nào chờ ký.').waitFor();

    await logIn('bl.specialist');
    await menu('Dự thảo').click();
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
    await expectAccessible(page, 'returned draft (vi)');
    await page.getByRole('button', { name: 'Trình ký', exact: true }).click();
    await status('Đã trình lãnh đạo ký.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đang trình ký');
    expect(await page.locator('details.versions summary').textContent()).to.equal('Các phiên bản (2)');
    const steps = await page.locator('details.versions tbody tr td:nth-child(2)').allTextContents();
    expect(steps).to.deep.equal(['Dự thảo', 'Dự thảo sửa']);
  });

  it('registers a paper document with its scan and shows its number; a classified one carries the legal note', async () => {
    await logIn('bl.clerk');
    await menu('Vào số, đóng dấu').click();
    await page.getByRole('link', { name: 'Đăng ký văn bản giấy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký văn bản giấy' }).waitFor();
    await b.dropPdf('Bản quét (PDF)', 'Bản quét.pdf', await onePager('Ban quet van ban giay'));
    await page.getByRole('combobox', { name: /^Loại văn bản/ }).fill('Công văn');
    await page.getByLabel('Ký hiệu').fill('UBND-VP');
    await page.getByLabel('Trích yếu nội dung').fill('Về việc mời họp giao ban tháng 3');
    await page.getByLabel('Độ mật').selectOption({ label: 'Mật' });
    await page.getByText('Văn bản mật không được gửi qua mạng').waitFor();
    await expectAccessible(page, 'paper registration (vi)');
    await page.getByLabel('Độ mật').selectOption({ label: 'Không mật' });
    await page.getByRole('button', { name: 'Đăng ký và cấp số' }).click();
    await status('Đã đăng ký văn bản giấy số 01/UBND-VP.').waitFor();
    const info = page.getByRole('region', { name: 'Thông tin văn bản' });
    expect(await info.textContent())
      .to.contain('Bản giấy')
      .and.contain('01/UBND-VP');
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đã phát hành');
  });

  it('recalls an issued document with a reason; the sender sees 13, then the commune’s 15', async () => {
    const subject = 'Về việc tạm dừng thu phí chợ';
    const id = await sent(subject);
    const incoming = await incomingOf(id);
    await api('tl.clerk', 'POST', `/api/incoming/${incoming}/register`);
    await logIn('bl.clerk');
    await menu('Văn bản đi').click();
    await page.locator(`a[href="#/outbox/${id}"]`).click();
    await page.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập: Lý do thu hồi.' }).waitFor();
    await page.getByLabel('Lý do thu hồi').fill('Sai thể thức văn bản');
    await page.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await status('Đã gửi yêu cầu thu hồi đến 1 nơi nhận.').waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Đã thu hồi');
    const row = page.locator('table.tracking tbody tr', { hasText: COMMUNE });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).to.contain('13 Yêu cầu thu hồi');

    await api('tl.clerk', 'POST', `/api/incoming/${incoming}/recall-answer`, { accept: true });
    await page.getByRole('button', { name: 'Làm mới' }).click();
    await page.locator('table.tracking tbody tr td', { hasText: '15 Đồng ý thu hồi' }).first().waitFor();
    await expectAccessible(page, 'recalled (vi)');
  });

  it('updates an issued document from the outbox (subject, then a corrected PDF) and drafts its replacement', async () => {
    const subject = 'Về việc tổ chức hội nghị sơ kết quý I';
    const id = await sent(subject);
    const number = (await t.db.query(`SELECT number FROM outgoing_documents WHERE id = $1`, [id]))[0].number;
    await logIn('bl.clerk');
    await page.goto(url(`#/outbox/${id}`));
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
    await status('Đã gửi bản cập nhật lần 2 đến 1 nơi nhận.').waitFor();
    await page.getByRole('heading', { level: 1, name: `${subject} năm 2026` }).waitFor();
    const [copy] = await t.db.query(
      `SELECT subject, revision FROM incoming_documents WHERE outgoing_id = $1`,
      [id],
    );
    expect(copy).to.deep.equal({ subject: `${subject} năm 2026`, revision: 2 });
    await page.locator('table.tracking', { hasText: 'Đã nhận bản cập nhật' }).waitFor();

    // A corrected PDF must carry the unit's seal: an unsigned one is refused with the API's message,
    // the reason kept; the same file sealed by the unit is sent.
    fs.writeFileSync(path.join(b.files, 'Bản sửa.pdf'), await onePager('Ban sua: hoi nghi so ket quy I'));
    const again = page.getByRole('form', { name: 'Cập nhật văn bản đã gửi' });
    await again.getByLabel('Lý do cập nhật').fill('Sửa địa điểm hội nghị trong tệp');
    await again.getByLabel('Tệp PDF đã sửa (nếu thay tệp)').setInputFiles(path.join(b.files, 'Bản sửa.pdf'));
    await again.getByRole('button', { name: 'Gửi bản cập nhật' }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: 'phải có chữ ký số hợp lệ của cơ quan ban hành' })
      .waitFor();
    expect(await again.getByLabel('Lý do cập nhật').inputValue()).to.equal('Sửa địa điểm hội nghị trong tệp');
    fs.writeFileSync(
      path.join(b.files, 'Bản sửa đã đóng dấu.pdf'),
      await sealedByClerk(path.join(b.files, 'Bản sửa.pdf')),
    );
    await again.getByRole('button', { name: 'Bỏ tệp Bản sửa.pdf' }).click();
    await again
      .getByLabel('Tệp PDF đã sửa (nếu thay tệp)')
      .setInputFiles(path.join(b.files, 'Bản sửa đã đóng dấu.pdf'));
    await again.getByRole('button', { name: 'Gửi bản cập nhật' }).click();
    await status('Đã gửi bản cập nhật lần 3 đến 1 nơi nhận.').waitFor();
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
    await expectAccessible(page, 'update (vi)');

    // A drafter of the unit drafts the replacement from the same page, with the reason.
    await logIn('bl.specialist');
    await page.goto(url(`#/outbox/${id}`));
    await page.getByRole('heading', { level: 1, name: `${subject} năm 2026` }).waitFor();
    expect(await page.getByRole('form', { name: 'Cập nhật văn bản đã gửi' }).count()).to.equal(0);
    const replace = page.getByRole('form', { name: 'Thay thế văn bản' });
    await replace.getByLabel('Lý do thay thế').fill('Thay đổi thời gian tổ chức hội nghị');
    await replace.getByLabel('Tệp PDF văn bản thay thế').setInputFiles(path.join(b.files, 'Bản sửa.pdf'));
    await replace.getByRole('button', { name: 'Soạn văn bản thay thế' }).click();
    await status(
      `Đã tạo dự thảo thay thế văn bản ${documentNumber(number)}/UBND-VP; hãy trình ký.`,
    ).waitFor();
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
    await logIn('bl.leader');
    await menu('Trình ký').click();
    await page.getByRole('link', { name: subject }).click();
    const credential = page.getByLabel('Chứng thư số');
    await credential.waitFor();
    const external = (await credential.locator('option').allTextContents()).find((o) =>
      o.startsWith('Khóa USB'),
    )!;
    await credential.selectOption({ label: external });
    expect(await page.getByLabel('Mã PIN').count()).to.equal(0);
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    await status(/^Đã chuẩn bị; ký dữ liệu dưới đây/).waitFor();
    const toBeSigned = await page.getByLabel('Dữ liệu cần ký (Base64)').inputValue();
    expect(Buffer.from(toBeSigned, 'base64')[0]).to.equal(0x31); // DER SET OF Attribute (RFC 5652 §5.4)
    await expectAccessible(page, 'two-step signing (vi)');

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
    await status(`Đã ký số văn bản “${subject}”`).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Lãnh đạo đã ký');
  });

  it('switches the document pages to English and back, each accessible', async () => {
    await logIn('bl.clerk');
    await menu('Văn bản đi').click();
    await page.getByRole('heading', { level: 1, name: 'Văn bản đi' }).waitFor();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Outgoing documents' }).waitFor();
    await expectAccessible(page, 'outbox (en)');
    await page.getByRole('link', { name: 'Về việc tổ chức hội nghị sơ kết quý I năm 2026' }).click();
    await page.getByRole('region', { name: 'Recipients' }).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('Issued');
    await expectAccessible(page, 'outbox document (en)');
    await page.goto(url('#/seal/paper'));
    await page.getByRole('heading', { level: 1, name: 'Register a paper document' }).waitFor();
    await expectAccessible(page, 'paper registration (en)');
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký văn bản giấy' }).waitFor();
  });
});
