import { expect } from 'chai';
import { Exchange1764300000000 } from '../../../storage/db/migrations/1764300000000-exchange';
import { foldSearchText } from '../../../workflows/directory/search-text';
import { useTestDatabase } from '../../support/postgres';
import { insertUnit } from '../fixtures';

/**
 * The inbox's `search_text` is a generated column (migration 1764300000000): it must fold exactly as the
 * code folds the query (foldSearchText), or a search without diacritics would miss documents.
 */
describe('storage/db exchange migration: incoming search text', () => {
  const t = useTestDatabase();
  let unitId: string;

  before(async () => {
    unitId = await insertUnit(t.db, { code: '000.00.00.H93', name: 'UBND tỉnh Tìm Kiếm', level: 'province' });
  });

  const SUBJECTS = [
    'Về việc tổ chức Hội nghị tổng kết công tác năm 2025',
    'CÔNG ĐIỆN VỀ ỨNG PHÓ BÃO SỐ 3 – KHẨN',
    'Kế hoạch phòng, chống thiên tai; tìm kiếm cứu nạn',
    'Thông báo   kết luận\tcủa Chủ tịch  ',
    // Decomposed (NFD) input, as some editors paste it.
    'Quyết định thành lập Đoàn kiểm tra liên ngành'.normalize('NFD'),
    'ỷ ỹ ỵ ừ ữ ự ẳ ẵ ặ ẩ ẫ ậ ể ễ ệ ổ ỗ ộ ở ỡ ợ Ư Ơ Ă Â Ê Ô đ Đ',
  ];

  it('equals foldSearchText(notation + " " + subject) for Vietnamese text, composed or decomposed', async () => {
    for (const [n, subject] of SUBJECTS.entries()) {
      const notation = `${n + 1}/QĐ-UBND`;
      const rows: { search_text: string }[] = await t.db.query(
        `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code,
           external_document_id, document_type, notation, subject, urgency, pdf_sha256, received_at)
         VALUES ($1, $1, '000.00.00.G01', $2, 'Quyết định', $3, $4, 'normal', repeat('a', 64), now())
         RETURNING search_text`,
        [unitId, `doc-${n}`, notation, subject],
      );
      expect(rows[0]!.search_text, subject).to.equal(foldSearchText(`${notation} ${subject}`));
    }
  });

  it('follows a corrected subject (the column is generated, not copied)', async () => {
    const [row]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE external_document_id = 'doc-0'`,
    );
    const [[updated]]: [{ search_text: string }[], number] = await t.db.query(
      `UPDATE incoming_documents SET subject = 'Điều chỉnh lịch họp' WHERE id = $1 RETURNING search_text`,
      [row!.id],
    );
    expect(updated!.search_text).to.equal('1/qd-ubnd dieu chinh lich hop');
  });

  it('goes down and up again cleanly', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const m = new Exchange1764300000000();
      await m.down(q);
      expect(
        await q.query(
          `SELECT count(*)::int AS n FROM information_schema.columns
           WHERE table_name = 'incoming_documents' AND column_name IN ('search_text', 'revision')`,
        ),
      ).to.deep.equal([{ n: 0 }]);
      await m.up(q);
      expect(
        await q.query(
          `SELECT count(*)::int AS n FROM information_schema.columns
           WHERE table_name = 'incoming_documents' AND column_name IN ('search_text', 'revision')`,
        ),
      ).to.deep.equal([{ n: 2 }]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
