import type { Queryable } from '../directory/unit-repository';
import { queueTextExtraction } from './queue-text-extraction';

/**
 * How an outgoing and an incoming document become search entries: one SELECT each, over the documents'
 * own tables, used both by the write paths (`reindexOutgoing` / `reindexIncoming`, in the caller's
 * transaction) and by `vanban search rebuild` (over every row, then compared with the live index), so the
 * two can never disagree. `$1` is an array of ids, or NULL for every row.
 */
const ENTRY_COLUMNS = `source_kind, source_id, unit_id, classification, title, number, document_type, issuer,
  recipients, signer, issued_at, arrived_at, due_at, status, urgency, file_code, retention, year, level, body,
  edxml_id, reader_roles, reader_user_ids, sort_at`;

/** Decree 30 number text: below 10 with a leading zero ('01'), as documentNumber() prints it. */
const NUMBER_TEXT = (n: string) => `CASE WHEN ${n} < 10 THEN '0' || ${n} ELSE ${n}::text END`;

export const OUTGOING_ENTRIES = `
  SELECT 'outgoing' AS source_kind, o.id::text AS source_id, o.unit_id, o.classification, o.subject AS title,
    CASE WHEN o.number IS NULL THEN NULL ELSE ${NUMBER_TEXT('o.number')} || '/' || o.notation END AS number,
    o.document_type, u.name AS issuer,
    ARRAY(SELECT coalesce(ru.name, g.name, r->>'name', r->>'code', '')
          FROM jsonb_array_elements(o.recipients) WITH ORDINALITY AS e(r, k)
          LEFT JOIN units ru ON r->>'kind' = 'unit' AND ru.id::text = r->>'unitId'
          LEFT JOIN unit_groups g ON r->>'kind' = 'group' AND g.id::text = r->>'groupId'
          ORDER BY k) AS recipients,
    s.full_name AS signer, o.issued_at, NULL::timestamptz AS arrived_at,
    (o.due_date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS due_at, o.status, o.urgency,
    NULL::text AS file_code, NULL::text AS retention,
    coalesce(o.year, extract(year FROM o.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int) AS year,
    u.level, t.text AS body,
    CASE WHEN o.number IS NOT NULL AND o.issued_on IS NOT NULL
         THEN u.code || ',' || to_char(o.issued_on, 'YYYY/MM/DD') || ',' || ${NUMBER_TEXT('o.number')} || '/' || o.notation
    END AS edxml_id,
    CASE WHEN o.status IN ('draft', 'returned') THEN '{}'::text[] END AS reader_roles,
    CASE WHEN o.status IN ('draft', 'returned') THEN ARRAY[o.drafter_user_id] END AS reader_user_ids,
    coalesce(o.issued_at, o.created_at) AS sort_at
  FROM outgoing_documents o
  JOIN units u ON u.id = o.unit_id
  LEFT JOIN users s ON s.id = o.signer_user_id
  LEFT JOIN search_texts t ON t.pdf_sha256 = o.pdf_sha256 AND t.status = 'done'
  WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])`;

/** Accounts that read a unit's whole inbox (workflows/exchange/incoming-readers.ts); others: assignees. */
const INBOX_ROLES = `ARRAY['clerk', 'leader', 'archivist', 'auditor']::text[]`;

export const INCOMING_ENTRIES = `
  SELECT 'incoming' AS source_kind, i.id::text AS source_id, i.recipient_unit_id AS unit_id,
    o.classification, i.subject AS title, i.notation AS number, i.document_type,
    coalesce(su.name, ei.sender_organ_name, i.external_sender_code) AS issuer, ARRAY[ru.name] AS recipients,
    coalesce(sg.full_name, ei.signer_name) AS signer,
    coalesce(o.issued_at, ei.promulgation_date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS issued_at,
    i.received_at AS arrived_at,
    (i.deadline::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS due_at, i.status_code AS status, i.urgency,
    NULL::text AS file_code, NULL::text AS retention,
    coalesce(i.year, extract(year FROM i.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int) AS year,
    ru.level, t.text AS body,
    coalesce(i.external_document_id,
      CASE WHEN o.issued_on IS NOT NULL THEN su.code || ',' || to_char(o.issued_on, 'YYYY/MM/DD') || ',' || i.notation END)
      AS edxml_id,
    ${INBOX_ROLES} AS reader_roles, i.assignee_user_ids AS reader_user_ids,
    i.received_at AS sort_at
  FROM incoming_documents i
  JOIN units ru ON ru.id = i.recipient_unit_id
  LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
  LEFT JOIN units su ON su.id = o.unit_id
  LEFT JOIN users sg ON sg.id = o.signer_user_id
  LEFT JOIN edxml_incoming ei ON ei.incoming_id = i.id
  LEFT JOIN search_texts t ON t.pdf_sha256 = i.pdf_sha256 AND t.status = 'done'
  WHERE $1::uuid[] IS NULL OR i.id = ANY($1::uuid[])`;

export const UPSERT = (select: string): string => `
  INSERT INTO search_entries AS s (${ENTRY_COLUMNS}, updated_at)
  SELECT ${ENTRY_COLUMNS}, now() FROM (${select}) AS x
  ON CONFLICT (source_kind, source_id) DO UPDATE SET
    unit_id = EXCLUDED.unit_id, classification = EXCLUDED.classification, title = EXCLUDED.title,
    number = EXCLUDED.number, document_type = EXCLUDED.document_type, issuer = EXCLUDED.issuer,
    recipients = EXCLUDED.recipients, signer = EXCLUDED.signer, issued_at = EXCLUDED.issued_at,
    arrived_at = EXCLUDED.arrived_at, due_at = EXCLUDED.due_at, status = EXCLUDED.status,
    urgency = EXCLUDED.urgency, file_code = EXCLUDED.file_code, retention = EXCLUDED.retention,
    year = EXCLUDED.year, level = EXCLUDED.level, body = EXCLUDED.body, edxml_id = EXCLUDED.edxml_id,
    reader_roles = EXCLUDED.reader_roles, reader_user_ids = EXCLUDED.reader_user_ids,
    sort_at = EXCLUDED.sort_at, updated_at = now()`;

/** Every column rebuild compares (the generated ones follow from these). */
export const COMPARED_COLUMNS = ENTRY_COLUMNS;

function ids(id: string | readonly string[]): string[] {
  return typeof id === 'string' ? [id] : [...id];
}

async function reindex(
  q: Queryable,
  kind: string,
  table: string,
  select: string,
  list: string[],
): Promise<void> {
  if (list.length === 0) return;
  await q.query(UPSERT(select), [list]);
  await queueTextExtraction(q, table as 'outgoing_documents' | 'incoming_documents', list);
  // A document that no longer exists leaves the index too.
  await q.query(
    `DELETE FROM search_entries WHERE source_kind = $2 AND source_id = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM ${table} d WHERE d.id::text = source_id)`,
    [list, kind],
  );
}

/** Re-derives the search entries of outgoing documents; call in the transaction that changed them. */
export async function reindexOutgoing(q: Queryable, id: string | readonly string[]): Promise<void> {
  const list = ids(id);
  await reindex(q, 'outgoing', 'outgoing_documents', OUTGOING_ENTRIES, list);
  if (list.length === 0) return;
  // Its delivered copies carry its issue date, signer and edXML id.
  const copies = (await q.query(`SELECT id FROM incoming_documents WHERE outgoing_id = ANY($1::uuid[])`, [
    list,
  ])) as { id: string }[];
  await reindexIncoming(
    q,
    copies.map((c) => c.id),
  );
}

/** Re-derives the search entries of incoming documents; call in the transaction that changed them. */
export async function reindexIncoming(q: Queryable, id: string | readonly string[]): Promise<void> {
  await reindex(q, 'incoming', 'incoming_documents', INCOMING_ENTRIES, ids(id));
}

/** Re-derives the entries of every document using a PDF (after its text layer was extracted). */
export async function reindexByPdf(q: Queryable, sha256: string): Promise<void> {
  const out = (await q.query(`SELECT id FROM outgoing_documents WHERE pdf_sha256 = $1`, [sha256])) as {
    id: string;
  }[];
  const inc = (await q.query(`SELECT id FROM incoming_documents WHERE pdf_sha256 = $1`, [sha256])) as {
    id: string;
  }[];
  await reindexOutgoing(
    q,
    out.map((r) => r.id),
  );
  await reindexIncoming(
    q,
    inc.map((r) => r.id),
  );
}
