import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';
import { WEB_APP } from './support/web-browser';

/**
 * Issue 11 items 1 and 2 in Chromium: the district specialist opens a case file from 'Lưu trữ hồ sơ',
 * puts an issued outgoing document into it from the document's page ('Lập hồ sơ'), closes the file
 * with its end date and transfers it; the district archivist finds the transfer, accepts it and opens
 * the handover record PDF; the archivist puts a digitised paper record into a file from the file page.
 * axe-core on every page, in Vietnamese and in English.
 */
describe('archive: filing, closing, transfer and acceptance in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;
  let documentId: string;
  let fileUrl: string;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    const doc = await issuedOutgoing(t.db, b.app.objects, {
      unitId: b.world.own,
      drafter: {
        userId: b.world.users.specialist.id,
        username: 'bl.specialist',
        unitId: b.world.own,
        roles: ['specialist'],
      },
      signer: {
        userId: b.world.users.leader.id,
        username: 'bl.leader',
        unitId: b.world.own,
        roles: ['leader'],
      },
      issuedOn: '2025-03-10',
      subject: 'Về việc ban hành kế hoạch cải cách hành chính năm 2025',
    });
    documentId = doc.id;
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  const url = (hash: string) => `${b.app.baseUrl}${WEB_APP}${hash}`;

  it('lets the specialist open a file, file an issued document into it, close it and transfer it', async () => {
    await b.logIn('bl.specialist');
    await b.menu().getByText('Lưu trữ hồ sơ', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Lưu trữ – Danh mục hồ sơ' }).waitFor();
    await page.getByText('Chưa có hồ sơ nào.').waitFor();
    await expectAccessible(page, 'archive file list, empty (vi)');

    await page.getByRole('button', { name: 'Lập hồ sơ mới' }).click();
    const form = page.getByRole('form', { name: 'Lập hồ sơ mới' });
    await form.getByLabel('Năm').fill('2025');
    await form.getByLabel('Số và ký hiệu hồ sơ').fill('X'.repeat(31));
    await form.getByLabel('Tiêu đề hồ sơ').fill('Hồ sơ cải cách hành chính năm 2025');
    const retention = form.getByLabel('Thời hạn bảo quản');
    const option = await retention.locator('option', { hasText: '(10 năm)' }).first().getAttribute('value');
    await retention.selectOption(option!);
    await expectAccessible(page, 'new case file form (vi)');
    await form.getByRole('button', { name: 'Lập hồ sơ' }).click();
    // The API refuses 31 characters (Appendix VI: FileCode ≤ 30): the message shows, what was typed stays.
    await form.getByRole('alert').first().waitFor();
    expect(await form.getByLabel('Tiêu đề hồ sơ').inputValue()).to.equal(
      'Hồ sơ cải cách hành chính năm 2025',
    );
    await form.getByLabel('Số và ký hiệu hồ sơ').fill('01.CCHC');
    await form.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await page
      .getByRole('heading', { level: 1, name: '01.CCHC – Hồ sơ cải cách hành chính năm 2025' })
      .waitFor();
    fileUrl = page.url();
    await page.getByText('Đang lập', { exact: true }).waitFor();
    await expectAccessible(page, 'case file, open and empty (vi)');

    // 'Lập hồ sơ' on the outgoing document's page.
    await page.goto(url(`#/outbox/${documentId}`));
    const card = page.getByRole('region', { name: 'Lập hồ sơ' });
    await card.getByLabel('Hồ sơ').waitFor();
    expect(await card.getByLabel('Hồ sơ').locator('option:checked').textContent()).to.equal(
      '01.CCHC – Hồ sơ cải cách hành chính năm 2025',
    );
    await card.getByLabel('Số trang').fill('4');
    await expectAccessible(page, 'outgoing document with the filing card (vi)');
    await card.getByRole('button', { name: 'Đưa vào hồ sơ' }).click();
    await b.status('Đã đưa văn bản vào hồ sơ 01.CCHC.').waitFor();
    await card.getByText('Văn bản thuộc hồ sơ 01.CCHC – Hồ sơ cải cách hành chính năm 2025.').waitFor();
    await card.getByRole('link', { name: 'Mở hồ sơ' }).click();

    await page
      .getByRole('heading', { level: 1, name: '01.CCHC – Hồ sơ cải cách hành chính năm 2025' })
      .waitFor();
    const docs = page.getByRole('table', { name: 'Văn bản trong hồ sơ' });
    await docs.getByText('Về việc ban hành kế hoạch cải cách hành chính năm 2025').waitFor();
    expect(await docs.textContent())
      .to.contain('Văn bản đi')
      .and.contain('10/03/2025');
    await page.getByLabel('Thời gian kết thúc').fill('2025-12-31');
    await page.getByRole('button', { name: 'Kết thúc hồ sơ' }).click();
    await b.status('Hồ sơ đã kết thúc.').waitFor();
    await page.getByText('Đã kết thúc', { exact: true }).waitFor();
    const info = await page.getByRole('region', { name: 'Thông tin hồ sơ' }).textContent();
    expect(info).to.contain('10/03/2025').and.contain('31/12/2025').and.contain('31/12/2026');
    await expectAccessible(page, 'case file, closed (vi)');

    await page.getByLabel('Ghi chú gửi lưu trữ viên').fill('Nộp lưu hồ sơ năm 2025');
    await page.getByRole('button', { name: 'Nộp lưu hồ sơ' }).click();
    await page.getByRole('heading', { level: 1, name: /^Đợt nộp lưu – / }).waitFor();
    await page.getByText('Chờ tiếp nhận', { exact: true }).first().waitFor();
    expect(await page.getByRole('table', { name: 'Mục lục hồ sơ nộp lưu' }).textContent()).to.contain(
      '01.CCHC',
    );
    expect(await page.getByRole('button', { name: 'Tiếp nhận' }).count()).to.equal(0);
    await expectAccessible(page, 'transfer, submitted, specialist (vi)');
  });

  it('lets the archivist accept the transfer and open the handover record, in both languages', async () => {
    await b.logIn('bl.archivist');
    await b.menu().getByText('Lưu trữ hồ sơ', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Lưu trữ – Danh mục hồ sơ' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Các mục lưu trữ' })
      .getByRole('link', { name: 'Nộp lưu' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Nộp lưu hồ sơ' }).waitFor();
    const list = page.getByRole('table', { name: 'Nộp lưu hồ sơ' });
    await list.getByText('Chờ tiếp nhận').waitFor();
    await expectAccessible(page, 'transfers (vi)');
    await list.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Đợt nộp lưu – / }).waitFor();
    await expectAccessible(page, 'transfer to decide (vi)');
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await b.status('Đã tiếp nhận; 1 tài liệu đã vào Lưu trữ cơ quan.').waitFor();
    await page.getByText('Đã tiếp nhận', { exact: true }).first().waitFor();
    const link = page.getByRole('link', { name: 'Biên bản giao nhận (PDF)' });
    const href = await link.getAttribute('href');
    const pdf = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) };
    }, href);
    expect(pdf).to.deep.equal({ status: 200, type: 'application/pdf', head: '%PDF-' });
    await expectAccessible(page, 'transfer accepted (vi)');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /^Transfer – / }).waitFor();
    await page.getByText('Accepted', { exact: true }).first().waitFor();
    await expectAccessible(page, 'transfer accepted (en)');
    await page.goto(fileUrl);
    await page.getByText('In the agency archive', { exact: true }).waitFor();
    // The file's archival record, kept until 10 years after the end date; the archivist places a legal hold.
    const records = page.getByRole('table', { name: 'Archival records of the file' });
    await records.getByText('31/12/2035').waitFor();
    await page.getByLabel('Reason for the hold or its release').fill('Thanh tra năm 2026');
    await records.getByRole('button', { name: /^Place hold – record / }).click();
    await b.status('Legal hold placed.').waitFor();
    await records.getByRole('button', { name: /^Lift hold – record / }).waitFor();
    await expectAccessible(page, 'case file, archived (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByText('Đã vào Lưu trữ cơ quan', { exact: true }).waitFor();

    const rows: { retain_until: string; legal_hold: boolean }[] = await t.db.query(
      `SELECT retain_until::text, legal_hold FROM archival_records`,
    );
    expect(rows).to.deep.equal([{ retain_until: '2035-12-31', legal_hold: true }]);
  });

  it('lets the archivist put a digitised paper record into a file from the file page', async () => {
    // A digitised record of the unit as the OCR job leaves it (docs/digitisation.md): scan and OCR PDF/A.
    const scan = await b.app.objects.put(Buffer.from('II*\0 bản quét quyết định 15'), {
      contentType: 'image/tiff',
    });
    const ocr = await b.app.objects.put(Buffer.from('%PDF-1.7 OCR quyết định 15'), {
      contentType: 'application/pdf',
    });
    const [rec] = (await t.db.query(
      `INSERT INTO digitised_records (unit_id, title, origin, document_number, document_date, issuer, status,
         pages_total, pages_done, created_by, created_at, digitised_at)
       VALUES ($1, 'Quyết định thành lập trường tiểu học', 'paper_original', '15/QĐ-UBND', '2005-04-02',
         'UBND huyện Bình Lục', 'done', 1, 1, $2, now(), now()) RETURNING id`,
      [b.world.own, b.world.users.clerk.id],
    )) as { id: string }[];
    await t.db.query(
      `INSERT INTO digitised_files (record_id, seq, file_name, media_type, original_sha256, original_size, pages,
         dpi, derivative_sha256, derivative_size, text_method, added_at)
       VALUES ($1, 1, 'qd-15.tif', 'image/tiff', $2, $3, 1, 300, $4, $5, 'ocr', now())`,
      [rec!.id, scan.sha256, scan.size, ocr.sha256, ocr.size],
    );

    await page.goto(url('#/archive'));
    await page.getByRole('heading', { level: 1, name: 'Lưu trữ – Danh mục hồ sơ' }).waitFor();
    await page.getByRole('button', { name: 'Lập hồ sơ mới' }).click();
    const form = page.getByRole('form', { name: 'Lập hồ sơ mới' });
    await form.getByLabel('Năm').fill('2005');
    await form.getByLabel('Số và ký hiệu hồ sơ').fill('02.SH');
    await form.getByLabel('Tiêu đề hồ sơ').fill('Hồ sơ thành lập trường năm 2005');
    const retention = form.getByLabel('Thời hạn bảo quản');
    const option = await retention.locator('option', { hasText: '(10 năm)' }).first().getAttribute('value');
    await retention.selectOption(option!);
    await form.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await page.getByRole('heading', { level: 1, name: '02.SH – Hồ sơ thành lập trường năm 2005' }).waitFor();

    const panel = page.getByRole('region', { name: 'Thêm bản số hóa' });
    const select = panel.getByLabel('Bản số hóa đã nhận dạng');
    await select.waitFor();
    await expectAccessible(page, 'case file with the digitised-record panel (vi)');
    await select.selectOption(rec!.id);
    await panel.getByRole('button', { name: 'Đưa vào hồ sơ' }).click();
    await b.status('Đã đưa bản số hóa vào hồ sơ').waitFor();
    const docs = page.getByRole('table', { name: 'Văn bản trong hồ sơ' });
    await docs.getByText('Quyết định thành lập trường tiểu học').waitFor();
    expect(await docs.textContent())
      .to.contain('Bản số hóa')
      .and.contain('02/04/2005');
    expect(await docs.getByRole('link', { name: '15/QĐ-UBND' }).getAttribute('href')).to.contain(
      `#/digitisation/${rec!.id}`,
    );
    // Filed: no longer offered.
    await panel.getByText('Đơn vị chưa có bản số hóa nào đã nhận dạng xong để đưa vào hồ sơ.').waitFor();
    const filed: { source_kind: string; doc_ordinal: number }[] = await t.db.query(
      `SELECT source_kind, doc_ordinal FROM case_file_documents WHERE source_id = $1`,
      [rec!.id],
    );
    expect(filed).to.deep.equal([{ source_kind: 'digitised', doc_ordinal: 1 }]);
  });
});
