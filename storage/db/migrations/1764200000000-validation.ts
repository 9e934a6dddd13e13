import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signature validation for auditors (DESIGN.md §5): the trust anchors an admin added (the shipped
 * Vietnamese roots are files pinned by fingerprint, not rows), the hosts whose CRL/OCSP services may
 * be contacted, every validation report produced (the JSON itself is in the object store), and the
 * batches of many files with their progress (the work runs as `jobs`). Indexes to find the documents
 * holding a PDF by its hash.
 */
export class Validation1764200000000 implements MigrationInterface {
  name = 'Validation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust_anchors (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        subject text NOT NULL,
        der bytea NOT NULL CHECK (octet_length(der) BETWEEN 64 AND 65536),
        label text CHECK (label IS NULL OR length(label) <= 200),
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        added_by uuid REFERENCES users (id),
        added_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE revocation_hosts (
        host text PRIMARY KEY CHECK (host ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$'),
        added_by uuid REFERENCES users (id),
        added_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE validation_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        created_by uuid NOT NULL REFERENCES users (id),
        name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        online boolean NOT NULL DEFAULT false,
        validation_time timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX validation_batches_unit_idx ON validation_batches (unit_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE validation_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        requested_by uuid REFERENCES users (id),
        source text NOT NULL CHECK (source IN ('upload', 'stored', 'batch')),
        batch_id uuid REFERENCES validation_batches (id),
        file_name text CHECK (file_name IS NULL OR length(file_name) <= 255),
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        pdf_size bigint NOT NULL CHECK (pdf_size >= 0),
        report_sha256 text NOT NULL CHECK (report_sha256 ~ '^[0-9a-f]{64}$'),
        status text NOT NULL CHECK (status IN ('VALIDATED', 'NO_SIGNATURE', 'UNREADABLE', 'ABORTED')),
        indication text CHECK (indication IN ('TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE')),
        signatures integer NOT NULL CHECK (signatures >= 0),
        created_at timestamptz NOT NULL,
        CHECK ((source = 'batch') = (batch_id IS NOT NULL)),
        CHECK (status <> 'ABORTED' OR indication IS NOT DISTINCT FROM 'INDETERMINATE'),
        CHECK (status <> 'VALIDATED' OR indication IS NOT NULL),
        CHECK (status IN ('VALIDATED', 'ABORTED') OR indication IS NULL)
      )`);
    await q.query(
      `CREATE INDEX validation_reports_unit_idx ON validation_reports (unit_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE validation_batch_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL REFERENCES validation_batches (id),
        seq integer NOT NULL CHECK (seq >= 1),
        source text NOT NULL CHECK (source IN ('upload', 'stored')),
        file_name text CHECK (file_name IS NULL OR length(file_name) <= 255),
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        pdf_size bigint NOT NULL CHECK (pdf_size >= 0),
        report_id uuid REFERENCES validation_reports (id),
        added_at timestamptz NOT NULL,
        done_at timestamptz,
        CONSTRAINT validation_batch_files_seq_key UNIQUE (batch_id, seq),
        CHECK ((report_id IS NULL) = (done_at IS NULL))
      )`);

    // Finding the records that hold a PDF (validation of a stored document, by its hash).
    await q.query(`CREATE INDEX outgoing_documents_pdf_sha256_idx ON outgoing_documents (pdf_sha256)`);
    await q.query(`CREATE INDEX document_versions_sha256_idx ON document_versions (sha256)`);
    await q.query(`CREATE INDEX incoming_documents_pdf_sha256_idx ON incoming_documents (pdf_sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX incoming_documents_pdf_sha256_idx`);
    await q.query(`DROP INDEX document_versions_sha256_idx`);
    await q.query(`DROP INDEX outgoing_documents_pdf_sha256_idx`);
    await q.query(`DROP TABLE validation_batch_files`);
    await q.query(`DROP TABLE validation_reports`);
    await q.query(`DROP TABLE validation_batches`);
    await q.query(`DROP TABLE revocation_hosts`);
    await q.query(`DROP TABLE trust_anchors`);
  }
}
