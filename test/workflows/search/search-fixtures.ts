import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Rows written straight into the document tables (then indexed by the write-path functions under test). */
export interface OutgoingRow {
  unitId: string;
  drafterUserId: string;
  subject: string;
  documentType?: string;
  notation?: string;
  status?: string;
  number?: number | null;
  year?: number | null;
  issuedOn?: string | null;
  signerUserId?: string | null;
  urgency?: string;
  body?: string;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** An outgoing document row; with `body`, a search_texts row for its PDF hash (as text extraction writes). */
export async function insertOutgoing(db: DataSource, r: OutgoingRow): Promise<string> {
  const pdf = sha(`${r.subject}|${Math.random()}`);
  if (r.body !== undefined)
    await db.query(
      `INSERT INTO search_texts (pdf_sha256, status, text, pages, extracted_at) VALUES ($1, 'done', $2, 1, now())`,
      [pdf, r.body],
    );
  const issued = r.issuedOn ?? null;
  const year = r.year ?? (issued ? Number(issued.slice(0, 4)) : null);
  let registerId: string | null = null;
  if (r.number != null) {
    const [reg] = (await db.query(
      `INSERT INTO registers (unit_id, direction, year, series) VALUES ($1, 'outgoing', $2, 'normal')
       ON CONFLICT ON CONSTRAINT registers_scope_key DO UPDATE SET next_number = registers.next_number
       RETURNING id`,
      [r.unitId, year],
    )) as { id: string }[];
    registerId = reg!.id;
  }
  const [row] = (await db.query(
    `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, urgency, status, drafter_user_id,
       signer_user_id, year, number, issued_on, issued_at, pdf_sha256, pdf_size, created_at, updated_at, register_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date,
             CASE WHEN $11::date IS NULL THEN NULL ELSE $11::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
             $12, 1000, coalesce($11::date::timestamptz, '2025-06-01T00:00:00Z'), now(), $13)
     RETURNING id`,
    [
      r.unitId,
      r.documentType ?? 'Quyết định',
      r.notation ?? 'QĐ-UBND',
      r.subject,
      r.urgency ?? 'normal',
      r.status ?? 'issued',
      r.drafterUserId,
      r.signerUserId ?? null,
      year,
      r.number ?? null,
      issued,
      pdf,
      registerId,
    ],
  )) as { id: string }[];
  return row!.id;
}

export interface IncomingRow {
  recipientUnitId: string;
  outgoingId?: string | null;
  subject: string;
  notation: string;
  documentType?: string;
  statusCode?: string;
  assignees?: string[];
  externalDocumentId?: string | null;
  receivedAt?: string;
}

export async function insertIncoming(db: DataSource, r: IncomingRow): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, outgoing_id, external_sender_code,
       external_document_id, document_type, notation, subject, urgency, pdf_sha256, status_code, assignee_user_ids,
       received_at)
     VALUES ($1, $1, $2, $3, $4, $5, $6, $7, 'normal', $8, $9, $10::uuid[], $11) RETURNING id`,
    [
      r.recipientUnitId,
      r.outgoingId ?? null,
      r.outgoingId ? null : '000.00.00.G01',
      r.externalDocumentId ?? null,
      r.documentType ?? 'Công văn',
      r.notation,
      r.subject,
      sha(`${r.subject}|${Math.random()}`),
      r.statusCode ?? '03',
      r.assignees ?? [],
      r.receivedAt ?? '2025-06-02T02:00:00Z',
    ],
  )) as { id: string }[];
  return row!.id;
}
