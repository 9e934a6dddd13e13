import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reportIncomingFactsSql } from './1765600000000-report-rollups';

const OUTGOING_DUE = `(SELECT o.due_date FROM outgoing_documents o WHERE o.id = r.outgoing_id)`;

/**
 * The report rollups measure edXML arrivals against the sender's DueDate (issue 13, docs/reports.md
 * "Known gaps"): `incoming_documents.sender_due_date` holds the edXML DueDate, copied by a trigger when
 * its `edxml_incoming` row is written (the arrival's row is inserted first, in the same transaction).
 * The rollup facts read it from the row itself, so the old and the new row of every later change give
 * symmetric facts. Existing arrivals are updated after the facts function changed: the rollup trigger
 * moves their counts from the unit's own deadline to the DueDate.
 */
export class ReportEdxmlDueDate1765930000000 implements MigrationInterface {
  name = 'ReportEdxmlDueDate1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incoming_documents ADD COLUMN sender_due_date date`);
    await q.query(reportIncomingFactsSql(`COALESCE(${OUTGOING_DUE}, r.sender_due_date, r.deadline)`));
    await q.query(`CREATE FUNCTION edxml_incoming_sender_due_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE incoming_documents SET sender_due_date = NEW.due_date
   WHERE id = NEW.incoming_id AND sender_due_date IS DISTINCT FROM NEW.due_date;
  RETURN NULL;
END $$`);
    await q.query(`CREATE TRIGGER edxml_incoming_sender_due_date AFTER INSERT OR UPDATE OF due_date ON edxml_incoming
  FOR EACH ROW EXECUTE FUNCTION edxml_incoming_sender_due_date()`);
    await q.query(`UPDATE incoming_documents i SET sender_due_date = e.due_date
  FROM edxml_incoming e WHERE e.incoming_id = i.id AND e.due_date IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER edxml_incoming_sender_due_date ON edxml_incoming`);
    await q.query(`DROP FUNCTION edxml_incoming_sender_due_date()`);
    // Back to the unit's own deadline through the rollup trigger, then the old facts and no column.
    await q.query(`UPDATE incoming_documents SET sender_due_date = NULL WHERE sender_due_date IS NOT NULL`);
    await q.query(reportIncomingFactsSql(`COALESCE(${OUTGOING_DUE}, r.deadline)`));
    await q.query(`ALTER TABLE incoming_documents DROP COLUMN sender_due_date`);
  }
}
