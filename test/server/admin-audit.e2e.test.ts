import { expect } from 'chai';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import { FixedClock } from '../workflows/fixtures';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { WEB_APP } from './support/web-browser';

/**
 * Issue 14 item 15 (the audit log) in Chromium, as the district's auditor would use it: filters by
 * user, event (Vietnamese names), period and unit; cursor pages of 50; the selection exported as CSV
 * (UTF-8 with BOM) and XLSX (read back with exceljs). axe-core in vi and en.
 */
describe('admin: the audit log with filters, paging and export in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  /** Requests answered 404 (another district is outside the auditor's scope: UNIT_NOT_FOUND). */
  const notFound: string[] = [];

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    page.on('response', (r) => {
      if (r.status() === 404)
        notFound.push(`${r.request().method()} ${new URL(r.url()).searchParams.get('unit')}`);
    });
    // 55 events of bl.staff on 10 February 2026 (Vietnam), 3 on the 20th.
    const staff = { userId: b.world.targetUsers.own, username: 'bl.staff', unitId: b.world.own };
    for (const [day, count] of [
      ['2026-02-10', 55],
      ['2026-02-20', 3],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await t.db.transaction((m) =>
          appendAuditEvent(
            m,
            {
              actor: staff,
              clock: new FixedClock(new Date(`${day}T08:${String(i).padStart(2, '0')}:00+07:00`)),
            },
            { type: 'API_TOKEN_REVOKED', payload: { tokenId: `token-${day}-${i}` } },
          ),
        );
      }
    }
  });
  after(async () => {
    if (b) {
      const problems = b.problems.filter((p) => !/status of 404/.test(p));
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect(notFound).to.deep.equal([`GET ${b.world.other}`]);
    }
    await b?.close();
  });

  const rows = () => page.getByRole('table', { name: 'Nhật ký hệ thống' }).locator('tbody tr');

  it('filters by user, event, period and unit, in pages', async () => {
    await b.logIn('bl.auditor');
    await page.goto(`${b.app.baseUrl}${WEB_APP}#/audit`);
    await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
    const filters = page.getByRole('form', { name: 'Lọc nhật ký' });
    await filters.getByLabel('Tên đăng nhập').fill('bl.staff');
    await filters.getByLabel('Sự kiện').selectOption({ label: 'Thu hồi mã truy cập API' });
    await filters.getByLabel('Từ ngày').fill('2026-02-10');
    await filters.getByLabel('Đến ngày').fill('2026-02-10');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('navigation', { name: 'Trang 1' }).waitFor();
    await rows().nth(49).waitFor();
    expect(await rows().count()).to.equal(50);
    const texts = await rows().allTextContents();
    expect(texts.every((r) => r.includes('Thu hồi mã truy cập API') && r.includes('bl.staff'))).to.equal(
      true,
    );
    expect(texts.every((r) => r.includes('10/02/2026'))).to.equal(true);
    await expectAccessible(page, 'audit log, filtered (vi)');
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByRole('navigation', { name: 'Trang 2' }).waitFor();
    await rows().nth(4).waitFor();
    expect(await rows().count()).to.equal(5);
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await page.getByRole('navigation', { name: 'Trang 1' }).waitFor();

    // The whole of February: 58 events, the 20th's first (newest first).
    await filters.getByLabel('Đến ngày').fill('2026-02-28');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('table', { name: 'Nhật ký hệ thống' }).getByText('20/02/2026 08:02:00').waitFor();

    // Another district is outside the district auditor's scope; an unknown unit code is refused at its field.
    await filters.getByLabel('Mã định danh đơn vị').fill('000.00.03.H41');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await page.getByText('Không tìm thấy đơn vị').waitFor();
    await filters.getByLabel('Mã định danh đơn vị').fill('999.99.99.H99');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await filters.getByText('Không có đơn vị với mã định danh này.').waitFor();
    await filters.getByLabel('Mã định danh đơn vị').fill('000.00.02.H41');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('table', { name: 'Nhật ký hệ thống' }).getByText('20/02/2026 08:02:00').waitFor();
  });

  it('exports the selection as CSV and XLSX with the events’ Vietnamese names', async () => {
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất CSV' }).click(),
    ]);
    await b.status('Đã xuất 58 sự kiện.').waitFor();
    const csvBytes = fs.readFileSync((await csv.path())!);
    expect([...csvBytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = csvBytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).to.have.length(59);
    expect(lines[0]).to.contain('"Sự kiện / Event"').and.contain('"Người thực hiện / Actor"');
    expect(lines[1]).to.contain('"Thu hồi mã truy cập API","API_TOKEN_REVOKED","bl.staff"');
    expect(csv.suggestedFilename()).to.match(/^nhat-ky-he-thong-.*\.csv$/);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất XLSX' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const ws = wb.worksheets[0]!;
    expect(ws.name).to.equal('Nhật ký hệ thống');
    expect(ws.rowCount).to.equal(59);
    expect(ws.getRow(1).getCell(3).value).to.equal('Sự kiện / Event');
    expect(ws.getRow(2).getCell(3).value).to.equal('Thu hồi mã truy cập API');
    expect(ws.getRow(2).getCell(5).value).to.equal('bl.staff');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByRole('table', { name: 'Audit trail' }).getByText('API token revoked').first().waitFor();
    await expectAccessible(page, 'audit log, filtered (en)');
  });
});
