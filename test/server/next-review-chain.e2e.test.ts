import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { uploadPdf } from './signing/signing-app';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';
import { PASSWORD } from './support/world';

const SUBJECT = 'Về việc ban hành quy chế văn thư, lưu trữ năm 2026';

/**
 * Issue 14 item 6 in Chromium: the specialist submits a draft through two reviewers in order — the head
 * of department (Mai Văn Sơn) and the deputy chief of office (Phan Thị Thu, a leader); the leader sees no
 * sign panel and the API answers 409 REVIEW_PENDING; the deputy cannot decide out of turn; the head of
 * department finds it in 'Chờ tôi cho ý kiến' and approves with a comment, the deputy approves; the
 * leader's page then offers signing and shows the chain with both approvals. axe-core on the pages.
 */
describe('review chain before the leader (trình duyệt) in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  let deputyId = '';

  before(async () => {
    ensureWebBuild();
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    const [{ password_hash }] = await t.db.query(
      `SELECT password_hash FROM users WHERE username = 'bl.leader'`,
    );
    [{ id: deputyId }] = await t.db.query(
      `INSERT INTO users (username, full_name, title, unit_id, roles, password_hash)
       VALUES ('bl.deputy', 'Phan Thị Thu', 'Phó Chánh Văn phòng', $1, ARRAY['leader'], $2) RETURNING id`,
      [b.world.own, password_hash],
    );
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
  const call = async (user: string, method: string, p: string, json?: unknown, pin?: string) =>
    b.app.json(method, p, { token: await b.token(user), json, headers: pin ? { 'x-signing-pin': pin } : {} });

  let docId = '';

  it('lets the drafter choose the reviewers in order when submitting; the leader cannot sign yet', async () => {
    const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
    const created = await call('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: SUBJECT,
      recipients: [{ kind: 'unit', unitId: b.world.child }],
      fileId,
    });
    expect(created.status).to.equal(201);
    docId = created.body.id;

    await logIn('bl.specialist');
    await page.goto(url(`#/drafts/${docId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const chain = page.getByRole('group', { name: 'Trình duyệt trước khi lãnh đạo ký (không bắt buộc)' });
    await chain.getByLabel('Mai Văn Sơn').waitFor();
    // Ticked in the order they review.
    await chain.getByLabel('Phan Thị Thu — Phó Chánh Văn phòng').check();
    await chain.getByLabel('Mai Văn Sơn').check();
    await chain.getByLabel('Phan Thị Thu — Phó Chánh Văn phòng').uncheck();
    await chain.getByLabel('Phan Thị Thu — Phó Chánh Văn phòng').check();
    expect(
      await chain.getByRole('list', { name: 'Thứ tự trình duyệt' }).locator('li').allTextContents(),
    ).to.deep.equal(['Mai Văn Sơn', 'Phan Thị Thu']);
    await expectAccessible(page, 'submit with reviewers (vi)');
    await page.getByRole('button', { name: 'Trình ký', exact: true }).click();
    await status('Đã trình lãnh đạo ký.').waitFor();
    const card = page.getByRole('region', { name: 'Trình duyệt', exact: true });
    expect(await card.locator('li').allTextContents()).to.deep.equal([
      'Mai Văn Sơn: đang chờ cho ý kiến',
      'Phan Thị Thu — Phó Chánh Văn phòng: chờ bước trước',
    ]);

    const sign = await call(
      'bl.leader',
      'POST',
      `/api/outgoing/${docId}/sign`,
      { credentialId: '00000000-0000-4000-8000-000000000000' },
      '123456',
    );
    expect(sign.status).to.equal(409);
    expect(sign.body.error.code).to.equal('REVIEW_PENDING');
    expect(sign.body.error.message).to.contain('Mai Văn Sơn');
    const early = await call('bl.deputy', 'POST', `/api/outgoing/${docId}/review`, { decision: 'approve' });
    expect(early.status).to.equal(403);
    expect(early.body.error.code).to.equal('REVIEW_NOT_YOUR_TURN');

    await logIn('bl.leader');
    await page.goto(url(`#/review/${docId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await page.getByRole('region', { name: 'Trình duyệt', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Ký số', exact: true }).count()).to.equal(0);
  });

  it('lets each reviewer approve in turn from the drafts page, then the leader may sign', async () => {
    await logIn('bl.staff');
    await page.goto(url('#/drafts'));
    const mine = page.getByRole('region', { name: 'Chờ tôi cho ý kiến (trình duyệt)' });
    await mine.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const panel = page.getByRole('region', { name: 'Cho ý kiến trình duyệt' });
    await expectAccessible(page, 'review panel (vi)');
    await panel.getByLabel('Ý kiến').fill('Đồng ý, đề nghị trình lãnh đạo ký');
    await panel.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dự thảo văn bản' }).waitFor();
    await status('Đã cho ý kiến đồng ý; văn bản chuyển bước tiếp theo.').waitFor();

    await logIn('bl.deputy');
    await page.goto(url('#/drafts'));
    await page
      .getByRole('region', { name: 'Chờ tôi cho ý kiến (trình duyệt)' })
      .getByRole('link', { name: SUBJECT })
      .click();
    await page
      .getByRole('region', { name: 'Cho ý kiến trình duyệt' })
      .getByRole('button', { name: 'Đồng ý', exact: true })
      .click();
    await status('Đã cho ý kiến đồng ý; văn bản chuyển bước tiếp theo.').waitFor();

    await logIn('bl.leader');
    await page.goto(url(`#/review/${docId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const card = page.getByRole('region', { name: 'Trình duyệt', exact: true });
    const steps = await card.locator('li').allTextContents();
    expect(steps[0]).to.match(
      /^Mai Văn Sơn: đồng ý — \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}Đồng ý, đề nghị trình lãnh đạo ký$/,
    );
    expect(steps[1]).to.match(/^Phan Thị Thu — Phó Chánh Văn phòng: đồng ý — /);
    await page.getByRole('region', { name: 'Ký số', exact: true }).waitFor();
    await expectAccessible(page, 'leader after the review chain (vi)');
    const decided: { actor_user_id: string }[] = await t.db.query(
      `SELECT actor_user_id FROM audit_events
        WHERE type = 'DOCUMENT_REVIEW_DECIDED' AND payload ->> 'documentId' = $1 ORDER BY seq`,
      [docId],
    );
    expect(decided.map((d) => d.actor_user_id)).to.deep.equal([b.world.targetUsers.own, deputyId]);
  });
});
