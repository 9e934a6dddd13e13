import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { uploadPdf } from './signing/signing-app';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';
import { PASSWORD } from './support/world';

const SUBJECT = 'Về việc báo cáo kết quả diễn tập phòng, chống thiên tai';
const REPLY = 'Báo cáo kết quả diễn tập phòng, chống thiên tai năm 2026';

/**
 * Issue 14 item 5 in Chromium: the district's document reaches the commune and is assigned to its
 * specialist, who answers it from the incoming page ('Soạn văn bản trả lời'): the new draft names the
 * document answered, has the district as recipient and a subject to start from, and is saved and
 * submitted. The draft's page links back to the incoming document. Once the commune signs, numbers,
 * seals and sends the reply, the incoming document is completed (06) with the reply named in its
 * history and in its 'Văn bản trả lời' card, and the district sees 06 in its tracking and the reply in its
 * inbox. axe-core on the three pages.
 */
describe('replies (văn bản trả lời) in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

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
  const credential = async (user: string, kind: 'user' | 'unit') =>
    (await api(user, 'GET', '/api/signing/my-credentials')).find(
      (c: { ownerKind: string }) => c.ownerKind === kind,
    ).id;

  /** Signed by `leader`, numbered, sealed and sent by `clerk`, through the API. */
  async function issue(id: string, leader: string, clerk: string) {
    await api(
      leader,
      'POST',
      `/api/outgoing/${id}/sign`,
      { credentialId: await credential(leader, 'user') },
      '123456',
    );
    await api(
      clerk,
      'POST',
      `/api/outgoing/${id}/number-and-seal`,
      { credentialId: await credential(clerk, 'unit') },
      '123456',
    );
    await api(clerk, 'POST', `/api/outgoing/${id}/send`);
  }

  let outgoingId = '';
  let incomingId = '';
  let replyId = '';

  it('lets the assigned specialist write a reply from the incoming document, linked both ways', async () => {
    const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
    const doc = await api('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: SUBJECT,
      recipients: [{ kind: 'unit', unitId: b.world.child }],
      fileId,
    });
    outgoingId = doc.id;
    await api('bl.specialist', 'POST', `/api/outgoing/${doc.id}/submit`, {});
    await issue(doc.id, 'bl.leader', 'bl.clerk');
    [{ id: incomingId }] = await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [
      doc.id,
    ]);
    await api('tl.clerk', 'POST', `/api/incoming/${incomingId}/register`);
    await api('tl.clerk', 'POST', `/api/incoming/${incomingId}/forward`);
    await api('tl.leader', 'POST', `/api/incoming/${incomingId}/assign`, {
      assigneeUserIds: [b.world.targetUsers.child],
      deadline: '2026-03-20',
    });

    await logIn('tl.specialist');
    await page.goto(url(`#/assignments/${incomingId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const replies = page.getByRole('region', { name: 'Văn bản trả lời' });
    expect(await replies.textContent()).to.contain('Chưa có văn bản trả lời.');
    await replies.getByRole('link', { name: 'Soạn văn bản trả lời' }).click();

    await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo mới' }).waitFor();
    const notice = page.locator('.alert', { hasText: 'Trả lời văn bản đến' });
    await notice.waitFor();
    expect(await notice.textContent())
      .to.contain('01/UBND-VP')
      .and.contain('Ủy ban nhân dân huyện Bến Lức')
      .and.contain(SUBJECT);
    expect(await page.getByLabel('Trích yếu nội dung').inputValue()).to.equal('V/v trả lời 01/UBND-VP');
    // The sender is the recipient already.
    expect(await page.getByRole('form').first().textContent()).to.contain('Ủy ban nhân dân huyện Bến Lức');
    await expectAccessible(page, 'new reply draft (vi)');

    const file = path.join(b.files, 'Báo cáo kết quả.pdf');
    fs.writeFileSync(file, await a4Draft());
    await page.getByLabel('Tệp PDF dự thảo').setInputFiles(file);
    await page.getByLabel('Loại văn bản').fill('Báo cáo');
    await page.getByLabel('Ký hiệu').fill('BC-UBND');
    await page.getByLabel('Trích yếu nội dung').fill(REPLY);
    await page.getByRole('button', { name: 'Lưu và trình ký' }).click();
    await status('Đã trình lãnh đạo ký.').waitFor();
    await page.getByRole('heading', { level: 1, name: REPLY }).waitFor();
    replyId = /#\/drafts\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const info = page.getByRole('region', { name: 'Thông tin văn bản' });
    const link = info.getByRole('link', { name: /01\/UBND-VP/ });
    expect(await link.getAttribute('href')).to.equal(`#/inbox/${incomingId}`);
    expect(await info.textContent())
      .to.contain('Trả lời văn bản đến')
      .and.contain(SUBJECT);
    await expectAccessible(page, 'reply draft (vi)');
  });

  it('completes the incoming document when the reply is issued, and the district sees it', async () => {
    await issue(replyId, 'tl.leader', 'tl.clerk');
    await page.goto(url(`#/assignments/${incomingId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    expect(await page.locator('.lead.badges').textContent()).to.contain('06');
    const replies = page.getByRole('region', { name: 'Văn bản trả lời' });
    await replies.getByRole('link', { name: /01\/BC-UBND/ }).waitFor();
    expect(await replies.getByRole('link', { name: /01\/BC-UBND/ }).getAttribute('href')).to.equal(
      `#/outbox/${replyId}`,
    );
    expect(await replies.getByRole('link', { name: 'Soạn văn bản trả lời' }).count()).to.equal(0);
    const history = page.getByRole('region', { name: 'Diễn biến xử lý' });
    expect(await history.textContent()).to.contain('Đã trả lời bằng văn bản số 01/BC-UBND');
    await expectAccessible(page, 'answered incoming document (vi)');

    const tracking = await api('bl.clerk', 'GET', `/api/outgoing/${outgoingId}/recipients`);
    expect(tracking.recipients[0].statusCode).to.equal('06');
    const [arrived] = await t.db.query(
      `SELECT recipient_unit_id, subject FROM incoming_documents WHERE outgoing_id = $1`,
      [replyId],
    );
    expect(arrived).to.deep.equal({ recipient_unit_id: b.world.own, subject: REPLY });
  });
});
