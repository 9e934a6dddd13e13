import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { NOT_OBJECT_REFERENCES } from '../../../workflows/maintenance/referenced-objects';

/**
 * Every SHA-256 some row names as an object of the store: every `*sha256*` column of the schema except
 * those that only describe bytes (NOT_OBJECT_REFERENCES), plus the jsonb lists (outgoing attachments,
 * edXML arrival attachments, handling note files, the incoming validation report). Returns those the
 * store does not have, and how many were looked at.
 */
export async function missingObjects(
  db: DataSource,
  objects: ObjectStore,
): Promise<{ checked: number; missing: string[] }> {
  const columns: { table_name: string; column_name: string }[] = await db.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%sha256%' AND data_type = 'text'`,
  );
  const selects = columns
    .filter((c) => !NOT_OBJECT_REFERENCES.includes(`${c.table_name}.${c.column_name}`))
    .map((c) => `SELECT "${c.column_name}" AS s FROM "${c.table_name}"`);
  selects.push(
    `SELECT a ->> 'sha256' FROM outgoing_documents o, jsonb_array_elements(o.attachments) a`,
    `SELECT a ->> 'sha256' FROM edxml_incoming x, jsonb_array_elements(x.attachments) a`,
    `SELECT a ->> 'sha256' FROM incoming_notes n, jsonb_array_elements(n.files) a`,
    `SELECT validation ->> 'reportSha256' FROM incoming_documents`,
  );
  const rows: { s: string }[] = await db.query(
    `SELECT DISTINCT s FROM (${selects.join(' UNION ALL ')}) x WHERE s IS NOT NULL`,
  );
  const missing: string[] = [];
  for (const { s } of rows) if (!(await objects.stat(s))) missing.push(s);
  return { checked: rows.length, missing };
}
