import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 items 4 and 5: the archival objects of every archival record (content-addressed, under
 * Object Lock), and the fixity checker's runs and results. `record_id` points at ARCH-A's
 * `archival_records.id`; no foreign key, so that either migration may run first and a tombstoned record's
 * objects keep their rows until their retain-until date.
 */
export class ArchivalObjects1765450000000 implements MigrationInterface {
  name = 'ArchivalObjects1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE archival_objects (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         record_id uuid NOT NULL,
         kind text NOT NULL CHECK (kind IN ('pdf-revision', 'attachment', 'validation-report',
           'edxml-package', 'metadata-xml', 'ocr-derivative')),
         key text NOT NULL,
         version_id text,
         sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         size bigint NOT NULL CHECK (size >= 0),
         media_type text NOT NULL,
         retain_until timestamptz,
         legal_hold boolean NOT NULL,
         created_at timestamptz NOT NULL,
         last_checked_at timestamptz,
         last_check_result text CHECK (last_check_result IN ('ok', 'mismatch', 'missing', 'repaired')),
         UNIQUE (record_id, kind, sha256)
       )`,
    );
    await q.query(`CREATE INDEX archival_objects_sha256 ON archival_objects (sha256)`);
    await q.query(`CREATE INDEX archival_objects_checked ON archival_objects (last_checked_at)`);
    await q.query(
      `CREATE TABLE fixity_runs (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         started_at timestamptz NOT NULL,
         heartbeat_at timestamptz NOT NULL,
         finished_at timestamptz,
         status text NOT NULL CHECK (status IN ('running', 'finished', 'crashed')),
         watermark text,
         objects_total integer NOT NULL,
         objects_checked integer NOT NULL,
         bytes_checked bigint NOT NULL,
         failures integer NOT NULL,
         resumed_from uuid,
         error text
       )`,
    );
    await q.query(`CREATE INDEX fixity_runs_started ON fixity_runs (started_at DESC)`);
    await q.query(
      `CREATE TABLE fixity_events (
         id bigserial PRIMARY KEY,
         run_id uuid,
         object_id uuid,
         sha256 text,
         event text NOT NULL CHECK (event IN ('run-started', 'run-progress', 'run-finished', 'run-crashed',
           'ok', 'mismatch', 'missing', 'repaired', 'read-refused')),
         detail jsonb NOT NULL,
         occurred_at timestamptz NOT NULL
       )`,
    );
    await q.query(`CREATE INDEX fixity_events_run ON fixity_events (run_id, id)`);
    await q.query(`CREATE INDEX fixity_events_event ON fixity_events (event, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fixity_events`);
    await q.query(`DROP TABLE fixity_runs`);
    await q.query(`DROP TABLE archival_objects`);
  }
}
