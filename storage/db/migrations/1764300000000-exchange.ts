import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Folds `notation + subject` for the inbox search exactly as workflows/directory/search-text.ts does
 * (NFD, combining marks U+0300–U+036F dropped, đ → d, whitespace collapsed, lower case). Every function
 * used is IMMUTABLE in PostgreSQL, so this is a generated column on every server, without `unaccent`.
 * Vietnamese letters all decompose to ASCII base letters plus marks (đ is mapped first), so `lower` gives
 * the same result under any collation, "C" included.
 */
const INCOMING_SEARCH_TEXT = `lower(btrim(regexp_replace(regexp_replace(
    translate(normalize(notation || ' ' || subject, NFD), 'đĐ', 'dD'),
    '[\u0300-\u036f]', '', 'g'), '\\s+', ' ', 'g')))`;

const VERSION_STEPS = `'drafted', 'revised', 'signed', 'numbered', 'sealed', 'attachment_signed', 'scanned'`;

/**
 * Exchange over HTTP (docs/workflows.md "HTTP API"): the inbox's search text and sort index, and the
 * update of an issued document (edXML business type 2): a revision counter on both sides, an `updated`
 * step in the version history, and status events of kind `update` that the sender and the recipient see.
 */
export class Exchange1764300000000 implements MigrationInterface {
  name = 'Exchange1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE incoming_documents ADD COLUMN search_text text GENERATED ALWAYS AS (${INCOMING_SEARCH_TEXT}) STORED`,
    );
    // The inbox order: urgent first, then newest (keyset pagination walks this index backwards).
    await q.query(
      `CREATE INDEX incoming_documents_inbox_idx ON incoming_documents (recipient_unit_id, urgent, received_at, id)`,
    );

    await q.query(`
      ALTER TABLE outgoing_documents
        ADD COLUMN revision integer NOT NULL DEFAULT 1 CONSTRAINT outgoing_documents_revision_check CHECK (revision >= 1),
        ADD COLUMN revised_at timestamptz`);
    await q.query(`
      ALTER TABLE incoming_documents
        ADD COLUMN revision integer NOT NULL DEFAULT 1 CONSTRAINT incoming_documents_revision_check CHECK (revision >= 1),
        ADD COLUMN revised_at timestamptz`);
    await q.query(`
      ALTER TABLE document_versions DROP CONSTRAINT document_versions_step_check,
        ADD CONSTRAINT document_versions_step_check CHECK (step IN (${VERSION_STEPS}, 'updated'))`);
    await q.query(`
      ALTER TABLE status_events
        ADD COLUMN kind text NOT NULL DEFAULT 'status' CONSTRAINT status_events_kind_check CHECK (kind IN ('status', 'update'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Going down would have to drop recorded updates: refuse instead of losing them.
    const [{ n }]: { n: number }[] = await q.query(
      `SELECT count(*)::int AS n FROM document_versions WHERE step = 'updated'`,
    );
    if (n > 0) throw new Error(`${n} updates of issued documents are recorded; not reverting ${this.name}`);
    await q.query(`ALTER TABLE status_events DROP COLUMN kind`);
    await q.query(`
      ALTER TABLE document_versions DROP CONSTRAINT document_versions_step_check,
        ADD CONSTRAINT document_versions_step_check CHECK (step IN (${VERSION_STEPS}))`);
    await q.query(`ALTER TABLE incoming_documents DROP COLUMN revision, DROP COLUMN revised_at`);
    await q.query(`ALTER TABLE outgoing_documents DROP COLUMN revision, DROP COLUMN revised_at`);
    await q.query(`DROP INDEX incoming_documents_inbox_idx`);
    await q.query(`ALTER TABLE incoming_documents DROP COLUMN search_text`);
  }
}
