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
    // The coverage counts the archival records of the archivist's units (docs/archive.md, "Fixity"):
    // the four objects belong to one record of the archivist's unit.
    const recordId = await archivalRecordOf(b.world.users.archivist.id);
    const shas: string[] = [];
    for (let i = 0; i < 4; i++) {
      const stored = await t.db.transaction((m) =>
        storeArchivalObject(m, b.app.objects, {
          recordId,
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
  /** One archived 2025 case file of `userId`'s unit holding one archival record; the record's id. */
  async function archivalRecordOf(userId: string): Promise<string> {
    const now = b.state.clock.now();
    const [{ unit_id: unitId }] = (await t.db.query(`SELECT unit_id FROM users WHERE id = $1`, [userId])) as {
      unit_id: string;
    }[];
    const [{ id: retentionId }] = (await t.db.query(`SELECT id FROM retention_periods LIMIT 1`)) as {
      id: string;
    }[];
    const [f] = (await t.db.query(
      `INSERT INTO case_files (unit_id, year, file_code, title, retention_id, person_in_charge_id, status,
         start_date, end_date, created_by, created_at, updated_at)
       VALUES ($1, 2025, 'F.FIXITY', 'Hồ sơ', $2, $3, 'archived', '2025-01-01', '2025-12-31', $3, $4, $4)
       RETURNING id`,
      [unitId, retentionId, userId, now],
    )) as { id: string }[];
    const [tr] = (await t.db.query(
      `INSERT INTO archive_transfers (unit_id, submitted_by, submitted_at) VALUES ($1, $2, $3) RETURNING id`,
      [unitId, userId, now],
    )) as { id: string }[];
    const [r] = (await t.db.query(
      `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal,
         retain_until, metadata, accepted_by, accepted_at)
       VALUES ($1, $2, 'outgoing', $3, $4, 1, '2036-01-01', '{}', $5, $6) RETURNING id`,
      [f!.id, tr!.id, randomUUID(), unitId, userId, now],
    )) as { id: string }[];
    return r!.id;
  }

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
