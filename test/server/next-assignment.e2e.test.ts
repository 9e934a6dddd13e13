import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import type { DocumentsBrowser } from './support/documents-browser';
import { documentsBrowserCalls, useDocumentsBrowser } from './support/documents-browser-calls';

const SUBJECT = 'Về việc tổng hợp số liệu thiệt hại do mưa lũ';

/**
 * Issue 14 item 7 in Chromium: the commune leader assigns a lead handler (chủ trì) and a supporting one
 * (phối hợp) with a written instruction (ý kiến chỉ đạo), then extends the deadline with a reason; the
 * supporting handler notes progress and is not offered completion; the lead handler completes with the
 * result, which the sender's tracking counts. The handling card shows roles and every note. axe-core.
 */
describe('assignment as practised (chủ trì, phối hợp) in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  const browser = useDocumentsBrowser(t, { communeSpecialists: [['tl.staff2', 'Hồ Thị Hà']] });
  const { url, status, logIn, api, forwardedToCommune } = documentsBrowserCalls(browser, t);
  let b: DocumentsBrowser;
  let page: Page;

  before(() => {
    b = browser();
    page = b.page;
  });

  let outgoingId = '';
  let incomingId = '';

  it('lets the leader name the lead and supporting handlers with an instruction, and extend the deadline', async () => {
    ({ outgoingId, incomingId } = await forwardedToCommune(SUBJECT));

    await logIn('tl.leader');
    await page.goto(url(`#/assignments/${incomingId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const assign = page.getByRole('form', { name: 'Phân công xử lý' });
    await assign.getByLabel('Hồ Thị Hà').check();
    await assign.getByLabel('Đặng Minh Khoa').check();
    await assign.getByLabel('Người chủ trì').selectOption({ label: 'Đặng Minh Khoa' });
    await assign
      .getByLabel('Ý kiến chỉ đạo')
      .fill('Đồng chí Khoa chủ trì, đồng chí Hà phối hợp; báo cáo trước hạn');
    const today = new Date(b.state.clock.now().getTime() + 7 * 3600_000);
    const day = (n: number) => new Date(today.getTime() + n * 86400_000).toISOString().slice(0, 10);
    await assign.getByLabel('Hạn xử lý').fill(day(5));
    await expectAccessible(page, 'assign with lead and support (vi)');
    await assign.getByRole('button', { name: 'Phân công', exact: true }).click();
    const card = page.getByRole('region', { name: 'Phân công và quá trình xử lý' });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).to.contain('Chủ trìĐặng Minh Khoa').and.contain('Phối hợpHồ Thị Hà');
    expect(text).to.contain('Đồng chí Khoa chủ trì, đồng chí Hà phối hợp; báo cáo trước hạn');

    b.state.clock.advance(60 * 60_000);
    const extend = page.getByRole('form', { name: 'Gia hạn xử lý' });
    await extend.getByLabel('Hạn xử lý').fill(day(8));
    await extend.getByLabel('Lý do gia hạn').fill('Chờ số liệu của các ấp');
    await extend.getByRole('button', { name: 'Gia hạn', exact: true }).click();
    await status(/Đã gia hạn xử lý đến/).waitFor();
    expect(await card.textContent())
      .to.contain('Gia hạn')
      .and.contain('Chờ số liệu của các ấp');
    await expectAccessible(page, 'handling card (vi)');
  });

  it('lets the supporting handler note progress only, and the lead handler complete', async () => {
    b.state.clock.advance(60 * 60_000);
    await logIn('tl.staff2');
    await page.goto(url(`#/assignments/${incomingId}`));
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const progress = page.getByRole('form', { name: 'Ghi tiến độ xử lý' });
    await progress.getByLabel('Nội dung').fill('Đã tổng hợp số liệu 3/5 ấp');
    await progress.getByRole('button', { name: 'Ghi tiến độ' }).click();
    await status('Đã ghi tiến độ xử lý.').waitFor();
    expect(await page.getByRole('region', { name: 'Hoàn thành xử lý' }).count()).to.equal(0);
    const refused = await b.app.json('POST', `/api/incoming/${incomingId}/complete`, {
      token: await b.token('tl.staff2'),
      json: { note: 'Xong phần phối hợp' },
    });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('INCOMING_NOT_ASSIGNEE');

    b.state.clock.advance(60 * 60_000);
    await api('tl.specialist', 'POST', `/api/incoming/${incomingId}/complete`, {
      note: 'Đã gửi báo cáo tổng hợp',
    });
    await logIn('tl.leader');
    await page.goto(url(`#/assignments/${incomingId}`));
    const card = page.getByRole('region', { name: 'Phân công và quá trình xử lý' });
    await card.waitFor();
    const notes = await card
      .locator('li[data-kind]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(notes).to.deep.equal(['instruction', 'extension', 'progress', 'result']);
    const tracking = await api('bl.clerk', 'GET', `/api/outgoing/${outgoingId}/recipients`);
    expect(tracking.recipients[0].statusCode).to.equal('06');
  });
});
