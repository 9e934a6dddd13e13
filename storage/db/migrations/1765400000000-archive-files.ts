import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RETENTION_SEED } from '../../../workflows/archive/retention-seed';

/**
 * Issue 11 items 1, 2, 3 and 7: the retention table (Circular 10/2022/TT-BNV), each unit's yearly file
 * list (danh mục hồ sơ) with the documents filed in it, transfers to the agency archive (nộp lưu), the
 * archival records accepted from them, and disposal (tiêu hủy) with its tombstones. Maximum lengths of
 * the Decree 30 Appendix VI file tags are CHECKs here and in workflows/archive/appendix-vi.ts.
 */
export class ArchiveFiles1765400000000 implements MigrationInterface {
  name = 'ArchiveFiles1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retention_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[0-9A-Za-z.\\-]{1,20}$'),
        title text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 500),
        years integer CHECK (years BETWEEN 1 AND 100),
        legal_reference text NOT NULL CHECK (btrim(legal_reference) <> '' AND length(legal_reference) <= 300),
        needs_review boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT retention_periods_code_key UNIQUE (code)
      )`);
    for (const r of RETENTION_SEED) {
      await q.query(
        `INSERT INTO retention_periods (code, title, years, legal_reference, needs_review, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, now(), now())`,
        [r.code, r.title, r.years, r.legalReference, r.needsReview],
      );
    }

    await q.query(`
      CREATE TABLE case_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
        file_code text NOT NULL CHECK (btrim(file_code) <> '' AND length(file_code) <= 30),
        title text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 1000),
        retention_id uuid NOT NULL REFERENCES retention_periods (id),
        person_in_charge_id uuid NOT NULL REFERENCES users (id),
        rights text NOT NULL DEFAULT 'open' CHECK (rights IN ('open', 'restricted')),
        language text NOT NULL DEFAULT 'Tiếng Việt' CHECK (length(language) <= 100),
        description text CHECK (length(description) <= 1000),
        keywords text CHECK (length(keywords) <= 500),
        fonds text CHECK (length(fonds) <= 200),
        catalogue text CHECK (length(catalogue) <= 50),
        reliability text NOT NULL DEFAULT 'born_digital'
          CHECK (reliability IN ('born_digital', 'digitised', 'mixed')),
        physical_condition text CHECK (length(physical_condition) <= 100),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'submitted', 'archived')),
        start_date date,
        end_date date,
        closed_at timestamptz,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'open') = (end_date IS NULL)),
        CONSTRAINT case_files_code_key UNIQUE (unit_id, year, file_code)
      )`);
    await q.query(`CREATE INDEX case_files_unit_year_idx ON case_files (unit_id, year, status)`);

    await q.query(`
      CREATE TABLE case_file_documents (
        file_id uuid NOT NULL REFERENCES case_files (id),
        source_kind text NOT NULL CHECK (source_kind IN ('outgoing', 'incoming')),
        source_id uuid NOT NULL,
        doc_ordinal integer NOT NULL CHECK (doc_ordinal BETWEEN 1 AND 999),
        page_amount integer CHECK (page_amount BETWEEN 1 AND 9999),
        description text CHECK (length(description) <= 500),
        added_by uuid NOT NULL REFERENCES users (id),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (file_id, source_kind, source_id),
        CONSTRAINT case_file_documents_source_key UNIQUE (source_kind, source_id),
        CONSTRAINT case_file_documents_ordinal_key UNIQUE (file_id, doc_ordinal) DEFERRABLE INITIALLY DEFERRED
      )`);

    await q.query(`
      CREATE TABLE archive_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
        note text CHECK (length(note) <= 1000),
        submitted_by uuid NOT NULL REFERENCES users (id),
        submitted_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        return_reason text CHECK (length(return_reason) <= 1000),
        handover_sha256 text CHECK (handover_sha256 ~ '^[0-9a-f]{64}$'),
        handover_size bigint,
        CHECK ((status = 'submitted') = (decided_at IS NULL)),
        CHECK (status <> 'returned' OR return_reason IS NOT NULL),
        CHECK (status <> 'accepted' OR handover_sha256 IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE archive_transfer_files (
        transfer_id uuid NOT NULL REFERENCES archive_transfers (id),
        file_id uuid NOT NULL REFERENCES case_files (id),
        ordinal integer NOT NULL CHECK (ordinal >= 1),
        PRIMARY KEY (transfer_id, file_id)
      )`);

    await q.query(`
      CREATE TABLE archival_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL REFERENCES case_files (id),
        transfer_id uuid NOT NULL REFERENCES archive_transfers (id),
        source_kind text NOT NULL CHECK (source_kind IN ('outgoing', 'incoming')),
        source_id uuid NOT NULL,
        unit_id uuid NOT NULL REFERENCES units (id),
        doc_ordinal integer NOT NULL,
        retain_until date,
        metadata jsonb NOT NULL,
        accepted_by uuid NOT NULL REFERENCES users (id),
        accepted_at timestamptz NOT NULL,
        legal_hold boolean NOT NULL DEFAULT false,
        disposed_at timestamptz,
        CONSTRAINT archival_records_source_key UNIQUE (source_kind, source_id)
      )`);
    await q.query(`CREATE INDEX archival_records_file_idx ON archival_records (file_id)`);
    await q.query(
      `CREATE INDEX archival_records_due_idx ON archival_records (unit_id, retain_until) WHERE disposed_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE disposal_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        status text NOT NULL DEFAULT 'proposed'
          CHECK (status IN ('proposed', 'rejected', 'executed')),
        reason text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 2000),
        proposed_by uuid NOT NULL REFERENCES users (id),
        proposed_at timestamptz NOT NULL,
        leader_approved_by uuid REFERENCES users (id),
        leader_approved_at timestamptz,
        archive_approved_by uuid REFERENCES users (id),
        archive_approved_at timestamptz,
        rejected_by uuid REFERENCES users (id),
        rejected_at timestamptz,
        rejection_reason text CHECK (length(rejection_reason) <= 1000),
        executed_by uuid REFERENCES users (id),
        executed_at timestamptz,
        CHECK (status <> 'executed' OR (leader_approved_at IS NOT NULL AND archive_approved_at IS NOT NULL)),
        CHECK (leader_approved_by IS DISTINCT FROM proposed_by AND archive_approved_by IS DISTINCT FROM proposed_by),
        CHECK (leader_approved_by IS NULL OR leader_approved_by IS DISTINCT FROM archive_approved_by)
      )`);
    await q.query(`
      CREATE TABLE disposal_items (
        proposal_id uuid NOT NULL REFERENCES disposal_proposals (id),
        record_id uuid NOT NULL REFERENCES archival_records (id),
        PRIMARY KEY (proposal_id, record_id)
      )`);
    await q.query(`
      CREATE TABLE disposal_tombstones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL REFERENCES archival_records (id),
        proposal_id uuid NOT NULL REFERENCES disposal_proposals (id),
        unit_id uuid NOT NULL REFERENCES units (id),
        metadata jsonb NOT NULL,
        objects jsonb NOT NULL,
        decision jsonb NOT NULL,
        disposed_at timestamptz NOT NULL,
        CONSTRAINT disposal_tombstones_record_key UNIQUE (record_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'disposal_tombstones',
      'disposal_items',
      'disposal_proposals',
      'archival_records',
      'archive_transfer_files',
      'archive_transfers',
      'case_file_documents',
      'case_files',
      'retention_periods',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
