import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A keyed audit chain (issue 10 item 12, docs/data-model.md): `audit_events.key_id` names the HMAC key a
 * row's link was computed with (workflows/audit/audit-key.ts; the key itself is never in the database).
 * Rows written before this migration keep `key_id` NULL and their plain SHA-256 links; the keyed chain
 * starts at the first row with a key and links to the last unkeyed one, and after it no unkeyed row is
 * accepted by `verifyAuditChain`.
 */
export class AuditKey1765200000000 implements MigrationInterface {
  name = 'AuditKey1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE audit_events ADD COLUMN key_id text CHECK (key_id IS NULL OR key_id ~ '^[0-9a-f]{16}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events DROP COLUMN key_id`);
  }
}
