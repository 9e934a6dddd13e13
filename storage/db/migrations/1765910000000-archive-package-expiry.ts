import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: finished package exports expire (docs/archive.md, "Archival packages"). A row past its
 * retention is marked `expired` (with `expired_at`); its tar is then deleted from the object store by the
 * storage deletion job, since an expired row no longer references it (referenced-objects.ts). The row keeps
 * the package's hash and size as a record of what was exported.
 */
export class ArchivePackageExpiry1765910000000 implements MigrationInterface {
  name = 'ArchivePackageExpiry1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE archive_package_exports ADD COLUMN expired_at timestamptz`);
    await q.query(`ALTER TABLE archive_package_exports DROP CONSTRAINT archive_package_exports_status_check`);
    await q.query(`ALTER TABLE archive_package_exports DROP CONSTRAINT archive_package_exports_check`);
    await q.query(
      `ALTER TABLE archive_package_exports ADD CONSTRAINT archive_package_exports_status_check
         CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired'))`,
    );
    await q.query(
      `ALTER TABLE archive_package_exports ADD CONSTRAINT archive_package_exports_check
         CHECK ((status IN ('done', 'expired')) = (package_sha256 IS NOT NULL)
                AND (status = 'expired') = (expired_at IS NOT NULL))`,
    );
    await q.query(
      `CREATE INDEX archive_package_exports_done_idx ON archive_package_exports (finished_at)
         WHERE status = 'done'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX archive_package_exports_done_idx`);
    await q.query(`ALTER TABLE archive_package_exports DROP CONSTRAINT archive_package_exports_check`);
    await q.query(`ALTER TABLE archive_package_exports DROP CONSTRAINT archive_package_exports_status_check`);
    // An expired export has no package any more: it reads as failed.
    await q.query(
      `UPDATE archive_package_exports SET status = 'failed', package_sha256 = NULL, package_size = NULL,
         error_code = 'PACKAGE_EXPIRED' WHERE status = 'expired'`,
    );
    await q.query(
      `ALTER TABLE archive_package_exports ADD CONSTRAINT archive_package_exports_status_check
         CHECK (status IN ('queued', 'running', 'done', 'failed'))`,
    );
    await q.query(
      `ALTER TABLE archive_package_exports ADD CONSTRAINT archive_package_exports_check
         CHECK ((status = 'done') = (package_sha256 IS NOT NULL))`,
    );
    await q.query(`ALTER TABLE archive_package_exports DROP COLUMN expired_at`);
  }
}
