import { expect } from 'chai';
import { Validation1764200000000 } from '../../../storage/db/migrations/1764200000000-validation';
import { useTestDatabase } from '../../support/postgres';
import { insertUnit } from '../fixtures';

describe('storage/db validation migration', () => {
  const t = useTestDatabase();

  it('goes down and up again cleanly', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const m = new Validation1764200000000();
      await m.down(q);
      expect(await q.query(`SELECT to_regclass('validation_reports') AS t`)).to.deep.equal([{ t: null }]);
      await m.up(q);
      for (const table of [
        'trust_anchors',
        'revocation_hosts',
        'validation_batches',
        'validation_reports',
        'validation_batch_files',
      ])
        expect(await q.query(`SELECT to_regclass($1)::text AS t`, [table])).to.deep.equal([{ t: table }]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('refuses in the database a passed or empty ABORTED report, an indication on an unreadable one, a bad hash', async () => {
    const unitId = await insertUnit(t.db, {
      code: '000.00.00.H93',
      name: 'UBND tỉnh Kiểm Tra',
      level: 'province',
    });
    const insert = (status: string, indication: string | null, sha = 'a'.repeat(64)) =>
      t.db.query(
        `INSERT INTO validation_reports (unit_id, source, pdf_sha256, pdf_size, report_sha256, status, indication,
           signatures, created_at) VALUES ($1, 'upload', $2, 1, $2, $3, $4, 0, now())`,
        [unitId, sha, status, indication],
      );
    await insert('ABORTED', 'INDETERMINATE');
    await insert('VALIDATED', 'TOTAL_PASSED');
    for (const [status, indication, sha] of [
      ['ABORTED', 'TOTAL_PASSED', undefined],
      ['ABORTED', null, undefined],
      ['UNREADABLE', 'TOTAL_FAILED', undefined],
      ['VALIDATED', null, undefined],
      ['VALIDATED', 'TOTAL_PASSED', 'XYZ'],
    ] as const) {
      let refused = false;
      await insert(status, indication, sha).catch(() => (refused = true));
      expect(refused, `${status} ${indication} ${sha}`).to.equal(true);
    }
  });
});
