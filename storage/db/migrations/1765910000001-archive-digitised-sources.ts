import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: digitised paper records (digitised_records, docs/digitisation.md) go into case files and
 * become archival records like documents (docs/archive.md, "Digitised records in the archive"): a third
 * source kind `digitised` for case_file_documents and archival_records.
 */
export class ArchiveDigitisedSources1765910000001 implements MigrationInterface {
  name = 'ArchiveDigitisedSources1765910000001';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['case_file_documents', 'archival_records']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_source_kind_check`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_source_kind_check
           CHECK (source_kind IN ('outgoing', 'incoming', 'digitised'))`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_file_documents', 'archival_records']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_source_kind_check`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_source_kind_check
           CHECK (source_kind IN ('outgoing', 'incoming'))`,
      );
    }
  }
}
