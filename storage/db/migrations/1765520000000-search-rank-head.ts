import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search speed (issue 12): relevance is ranked on `rank_head`, a small stored tsvector of the number,
 * subject (weight A) and the descriptive fields (weight B) — the same lexemes as the head of `document`,
 * without the body. Ranking the candidates on `document` read (detoasted) every candidate's whole
 * tsvector, body included: about half of a relevance query's time (docs/search.md "Query plans"). The
 * body still decides whether an entry matches (GIN on `document`); body-only matches rank below subject
 * matches and among themselves by date.
 */
export class SearchRankHead1765520000000 implements MigrationInterface {
  name = 'SearchRankHead1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION search_rank_head(number text, title text, document_type text, issuer text, signer text,
         file_code text, year integer, recipients text[]) RETURNS tsvector
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $f$ SELECT setweight(to_tsvector('simple', concat_ws(' ', vn_fold(number), vn_number_key(number), vn_fold(title))), 'A')
               || setweight(to_tsvector('simple', vn_fold(concat_ws(' ', document_type, issuer, signer, file_code,
                                                                   year::text, array_to_string(recipients, ' ')))), 'B') $f$`,
    );
    await q.query(
      `ALTER TABLE search_entries ADD COLUMN rank_head tsvector GENERATED ALWAYS AS
         (search_rank_head(number, title, document_type, issuer, signer, file_code, year, recipients)) STORED`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_entries DROP COLUMN rank_head`);
    await q.query(`DROP FUNCTION search_rank_head(text, text, text, text, text, text, integer, text[])`);
  }
}
