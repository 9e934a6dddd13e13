import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { configureArchiveStorage } from '../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../workflows/archive/case-files';
import { listRetentionPeriods } from '../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../workflows/archive/transfers';
import { systemClock, type Actor, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { ctxOf } from '../workflows/fixtures';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { WEB_APP } from './support/web-browser';

/**
 * Issue 11 item 10 in Chromium: a record accepted into the archive is found by the archivist in the
 * archive browser (#/archive/records, filtered by year and case file) and opened: its details and every
 * stored object version (the SHA-256 the database holds) show. The auditor validates it from the page
 * and sees the verdict, which the server recorded. axe-core in Vietnamese and in English.
 */
describe('archive: the records browser and the record view in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  let recordId: string;
  let objects: { kind: string; sha256: string }[];

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    configureArchiveStorage({ clock: b.state.clock });
    const w = b.world;
    const actor = (role: Role): Actor => ({
      userId: w.users[role].id,
      username: w.users[role].username,
      unitId: w.own,
      roles: [role],
    });
    const as = (role: Role) => ctxOf(t.db, actor(role), b.state.clock);
    const tenYears = (await listRetentionPeriods(as('specialist'))).find((r) => r.years === 10)!.id;
    const doc = await issuedOutgoing(t.db, b.app.objects, {
      unitId: w.own,
      drafter: actor('specialist'),
      issuedOn: '2024-03-10',
      subject: 'Về việc kiểm kê tài liệu lưu trữ năm 2024',
    });
    const f = await createCaseFile(as('specialist'), {
      year: 2024,
      fileCode: '09.KK',
      title: 'Hồ sơ kiểm kê tài liệu',
      retentionId: tenYears,
    });
    await fileDocument(as('specialist'), { fileId: f.id, sourceKind: 'outgoing', sourceId: doc.id });
    await closeCaseFile(as('specialist'), { fileId: f.id, endDate: '2024-12-31' });
    const sent = await submitTransfer(as('specialist'), { fileIds: [f.id] });
    await acceptTransfer(as('archivist'), b.app.objects, sent.id);
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [f.id])) as {
      id: string;
    }[];
    recordId = rec!.id;
    objects = await t.db.query(`SELECT kind, sha256 FROM archival_objects WHERE record_id = $1`, [recordId]);
    expect(objects.length).to.be.greaterThan(0);
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock });
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  const url = (hash: string) => `${b.app.baseUrl}${WEB_APP}${hash}`;

  it('the archivist browses by year and case file to the record and sees its details and versions', async () => {
    await b.logIn('bl.archivist');
    await page.goto(url('#/archive'));
    await page
      .getByRole('navigation', { name: 'Các mục lưu trữ' })
      .getByRole('link', { name: 'Tài liệu lưu trữ' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tài liệu lưu trữ' }).waitFor();
    const table = page.getByRole('table', { name: 'Tài liệu lưu trữ' });
    await table.getByText('Về việc kiểm kê tài liệu lưu trữ năm 2024').waitFor();
    await expectAccessible(page, 'archival records (vi)');
    // Another year: the record is not in it.
    await page.getByLabel('Năm').fill('2023');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByText('Không có tài liệu lưu trữ nào.').waitFor();
    await page.getByLabel('Năm').fill('2024');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByLabel('Hồ sơ').selectOption({ label: '09.KK – Hồ sơ kiểm kê tài liệu' });
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/file=/);
    const link = table.getByRole('link').first();
    await link.click();
    await page.waitForURL(new RegExp(`#/archive/records/${recordId}$`));
    await page
      .getByRole('heading', { level: 1, name: /Về việc kiểm kê tài liệu lưu trữ năm 2024$/ })
      .waitFor();
    await page.getByText('09.KK', { exact: true }).waitFor();
    const versions = page.getByRole('table', { name: 'Các phiên bản đối tượng lưu trữ' });
    for (const o of objects) await versions.getByText(o.sha256, { exact: true }).waitFor();
    expect(await versions.locator('tbody tr').count()).to.equal(objects.length);
    await expectAccessible(page, 'archival record (vi)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Stored object versions' }).waitFor();
    await expectAccessible(page, 'archival record (en)');
    await page.goto(url('#/archive/records'));
    await page.getByRole('heading', { level: 1, name: 'Archival records' }).waitFor();
    await expectAccessible(page, 'archival records (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tài liệu lưu trữ' }).waitFor();
  });

  it('the auditor validates the record from its page and sees the verdict the server recorded', async () => {
    await b.logIn('bl.auditor');
    await page.goto(url(`#/archive/records/${recordId}`));
    await page.getByRole('table', { name: 'Các phiên bản đối tượng lưu trữ' }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    const verdict = b.status(/^Kết quả kiểm tra: /);
    await verdict.waitFor();
    const [pdf] = (await t.db.query(
      `SELECT sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision'
        ORDER BY created_at DESC, size DESC, id LIMIT 1`,
      [recordId],
    )) as { sha256: string }[];
    const reports = (await t.db.query(
      `SELECT status FROM validation_reports WHERE pdf_sha256 = $1 AND source = 'stored'`,
      [pdf!.sha256],
    )) as { status: string }[];
    expect(reports).to.have.length(1);
    expect(await verdict.textContent()).to.equal(`Kết quả kiểm tra: ${reports[0]!.status}`);
    await expectAccessible(page, 'archival record validated (vi)');
  });
});
