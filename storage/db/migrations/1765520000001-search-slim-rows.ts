import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search speed (issue 12): keep `search_entries` rows slim. A page of body (~2,000 characters) and its
 * tsvector compress to under the default 2 kB toast threshold, so they stayed in the row: about one
 * entry per 8 kB heap page (540 MB for 100,000 entries), and every match the GIN bitmap returns — counted,
 * filtered by access, sorted by date — read a whole page. With `toast_tuple_target = 128` the toaster
 * compresses body and tsvector and moves them out of line, leaving the columns a search filters, sorts and ranks on
 * (`rank_head` included, storage MAIN) in a row of a few hundred bytes. Existing rows are rewritten once.
 */
const SMALL_COLUMNS = [
  'source_kind',
  'source_id',
  'classification',
  'title',
  'number',
  'document_type',
  'issuer',
  'recipients',
  'signer',
  'status',
  'urgency',
  'file_code',
  'retention',
  'level',
  'edxml_id',
  'reader_roles',
  'reader_user_ids',
  'number_key',
  'edxml_key',
  'short_text',
  'rank_head',
];

export class SearchSlimRows1765520000001 implements MigrationInterface {
  name = 'SearchSlimRows1765520000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_entries SET (toast_tuple_target = 128)`);
    // Every other variable-length column stays in the row (MAIN: out of line only if the row would still
    // exceed ~2 kB without body and document): filters, facets and ranking never detoast.
    await q.query(
      `ALTER TABLE search_entries ${SMALL_COLUMNS.map((c) => `ALTER COLUMN ${c} SET STORAGE MAIN`).join(', ')}`,
    );
    await q.query(`UPDATE search_entries SET body = body`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_entries RESET (toast_tuple_target)`);
    await q.query(
      `ALTER TABLE search_entries ${SMALL_COLUMNS.map((c) => `ALTER COLUMN ${c} SET STORAGE EXTENDED`).join(', ')}`,
    );
  }
}
