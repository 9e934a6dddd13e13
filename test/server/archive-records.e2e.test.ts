import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { configureArchiveStorage, storeArchivalObject } from '../../workflows/archive/archival-objects';
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
 * archive browser (#/archive/records, filtered by fonds, year and case file, paged on the server) and
 * opened: its details, its Appendix VI metadata, its events and every stored object version (the SHA-256
 * the database holds) show. The auditor validates it from the page and sees the verdict, which the
 * server recorded; opened again, the page shows that stored verdict on load (date, who ran it).
 * axe-core in Vietnamese and in English.
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
    // 55 more records of 2021 in another fonds, for the browser's filters and its server pages (rows
    // copied from the accepted record: the browser reads rows, not objects).
    const f21 = await createCaseFile(as('specialist'), {
      year: 2021,
      fileCode: '02.MAU',
      title: 'Hồ sơ tài liệu mẫu',
      retentionId: tenYears,
      fonds: 'Phông Lưu trữ mẫu',
    });
    await t.db.query(
      `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal,
         retain_until, metadata, accepted_by, accepted_at)
       SELECT $2, r.transfer_id, r.source_kind, gen_random_uuid(), r.unit_id, n, r.retain_until,
              jsonb_set(jsonb_set(jsonb_set(r.metadata, '{file,Fonds}', '"Phông Lưu trữ mẫu"'),
                '{file,FileCode}', '"02.MAU"'), '{document,Subject}', to_jsonb('Tài liệu mẫu số ' || n)),
              r.accepted_by, r.accepted_at
         FROM archival_records r, generate_series(1, 55) n WHERE r.id = $1`,
      [recordId, f21.id],
    );
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
    await page.getByText('1–50 / 56', { exact: true }).waitFor();
    await expectAccessible(page, 'archival records (vi)');
    // By fonds and year, paged on the server: 55 records, 50 then 5.
    await page.getByLabel('Phông').selectOption({ label: 'Phông Lưu trữ mẫu' });
    await page.getByLabel('Năm').fill('2021');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByText('1–50 / 55', { exact: true }).waitFor();
    expect(await table.locator('tbody tr').count()).to.equal(50);
    await table.getByText('Tài liệu mẫu số 50', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByText('51–55 / 55', { exact: true }).waitFor();
    await page.waitForURL(/page=2/);
    expect(await table.locator('tbody tr').count()).to.equal(5);
    await table.getByText('Tài liệu mẫu số 55', { exact: true }).waitFor();
    expect(await table.getByText('Về việc kiểm kê tài liệu lưu trữ năm 2024').count()).to.equal(0);
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await page.getByText('1–50 / 55', { exact: true }).waitFor();
    await page.getByLabel('Phông').selectOption({ label: 'Tất cả phông' });
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
    await page.getByRole('link', { name: '09.KK', exact: true }).waitFor();
    const versions = page.getByRole('table', { name: 'Các phiên bản đối tượng lưu trữ' });
    for (const o of objects) await versions.getByText(o.sha256, { exact: true }).waitFor();
    expect(await versions.locator('tbody tr').count()).to.equal(objects.length);
    // The Appendix VI metadata, labelled: the document's and the case file's (Circular 02 fields too).
    const [stored] = (await t.db.query(`SELECT metadata FROM archival_records WHERE id = $1`, [
      recordId,
    ])) as {
      metadata: { file: Record<string, string>; document: Record<string, string> };
    }[];
    const docCard = page.getByRole('region', { name: 'Thông tin văn bản' });
    const term = (card: typeof docCard, label: string) =>
      card.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    expect(await term(docCard, 'Trích yếu nội dung').textContent()).to.equal(
      stored!.metadata.document.Subject,
    );
    expect(await term(docCard, 'Ngày, tháng, năm văn bản').textContent()).to.equal('10/03/2024');
    expect(await term(docCard, 'Tên loại văn bản').textContent()).to.equal(
      stored!.metadata.document.TypeName,
    );
    const fileCard = page.getByRole('region', { name: 'Thông tin hồ sơ' });
    expect(await term(fileCard, 'Tiêu đề hồ sơ').textContent()).to.equal('Hồ sơ kiểm kê tài liệu');
    expect(await term(fileCard, 'Thời hạn bảo quản').textContent()).to.equal('10 năm');
    expect(await term(fileCard, 'Phông lưu trữ').textContent()).to.equal(stored!.metadata.file.Fonds);
    expect(await term(fileCard, 'Chế độ sử dụng').textContent()).to.equal(stored!.metadata.file.Rights);
    // Nothing validated yet; the events, newest first: the acceptance and the objects stored.
    await page.getByText('Chưa có kết quả kiểm tra chữ ký nào được lưu cho tài liệu này.').waitFor();
    const events = page.getByRole('table', { name: 'Nhật ký sự kiện của tài liệu' });
    await events.getByText('Tiếp nhận hồ sơ nộp lưu', { exact: true }).waitFor();
    expect(
      await events.getByText('Lưu tệp tài liệu lưu trữ (khóa bất biến)', { exact: true }).count(),
    ).to.equal(objects.length);
    // Details as a person reads them: the object's kind by name, a hash prefix — no codes.
    const pdfs = objects.filter((o) => o.kind === 'pdf-revision').length;
    expect(await events.getByText(/^Bản PDF · SHA-256 [0-9a-f]{12}…$/).count()).to.equal(pdfs);
    expect(await events.getByText('pdf-revision').count()).to.equal(0);
    await page.getByRole('heading', { name: 'Các lần gia hạn chữ ký (LTA)' }).waitFor();
    await page.getByText('Chưa gia hạn lần nào.').waitFor();
    await expectAccessible(page, 'archival record (vi)');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Stored object versions' }).waitFor();
    await page.getByRole('region', { name: 'Document' }).getByText('Subject', { exact: true }).waitFor();
    await page.getByRole('table', { name: "The record's events" }).getByText('Transfer accepted').waitFor();
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
      `SELECT status, indication FROM validation_reports WHERE pdf_sha256 = $1 AND source = 'stored'`,
      [pdf!.sha256],
    )) as { status: string; indication: string | null }[];
    expect(reports).to.have.length(1);
    // The person reads the verdict's Vietnamese label (as on the verdict card), never the raw code.
    const labels: Record<string, string> = {
      TOTAL_PASSED: 'Hợp lệ',
      TOTAL_FAILED: 'Không hợp lệ',
      INDETERMINATE: 'Chưa xác định',
      NO_SIGNATURE: 'Không có chữ ký số',
      UNREADABLE: 'Không đọc được tệp',
    };
    const expected = labels[reports[0]!.indication ?? reports[0]!.status];
    expect(expected, `${reports[0]!.status}/${reports[0]!.indication}`).to.be.a('string');
    expect(await verdict.textContent()).to.equal(`Kết quả kiểm tra: ${expected}`);
    expect(await verdict.textContent()).not.to.match(/[A-Z]{2,}_[A-Z]/);
    // The stored verdict and its event, at once and after opening the page again (shown on load).
    const latest = page.getByRole('region', { name: 'Kết quả kiểm tra chữ ký gần nhất' });
    await latest.getByText('Võ Thanh Tùng', { exact: true }).waitFor();
    await page
      .getByRole('table', { name: 'Nhật ký sự kiện của tài liệu' })
      .getByText('Kiểm tra chữ ký số', { exact: true })
      .waitFor();
    expect(
      await page
        .getByRole('table', { name: 'Nhật ký sự kiện của tài liệu' })
        .getByText(/VALIDATED|UNREADABLE|NO_SIGNATURE|ABORTED/)
        .count(),
    ).to.equal(0);
    await expectAccessible(page, 'archival record validated (vi)');
    await page.goto(url('#/archive'));
    await page.goto(url(`#/archive/records/${recordId}`));
    await latest.getByText('Võ Thanh Tùng', { exact: true }).waitFor();
    await latest.getByText('Bản PDF lưu trữ hiện hành', { exact: true }).waitFor();
    await latest.getByRole('link', { name: 'Xem báo cáo kiểm tra' }).waitFor();
    expect(await latest.getByText('Chưa có kết quả').count()).to.equal(0);
  });

  it("a digitised record's page previews its OCR PDF/A, says so, and offers no signature check", async () => {
    // A digitised record beside the accepted one (its row copied, source kind 'digitised'), with its
    // OCR PDF/A stored as the archive stores it at acceptance.
    const [dig] = (await t.db.query(
      `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal,
         retain_until, metadata, accepted_by, accepted_at)
       SELECT file_id, transfer_id, 'digitised', gen_random_uuid(), unit_id, 99, retain_until,
              jsonb_set(metadata, '{document,Subject}', '"Quyết định số hóa từ bản giấy"'), accepted_by, accepted_at
         FROM archival_records WHERE id = $1 RETURNING id`,
      [recordId],
    )) as { id: string }[];
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('OCR');
    const ocrBytes = Buffer.from(await pdf.save());
    await t.db.transaction((m) =>
      storeArchivalObject(m, b.app.objects, {
        recordId: dig!.id,
        kind: 'ocr-derivative',
        bytes: ocrBytes,
        mediaType: 'application/pdf',
        retainUntil: new Date('2034-12-31T00:00:00Z'),
      }),
    );
    await b.logIn('bl.archivist');
    await page.goto(url(`#/archive/records/${dig!.id}`));
    await page
      .getByText(/^Tài liệu số hóa từ bản gốc giấy: bản xem trước là bản PDF\/A nhận dạng chữ \(OCR\)/)
      .waitFor();
    const frame = page.locator('iframe.pdf-preview');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).to.contain(`/api/archive/records/${dig!.id}/pdf`);
    expect(await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).count()).to.equal(0);
    expect(await page.getByRole('region', { name: 'Kết quả kiểm tra chữ ký gần nhất' }).count()).to.equal(0);
    await expectAccessible(page, 'digitised archival record (vi)');
  });
});
