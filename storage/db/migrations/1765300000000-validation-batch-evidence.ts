import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation evidence an auditor gives once when creating a validation batch (issue 9 item 11): CRLs and
 * OCSP responses, DER, checked when the batch is created and used beside each file's own evidence for
 * every file of the batch (workflows/validation/validate-batch-file.ts). Empty for earlier batches.
 */
export class ValidationBatchEvidence1765300000000 implements MigrationInterface {
  name = 'ValidationBatchEvidence1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE validation_batches ADD COLUMN revocation_crls bytea[] NOT NULL DEFAULT '{}',
         ADD COLUMN revocation_ocsps bytea[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE validation_batches DROP COLUMN revocation_crls, DROP COLUMN revocation_ocsps`);
  }
}
