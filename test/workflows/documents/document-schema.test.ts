import { expect } from 'chai';
import { DocumentWorkflow1763800000000 } from '../../../storage/db/migrations/1763800000000-document-workflow';
import { migrations } from '../../../storage/db/migrations';
import { useTestDatabase } from '../../support/postgres';
import { insertActor, insertUnit } from '../fixtures';

describe('storage/db document workflow migration', () => {
  const t = useTestDatabase();

  it('goes down and up again cleanly', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const m = new DocumentWorkflow1763800000000();
      // Every later migration may reference these tables: they go first (newest first) and come back last.
      const later = migrations
        .slice(migrations.indexOf(DocumentWorkflow1763800000000) + 1)
        .map((M) => new M());
      for (const l of [...later].reverse()) await l.down(q);
      await m.down(q);
      expect(await q.query(`SELECT to_regclass('incoming_documents') AS t`)).to.deep.equal([{ t: null }]);
      await m.up(q);
      for (const l of later) await l.up(q);
      expect(await q.query(`SELECT to_regclass('incoming_documents')::text AS t`)).to.deep.equal([
        { t: 'incoming_documents' },
      ]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('refuses in the database what the domain refuses: a second copy for one recipient, a refusal without reason', async () => {
    const unitId = await insertUnit(t.db, {
      code: '000.00.00.H94',
      name: 'UBND tỉnh Lược Đồ',
      level: 'province',
    });
    const other = await insertUnit(t.db, {
      code: '000.00.10.H94',
      name: 'UBND huyện Lược Đồ',
      level: 'district',
      parentId: unitId,
    });
    const actor = await insertActor(t.db, unitId, 'schema.cv', ['specialist']);
    const [doc]: { id: string }[] = await t.db.query(
      `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, drafter_user_id, pdf_sha256, pdf_size,
         created_at, updated_at) VALUES ($1, 'Công văn', 'UBND', 'x', $2, repeat('a', 64), 10, now(), now()) RETURNING id`,
      [unitId, actor.userId],
    );
    const deliver = () =>
      t.db.query(
        `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, document_type, notation, subject,
           urgency, pdf_sha256, status_code, refusal_reason, received_at)
         VALUES ($1, $1, $2, 'Công văn', 'UBND', 'x', 'normal', repeat('a', 64), '01', NULL, now())`,
        [other, doc!.id],
      );
    await deliver();
    const dup = await deliver().catch((e: { driverError?: { code?: string } }) => e.driverError?.code);
    expect(dup).to.equal('23505'); // unique (outgoing_id, recipient_unit_id)
    const err = await t.db
      .query(`UPDATE incoming_documents SET status_code = '02' WHERE outgoing_id = $1`, [doc!.id])
      .catch((e: { driverError?: { code?: string } }) => e.driverError?.code);
    expect(err).to.equal('23514'); // check: status 02 needs a refusal reason
  });
});
