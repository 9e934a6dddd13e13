import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events of an archival record (workflows/archive/record-events.ts: the record view and premis.xml)
 * are found by the payload keys that name it; without an index every page of them scanned the whole
 * audit trail (bench/archive-record-events.ts). Partial expression indexes on the two keys with many rows
 * — `recordId` (objects stored, holds, renewals, corrupt objects, repairs) and the `pdfSha256` of a
 * SIGNATURE_VALIDATED event — the other branches of the selection use the (type, seq) index.
 */
export class AuditEventsRecordIndex1765900000000 implements MigrationInterface {
  name = 'AuditEventsRecordIndex1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_events_record_id_idx ON audit_events ((payload->>'recordId')) WHERE payload ? 'recordId'`,
    );
    await q.query(
      `CREATE INDEX audit_events_validated_pdf_idx ON audit_events ((payload->>'pdfSha256'))
        WHERE type = 'SIGNATURE_VALIDATED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_validated_pdf_idx`);
    await q.query(`DROP INDEX audit_events_record_id_idx`);
  }
}
