import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digitisation of paper records (issue 12 item 7, docs/digitisation.md): a record of a unit made of
 * uploaded scans (PDF, TIFF, JPEG), each kept untouched in the object store beside its searchable PDF/A
 * derivative (OCR), with the record's text, the OCR job's progress (pages done / total) and when it was
 * digitised (what countDigitisedRecords counts).
 */
export class Digitisation1765550000000 implements MigrationInterface {
  name = 'Digitisation1765550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE digitised_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        origin text NOT NULL CHECK (origin IN ('paper_original', 'old_archive')),
        document_number text,
        document_date date,
        issuer text,
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'queued', 'processing', 'done', 'failed')),
        pages_total integer NOT NULL DEFAULT 0 CHECK (pages_total >= 0),
        pages_done integer NOT NULL DEFAULT 0 CHECK (pages_done >= 0),
        text text,
        error text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        queued_at timestamptz,
        digitised_at timestamptz
      )`);
    await q.query(`CREATE INDEX digitised_records_unit_idx ON digitised_records (unit_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX digitised_records_done_idx ON digitised_records (digitised_at) WHERE status = 'done'`,
    );
    await q.query(`
      CREATE TABLE digitised_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL REFERENCES digitised_records(id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        file_name text,
        media_type text NOT NULL,
        original_sha256 text NOT NULL CHECK (original_sha256 ~ '^[0-9a-f]{64}$'),
        original_size bigint NOT NULL,
        pages integer NOT NULL CHECK (pages >= 1),
        dpi integer,
        signed boolean NOT NULL DEFAULT false,
        derivative_sha256 text CHECK (derivative_sha256 ~ '^[0-9a-f]{64}$'),
        derivative_size bigint,
        text_method text CHECK (text_method IN ('ocr', 'text-layer')),
        added_at timestamptz NOT NULL,
        CONSTRAINT digitised_files_seq_key UNIQUE (record_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE digitised_files`);
    await q.query(`DROP TABLE digitised_records`);
  }
}
