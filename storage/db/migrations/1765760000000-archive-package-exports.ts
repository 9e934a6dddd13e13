import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 item 8: archival package exports as persistent jobs (docs/archive.md, "Archival packages"). A row
 * per export: who asked, the selection, progress, and the finished tar's SHA-256 and size in the object
 * store (kept by the storage sweep through workflows/maintenance/referenced-objects.ts).
 */
export class ArchivePackageExports1765760000000 implements MigrationInterface {
  name = 'ArchivePackageExports1765760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE archive_package_exports (
      id uuid PRIMARY KEY,
      requested_by uuid NOT NULL REFERENCES users(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      scope jsonb NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      bytes_done bigint NOT NULL DEFAULT 0,
      bytes_total bigint NOT NULL DEFAULT 0,
      records integer NOT NULL DEFAULT 0,
      objects_done integer NOT NULL DEFAULT 0,
      objects_total integer NOT NULL DEFAULT 0,
      package_sha256 text,
      package_size bigint,
      error_code text,
      created_at timestamptz NOT NULL,
      started_at timestamptz,
      finished_at timestamptz,
      CHECK ((status = 'done') = (package_sha256 IS NOT NULL))
    )`);
    await q.query(
      `CREATE INDEX archive_package_exports_requested_by_idx ON archive_package_exports (requested_by, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE archive_package_exports`);
  }
}
