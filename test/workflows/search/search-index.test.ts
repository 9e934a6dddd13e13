import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { FOLD_FROM, FOLD_TO, foldText } from '../../../workflows/search/fold-text';
import { deleteSearchEntry, upsertSearchEntry } from '../../../workflows/search/search-index';

describe('workflows/search search index', () => {
  const t = useTestDatabase();
  const unitId = '00000000-0000-4000-8000-000000000001';

  it('folds Vietnamese the same in TypeScript and in the database (vn_fold), letter by letter', async () => {
    const samples = [
      ...FOLD_FROM,
      'Quyết định số 01/QĐ-UBND',
      'ĐỒNG NAI',
      'Nguyễn Thị Mai',
      'Kế hoạch\u00a0phòng, chống thiên tai',
      'Ho\u0300a to\u0302\u0301c', // decomposed (NFD) input
      'K\u212a ÆØ Дом 日本 ǅ',
      "x'; DROP TABLE units; --",
    ];
    const rows = (await t.db.query(`SELECT s, vn_fold(s) AS f FROM unnest($1::text[]) s`, [samples])) as {
      s: string;
      f: string;
    }[];
    const diff = rows
      .filter((r) => r.f !== foldText(r.s))
      .map((r) => `${r.s}: db ${r.f} ts ${foldText(r.s)}`);
    expect(diff).to.deep.equal([]);
    const table = [...FOLD_FROM].filter((c, i) => foldText(c) !== FOLD_TO[i]);
    expect(table).to.deep.equal([]);
    expect(foldText('Quyết định số 01/QĐ-UBND')).to.equal('quyet dinh so 01 qd ubnd');
    expect(foldText('ĐỒNG NAI')).to.equal('dong nai');
  });

  it('keys a number as people type it: 01/QĐ-UBND, 1/QĐ-UBND, 1/qd-ubnd and 01/QD-UBND are one key', async () => {
    const rows = (await t.db.query(`SELECT DISTINCT vn_number_key(s) AS k FROM unnest($1::text[]) s`, [
      ['01/QĐ-UBND', '1/QĐ-UBND', '1/qd-ubnd', '01/QD-UBND', ' 001 / qđ ubnd'],
    ])) as { k: string }[];
    expect(rows.map((r) => r.k)).to.deep.equal(['1 qd ubnd']);
    const [e] = (await t.db.query(`SELECT vn_edxml_key($1) AS a, vn_edxml_key($2) AS b`, [
      '000.00.00.H41,2024/01/05,01/QĐ-UBND',
      '000.00.00.h41,2024/01/05,1/qd-ubnd',
    ])) as { a: string; b: string }[];
    expect(e.a).to.equal('000 00 00 h41 2024 01 05 1 qd ubnd');
    expect(e.b).to.equal(e.a);
  });

  it('upserts an entry with a folded tsvector and trigram text, replaces it and deletes it', async () => {
    await t.db.transaction(async (m) => {
      await upsertSearchEntry(m, {
        sourceKind: 'scan',
        sourceId: 'a1',
        unitId,
        title: 'Quyết định thành lập Ban chỉ huy phòng, chống thiên tai tỉnh Đồng Nai',
        number: '01/QĐ-UBND',
        documentType: 'Quyết định',
        signer: 'Nguyễn Thị Mai',
        year: 2024,
        body: 'Điều 1.\u0000 Thành lập',
      });
    });
    const match = async (q: string): Promise<number> => {
      const [r] = (await t.db.query(
        `SELECT count(*)::int AS n FROM search_entries WHERE document @@ to_tsquery('simple', $1)`,
        [q],
      )) as { n: number }[];
      return r!.n;
    };
    expect(await match('dong & nai')).to.equal(1);
    expect(await match('quyet <-> dinh <-> thanh <-> lap')).to.equal(1);
    expect(await match('1 <-> qd <-> ubnd')).to.equal(1);
    expect(await match('mai & 2024')).to.equal(1);
    expect(await match('dieu & 1')).to.equal(1);
    const [trgm] = (await t.db.query(
      `SELECT word_similarity('nguyen thi mia', short_text) > 0.5 AS near FROM search_entries`,
    )) as { near: boolean }[];
    expect(trgm!.near).to.equal(true);
    await t.db.transaction((m) =>
      upsertSearchEntry(m, { sourceKind: 'scan', sourceId: 'a1', unitId, title: 'Báo cáo' }),
    );
    expect(await match('dong & nai')).to.equal(0);
    await t.db.transaction((m) => deleteSearchEntry(m, 'scan', 'a1'));
    const [n] = (await t.db.query(`SELECT count(*)::int AS n FROM search_entries`)) as { n: number }[];
    expect(n!.n).to.equal(0);
  });

  it('stores the rank head: the lexemes of document without the body, with the same weights (A, B)', async () => {
    await t.db.transaction((m) =>
      upsertSearchEntry(m, {
        sourceKind: 'file',
        sourceId: 'rank-1',
        unitId,
        title: 'Kế hoạch phòng chống lụt bão',
        number: '07/KH-UBND',
        documentType: 'Kế hoạch',
        signer: 'Trần Thị Mai',
        year: 2025,
        body: 'Đê bao và hồ chứa nước được kiểm tra trước mùa mưa bão',
      }),
    );
    const [row] = (await t.db.query(
      `SELECT rank_head::text AS head,
              (SELECT string_agg(l, ' ' ORDER BY l) FROM unnest(rank_head) AS u(l, p, w)) AS head_words,
              (SELECT string_agg(l, ' ' ORDER BY l) FROM unnest(document) AS u(l, p, w) WHERE w && '{A,B}'::text[])
                AS document_head_words,
              rank_head @@ to_tsquery('simple', 'kiem & tra') AS body_in_head
       FROM search_entries WHERE source_kind = 'file' AND source_id = 'rank-1'`,
    )) as { head: string; head_words: string; document_head_words: string; body_in_head: boolean }[];
    expect(row!.head_words).to.equal(row!.document_head_words);
    expect(row!.head_words.split(' ')).to.include.members([
      '7',
      '07',
      'kh',
      'ubnd',
      'lut',
      'bao',
      'mai',
      '2025',
    ]);
    expect(row!.head).to.include("'lut':").and.include('A').and.include("'mai':");
    expect(row!.body_in_head).to.equal(false);
    await t.db.transaction((m) => deleteSearchEntry(m, 'file', 'rank-1'));
  });

  it('keeps rows slim: a page of body and its tsvector are stored out of line, the rank head in the row', async () => {
    const page = Array.from(
      { length: 30 },
      (_, i) => `Điều ${i + 1}. Ủy ban nhân dân các huyện tổ chức triển khai thực hiện kế hoạch số ${i}.`,
    ).join(' ');
    await t.db.transaction((m) =>
      upsertSearchEntry(m, {
        sourceKind: 'scan',
        sourceId: 'slim-1',
        unitId,
        title: 'Kế hoạch triển khai thực hiện công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025',
        issuer: 'Ủy ban nhân dân tỉnh Long An',
        body: page,
      }),
    );
    const [row] = (await t.db.query(
      `SELECT length(body) AS chars, pg_column_toast_chunk_id(body) IS NOT NULL AS body_out,
              pg_column_toast_chunk_id(document) IS NOT NULL AS document_out,
              pg_column_toast_chunk_id(rank_head) IS NULL AND pg_column_toast_chunk_id(title) IS NULL
                AND pg_column_toast_chunk_id(issuer) IS NULL AS head_in
       FROM search_entries WHERE source_kind = 'scan' AND source_id = 'slim-1'`,
    )) as { chars: number; body_out: boolean; document_out: boolean; head_in: boolean }[];
    expect(row!.chars).to.be.greaterThan(2000);
    expect(row).to.include({ body_out: true, document_out: true, head_in: true });
    await t.db.transaction((m) => deleteSearchEntry(m, 'scan', 'slim-1'));
  });
});
