import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import type { DocumentsBrowser } from './support/documents-browser';
import { useDocumentsBrowser } from './support/documents-browser-calls';

/**
 * Issue 14 item 8 in Chromium: the admin sets up the incoming register books of a unit below on
 * #/register-books (menu 'Thiết lập sổ văn bản đến') — a book per type, a classified book; a missing
 * name shown at its field; a book deactivated by editing it. A clerk has no such menu entry. axe-core vi and en.
 */
describe('register books page (#/register-books) in Chromium', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  const browser = useDocumentsBrowser(t);
  let b: DocumentsBrowser;
  let page: Page;
  before(() => {
    b = browser();
    page = b.page;
  });
  const logIn = (username: string) => b.logIn(username);

  it('lets the admin create, list and deactivate the books of a unit below', async () => {
    const [{ name: childName }] = await t.db.query(`SELECT name FROM units WHERE id = $1`, [b.world.child]);
    await logIn('bl.admin');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Thiết lập sổ văn bản đến' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Thiết lập sổ đăng ký văn bản đến' }).waitFor();
    await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: childName });
    await page.getByText('Đơn vị chưa lập sổ riêng').waitFor();
    const form = page.getByRole('form', { name: 'Lập sổ mới' });
    // No name: the API's field error at the field, nothing saved.
    await form.getByRole('button', { name: 'Lưu sổ' }).click();
    await form.locator('.field-error').first().waitFor();
    expect((await t.db.query(`SELECT count(*)::int AS n FROM register_books`))[0].n).to.equal(0);

    await form.getByLabel('Tên sổ').fill('Sổ công văn, quyết định đến');
    await form.getByLabel('Loại văn bản').fill('Công văn, Quyết định');
    await expectAccessible(page, 'register books, new book (vi)');
    await form.getByRole('button', { name: 'Lưu sổ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu sổ Sổ công văn, quyết định đến.' }).waitFor();
    const form2 = page.getByRole('form', { name: 'Lập sổ mới' });
    await form2.getByLabel('Tên sổ').fill('Sổ văn bản mật đến');
    await form2.getByLabel('Sổ văn bản mật').check();
    await form2.getByRole('button', { name: 'Lưu sổ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu sổ Sổ văn bản mật đến.' }).waitFor();
    await page.getByRole('cell', { name: 'Sổ văn bản mật đến', exact: true }).waitFor();
    const rows = () =>
      page.locator('table.data-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(tr.querySelectorAll('td'))
            .slice(0, 4)
            .map((td) => td.textContent),
        ),
      );
    expect(await rows()).to.have.deep.members([
      ['Sổ công văn, quyết định đến', 'Công văn, Quyết định', 'Không', 'Đang sử dụng'],
      ['Sổ văn bản mật đến', 'Mọi loại', 'Có', 'Đang sử dụng'],
    ]);

    await page.getByRole('button', { name: 'Sửa sổ Sổ văn bản mật đến' }).click();
    const edit = page.getByRole('form', { name: 'Sửa sổ' });
    await edit.getByLabel('Đang sử dụng').uncheck();
    await edit.getByRole('button', { name: 'Lưu sổ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu sổ Sổ văn bản mật đến.' }).waitFor();
    await page.getByRole('cell', { name: 'Ngừng sử dụng', exact: true }).waitFor();
    expect(await rows()).to.have.deep.members([
      ['Sổ công văn, quyết định đến', 'Công văn, Quyết định', 'Không', 'Đang sử dụng'],
      ['Sổ văn bản mật đến', 'Mọi loại', 'Có', 'Ngừng sử dụng'],
    ]);
    const stored = await t.db.query(`SELECT name, unit_id, active FROM register_books ORDER BY name`);
    expect(stored).to.deep.equal([
      { name: 'Sổ công văn, quyết định đến', unit_id: b.world.child, active: true },
      { name: 'Sổ văn bản mật đến', unit_id: b.world.child, active: false },
    ]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incoming register books' }).waitFor();
    await page.getByRole('cell', { name: 'Deactivated', exact: true }).waitFor();
    await expectAccessible(page, 'register books list (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });

  it('is not in the clerk’s menu', async () => {
    await logIn('tl.clerk');
    expect(await page.getByRole('link', { name: 'Thiết lập sổ văn bản đến' }).count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Sổ đăng ký văn bản' }).count()).to.be.above(0);
  });
});
