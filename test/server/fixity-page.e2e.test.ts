import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { configureArchiveStorage, storeArchivalObject } from '../../workflows/archive/archival-objects';
import { runFixityCheck } from '../../workflows/archive/fixity';
import { systemClock } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { expectAccessible } from './support/axe-check';
import { startDocumentsBrowser, type DocumentsBrowser } from './support/documents-browser';

/**
 * Issue 11 items 5 and 10 in Chromium: archival objects are checked by the fixity run, one of them was
 * changed on disk; the archivist opens 'Kiểm tra toàn vẹn' from the menu and sees the coverage, the
 * failure (not repaired) and the finished run; the page in English; axe-core in both languages.
 */
describe('archive fixity page in Chromium', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let b: DocumentsBrowser;
  let page: Page;

  before(async () => {
    b = await startDocumentsBrowser(t.db);
    page = b.page;
    configureArchiveStorage({ clock: b.state.clock, replica: undefined });
    const shas: string[] = [];
    for (let i = 0; i < 4; i++) {
      const stored = await t.db.transaction((m) =>
        storeArchivalObject(m, b.app.objects, {
          recordId: randomUUID(),
          kind: 'pdf-revision',
          bytes: Buffer.concat([Buffer.from(`%PDF-1.7 Hồ sơ ${i}\n`), randomBytes(5000)]),
          mediaType: 'application/pdf',
          retainUntil: new Date('2036-01-01T00:00:00Z'),
        }),
      );
      shas.push(stored.sha256);
    }
    const file = path.join(b.state.objectsDir, shas[0]!.slice(0, 2), shas[0]!.slice(2, 4), shas[0]!);
    fs.chmodSync(file, 0o644);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(file, bytes);
    const run = await runFixityCheck(t.db, b.app.objects, { clock: b.state.clock });
    expect(run).to.include({ status: 'finished', objectsChecked: 4, failures: 1 });
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock });
    if (b) expect(b.problems, b.problems.join('\n')).to.deep.equal([]);
    await b?.close();
  });

  it('shows the archivist the coverage, the damaged object and the run, in Vietnamese and in English', async () => {
    await b.logIn(b.world.users.archivist.username);
    await b.menu().getByText('Kiểm tra toàn vẹn', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra toàn vẹn tài liệu lưu trữ' }).waitFor();
    const failures = page.getByRole('table', { name: 'Lỗi gần đây' });
    await failures.getByText('Nội dung bị thay đổi').waitFor();
    await failures.getByText('Chưa khôi phục').waitFor();
    await page
      .getByRole('table', { name: 'Các lượt kiểm tra' })
      .getByText('Hoàn tất', { exact: true })
      .waitFor();
    expect(
      await page
        .getByText('Đã kiểm tra trong 30 ngày')
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).to.contain('4 / 4');
    await expectAccessible(page, 'fixity (vi)');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Archive fixity' }).waitFor();
    await page.getByRole('table', { name: 'Recent failures' }).getByText('Content changed').waitFor();
    await page.getByRole('link', { name: 'Last 7 days' }).click();
    await page.getByText('Checked in the last 7 days').waitFor();
    await expectAccessible(page, 'fixity (en)');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });
});
