import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { a4Draft } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { uploadPdf } from './signing/signing-app';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { ensureWebBuild, WEB_APP } from './support/web-browser';
import { PASSWORD } from './support/world';

/**
 * Issue 14 item 11 in Chromium: the district clerk opens 'Sổ đăng ký văn bản' from the menu, chooses the
 * outgoing book and a period, sees the numbered documents in the Decree 30 columns (01/QĐ-UBND …),
 * prints the book (a landscape PDF whose every page repeats the headers) and exports it (XLSX with the
 * same rows); the commune clerk chooses the incoming book and sees its incoming numbers 01, 02. axe-core
 * on the page in both languages; a specialist has no such menu entry.
 */
describe('register books page (sổ đăng ký văn bản đi / đến) in Chromium', function () {
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
  const menu = () => page.getByRole('navigation', { name: /Điều hướng chính|Main navigation/ });

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

  async function sent(subject: string): Promise<string> {
    const fileId = await uploadPdf(b.app, await b.token('bl.specialist'), await a4Draft(), 'Dự thảo.pdf');
    const doc = await api('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject,
      recipients: [{ kind: 'unit', unitId: b.world.child }],
      signerUserId: b.world.users.leader.id,
      fileId,
    });
    await api('bl.specialist', 'POST', `/api/outgoing/${doc.id}/submit`, {});
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

  const SUBJECTS = ['Về việc kiểm tra công tác văn thư năm 2026', 'Về việc tổng kết công tác lưu trữ'];

  it('shows the district clerk the outgoing book in the Decree 30 columns, prints it as PDF and exports it as XLSX', async () => {
    for (const s of SUBJECTS) {
      const id = await sent(s);
      const [inc] = await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [id]);
      await api('tl.clerk', 'POST', `/api/incoming/${inc.id}/register`);
    }
    const today = new Date(b.state.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);

    await logIn('bl.clerk');
    await menu().getByRole('link', { name: 'Sổ đăng ký văn bản', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sổ đăng ký văn bản' }).waitFor();
    const form = page.getByRole('form', { name: 'Chọn sổ và kỳ' });
    await form.getByLabel('Sổ', { exact: true }).selectOption('outgoing');
    await form.getByLabel('Từ ngày').fill(today);
    await form.getByLabel('Đến ngày').fill(today);
    await form.getByRole('button', { name: 'Xem sổ' }).click();
    const book = page.getByRole('region', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI' });
    const table = book.getByRole('table', { name: 'Sổ đăng ký văn bản đi' });
    await table.locator('tbody tr', { hasText: SUBJECTS[1]! }).waitFor();
    expect(await table.locator('thead').textContent())
      .to.contain('Số, ký hiệu văn bản')
      .and.contain('Tên loại và trích yếu nội dung văn bản')
      .and.contain('Nơi nhận văn bản')
      .and.contain('Số lượng bản');
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).to.have.length(2);
    expect(rows[0])
      .to.contain('01/QĐ-UBND')
      .and.contain(SUBJECTS[0])
      .and.contain('Ủy ban nhân dân xã Thạnh Lợi');
    expect(rows[1]).to.contain('02/QĐ-UBND');
    expect(page.url()).to.contain(`dir=outgoing`).and.contain(`from=${today}`);
    await expectAccessible(page, 'registers, outgoing (vi)');
    await b.shot('next-registers-outgoing');

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      book.getByRole('link', { name: 'In sổ (PDF)' }).click(),
    ]);
    const pdf = readFileSync((await pdfDownload.path())!);
    expect(pdfDownload.suggestedFilename()).to.equal(`So-van-ban-di_${today}_${today}.pdf`);
    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).to.be.greaterThan(height);

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      book.getByRole('link', { name: 'Xuất Excel (XLSX)' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A5').value).to.equal('01/QĐ-UBND');
    expect(String(ws.getCell('C6').value)).to.equal(`Quyết định: ${SUBJECTS[1]}`);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register books' }).waitFor();
    const en = page
      .getByRole('region', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI' })
      .getByRole('table', { name: 'Outgoing register' });
    expect(await en.locator('thead').textContent())
      .to.contain('No. and notation')
      .and.contain('Recipients');
    await expectAccessible(page, 'registers, outgoing (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('shows the commune clerk the incoming book with incoming numbers as Decree 30 writes them', async () => {
    const today = new Date(b.state.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    await logIn('tl.clerk');
    await menu().getByRole('link', { name: 'Sổ đăng ký văn bản', exact: true }).click();
    const form = page.getByRole('form', { name: 'Chọn sổ và kỳ' });
    await form.getByLabel('Sổ', { exact: true }).selectOption('incoming');
    // The commune's registers: this year's incoming register, with its two numbers.
    await form.getByLabel('Quyển sổ').locator('option', { hasText: '(2)' }).waitFor({ state: 'attached' });
    await form.getByLabel('Từ ngày').fill(today);
    await form.getByLabel('Đến ngày').fill(today);
    await form.getByRole('button', { name: 'Xem sổ' }).click();
    const table = page
      .getByRole('region', { name: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN' })
      .getByRole('table', { name: 'Sổ đăng ký văn bản đến' });
    await table.locator('tbody tr').nth(1).waitFor();
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells[1]).to.equal('01');
    expect(cells[2]).to.equal('Ủy ban nhân dân huyện Bến Lức');
    expect(cells[3]).to.equal('01/QĐ-UBND');
    expect(await table.locator('thead').textContent())
      .to.contain('Số đến')
      .and.contain('Ký nhận');
    await expectAccessible(page, 'registers, incoming (vi)');

    // A specialist keeps no register: no menu entry, and the API says so.
    await logIn('bl.specialist');
    expect(await menu().getByRole('link', { name: 'Sổ đăng ký văn bản', exact: true }).count()).to.equal(0);
    const r = await b.app.json('GET', `/api/registers/outgoing?from=${today}&to=${today}`, {
      token: await b.token('bl.specialist'),
    });
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('FORBIDDEN');
  });
  it('lets the commune clerk choose the register book and the leader at registration; the book numbers from 01', async () => {
    // The commune's admin has set up a book for decisions (admin pages: the API).
    const book = await api('bl.admin', 'POST', '/api/register-books', {
      unit: b.world.child,
      name: 'Sổ quyết định đến',
      documentTypes: ['Quyết định'],
    });
    const id = await sent('Về việc phê duyệt kế hoạch chuyển đổi số');
    const [inc] = await t.db.query(`SELECT id FROM incoming_documents WHERE outgoing_id = $1`, [id]);
    await logIn('tl.clerk');
    await page.goto(url(`#/inbox/${inc.id}`));
    await page.getByRole('heading', { level: 1, name: 'Về việc phê duyệt kế hoạch chuyển đổi số' }).waitFor();
    const panel = page.getByRole('region', { name: 'Tiếp nhận, vào sổ' });
    await panel.getByLabel('Sổ đăng ký').selectOption({ label: 'Sổ quyết định đến (Quyết định)' });
    await panel.getByLabel('Trình lãnh đạo').selectOption({ label: 'Lâm Văn Phúc — Chủ tịch' });
    await expectAccessible(page, 'register with book and leader (vi)');
    await panel.getByRole('button', { name: 'Tiếp nhận, vào sổ', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã vào sổ văn bản đến số 01/2026.' }).waitFor();
    const info = await page.getByRole('region', { name: 'Thông tin văn bản' }).textContent();
    expect(info)
      .to.contain('Sổ đăng kýSổ quyết định đến')
      .and.contain('Đã trình lãnh đạoLâm Văn Phúc — Chủ tịch');

    // The book is a register of its own: printed alone, its first line is 01.
    const today = new Date(b.state.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    await page.goto(url('#/registers'));
    const form = page.getByRole('form', { name: 'Chọn sổ và kỳ' });
    await form.getByLabel('Sổ', { exact: true }).selectOption('incoming');
    await form.getByLabel('Quyển sổ').selectOption({ label: `2026 — ${book.name} (1)` });
    await form.getByLabel('Từ ngày').fill(today);
    await form.getByLabel('Đến ngày').fill(today);
    await form.getByRole('button', { name: 'Xem sổ' }).click();
    const table = page.getByRole('table', { name: 'Sổ đăng ký văn bản đến' });
    await table.locator('tbody tr', { hasText: 'Về việc phê duyệt kế hoạch chuyển đổi số' }).waitFor();
    const rows = await table.locator('tbody tr').all();
    expect(rows).to.have.length(1);
    expect((await rows[0]!.locator('td').allTextContents())[1]).to.equal('01');
  });
});
