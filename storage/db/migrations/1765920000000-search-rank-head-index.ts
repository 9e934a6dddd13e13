import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search speed (issue 12, SEARCH-PERF-2): a GIN index on `rank_head` (number, subject and descriptive
 * fields — no body). A phrase whose words are in most entries ("ban hành phòng": "ban hành" and "Văn
 * phòng" are in every body) finds its subject-field matches through it instead of walking the date index
 * over every entry (docs/search.md). Small: a few lexemes per entry.
 */
export class SearchRankHeadIndex1765920000000 implements MigrationInterface {
  name = 'SearchRankHeadIndex1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX search_entries_rank_head_idx ON search_entries USING gin (rank_head)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX search_entries_rank_head_idx`);
  }
}
