import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { reindexIncoming, reindexOutgoing } from '../../workflows/search/reindex-documents';
import { useTestDatabase } from '../support/postgres';
import { insertIncoming, insertOutgoing } from '../workflows/search/search-fixtures';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

/**
 * Issue 12 item 9 in Chromium: the clerk types "quyet dinh dong nai" in the top bar's search box (no
 * diacritics) and finds "Quyết định … Đồng Nai" with the words marked, narrows by the type facet, saves
 * the search and opens it again; a number typed as people type it finds the document; the page in
 * English; axe-core in both languages.
 */
describe('search page in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    const w = b.world;
    const a = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      signerUserId: w.users.leader.id,
      subject: 'Quyết định thành lập Ban Chỉ huy phòng, chống thiên tai tỉnh Đồng Nai',
      number: 3,
      issuedOn: '2025-04-02',
      body: 'Điều 1. Thành lập Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh Đồng Nai.',
    });
    const c = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      documentType: 'Kế hoạch',
      notation: 'KH-UBND',
      subject: 'Kế hoạch ứng phó thiên tai năm 2025 của tỉnh Đồng Nai',
      number: 14,
      issuedOn: '2025-05-02',
    });
    const i = await insertIncoming(t.db, {
      recipientUnitId: w.own,
      subject: 'Công văn của tỉnh Đồng Nai về phối hợp quyết định cứu trợ',
      notation: '22/UBND-KT',
    });
    await t.db.transaction(async (m) => {
      await reindexOutgoing(m, [a, c]);
      await reindexIncoming(m, [i]);
    });
  });
  after(async () => {
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  it('finds, filters, marks, saves and reopens a search; numbers as typed; Vietnamese and English', async () => {
    await b.logIn(b.world.users.clerk.username);
    await page.getByRole('search').first().getByLabel('Tìm văn bản').fill('quyet dinh dong nai');
    await page.getByRole('search').first().getByLabel('Tìm văn bản').press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tìm kiếm văn bản, hồ sơ' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 2 kết quả' }).waitFor();
    const hits = page.locator('ol.search-hits > li');
    expect(await hits.count()).to.equal(2);
    const marks = await page.locator('ol.search-hits mark').allTextContents();
    expect(marks).to.include.members(['Quyết', 'định', 'Đồng', 'Nai']);
    await expectAccessible(page, 'search results (vi)');

    // The type facet narrows to the decision.
    await page
      .getByRole('complementary', { name: 'Lọc kết quả' })
      .getByRole('link', { name: /^Quyết định \(1\)/ })
      .click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 1 kết quả' }).waitFor();
    expect(await hits.first().textContent()).to.contain('03/QĐ-UBND');

    // Saved, then opened again from the list.
    await page.getByLabel('Tên để lưu tìm kiếm này').fill('Quyết định Đồng Nai');
    await page.getByRole('button', { name: 'Lưu tìm kiếm' }).click();
    await page.getByRole('link', { name: 'Quyết định Đồng Nai' }).waitFor();
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 2 kết quả' }).waitFor();
    await page.getByRole('link', { name: 'Quyết định Đồng Nai' }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 1 kết quả' }).waitFor();

    // A number as people type it (the filters of the saved search cleared first).
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 2 kết quả' }).waitFor();
    const box = page.getByRole('main').getByLabel('Nội dung tìm kiếm');
    await box.fill('14/kh-ubnd');
    await page.getByRole('main').getByRole('button', { name: 'Tìm kiếm', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 1 kết quả' }).waitFor();
    expect(await hits.first().textContent()).to.contain('Kế hoạch ứng phó thiên tai');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search documents and files' }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 results' }).waitFor();
    await expectAccessible(page, 'search results (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });
});
