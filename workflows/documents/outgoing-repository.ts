import type { Queryable } from '../directory/unit-repository';
import type { Attachment, OutgoingDocument, PersonRef, RecipientSpec } from './outgoing-document';
import { reindexOutgoing } from '../search/reindex-documents';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface OutgoingRow {
  id: string;
  unit_id: string;
  medium: OutgoingDocument['medium'];
  document_type: string;
  notation: string;
  subject: string;
  urgency: OutgoingDocument['urgency'];
  classification: OutgoingDocument['classification'];
  status: OutgoingDocument['status'];
  drafter_user_id: string;
  signer_user_id: string | null;
  unit_name: string;
  drafter: PersonRef;
  signer: PersonRef | null;
  signed_by: PersonRef | null;
  due_date: string | null;
  register_id: string | null;
  year: number | null;
  number: number | null;
  issued_on: string | null;
  pdf_sha256: string;
  pdf_size: string;
  attachments: Attachment[];
  recipients: RecipientSpec[];
  review_comment: string | null;
  replaces_id: string | null;
  created_at: Date;
  updated_at: Date;
  issued_at: Date | null;
}

/** `{ id, fullName }` of the account whose id `idSql` gives, or null. */
function person(idSql: string): string {
  return `(SELECT json_build_object('id', u.id, 'fullName', u.full_name) FROM users u WHERE u.id = ${idSql})`;
}

const COLUMNS = `id, unit_id, medium, document_type, notation, subject, urgency, classification, status,
  drafter_user_id, signer_user_id,
  (SELECT name FROM units WHERE units.id = outgoing_documents.unit_id) AS unit_name,
  ${person('outgoing_documents.drafter_user_id')} AS drafter,
  ${person('outgoing_documents.signer_user_id')} AS signer,
  ${person(`(SELECT v.actor_user_id FROM document_versions v
     WHERE v.document_id = outgoing_documents.id AND v.step = 'signed' ORDER BY v.seq DESC LIMIT 1)`)} AS signed_by,
  due_date::text AS due_date, register_id, year, number,
  issued_on::text AS issued_on, pdf_sha256, pdf_size, attachments, recipients, review_comment, replaces_id,
  created_at, updated_at, issued_at`;

function toOutgoing(r: OutgoingRow): OutgoingDocument {
  return {
    id: r.id,
    unitId: r.unit_id,
    medium: r.medium,
    documentType: r.document_type,
    notation: r.notation,
    subject: r.subject,
    urgency: r.urgency,
    classification: r.classification,
    status: r.status,
    drafterUserId: r.drafter_user_id,
    signerUserId: r.signer_user_id,
    signedByUserId: r.signed_by?.id ?? null,
    unitName: r.unit_name,
    drafter: r.drafter,
    signer: r.signer,
    signedBy: r.signed_by,
    dueDate: r.due_date,
    registerId: r.register_id,
    year: r.year,
    number: r.number,
    issuedOn: r.issued_on,
    pdfSha256: r.pdf_sha256,
    pdfSize: Number(r.pdf_size),
    attachments: r.attachments,
    recipients: r.recipients,
    reviewComment: r.review_comment,
    replacesId: r.replaces_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    issuedAt: r.issued_at,
  };
}

export type VersionStep =
  'drafted' | 'revised' | 'signed' | 'numbered' | 'sealed' | 'attachment_signed' | 'scanned' | 'updated';

export interface DocumentVersion {
  readonly seq: number;
  readonly step: VersionStep;
  readonly sha256: string;
  readonly size: number;
  readonly actorUserId: string | null;
  readonly note: string | null;
  readonly createdAt: Date;
}

/** SQL for outgoing documents and their versions; returns plain objects. */
export const outgoingRepository = {
  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<OutgoingDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: OutgoingRow[] = await q.query(
      `SELECT ${COLUMNS} FROM outgoing_documents WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toOutgoing(rows[0]) : undefined;
  },

  async insert(
    q: Queryable,
    d: Omit<
      OutgoingDocument,
      | 'id'
      | 'signerUserId'
      | 'signedByUserId'
      | 'unitName'
      | 'drafter'
      | 'signer'
      | 'signedBy'
      | 'registerId'
      | 'year'
      | 'number'
      | 'issuedOn'
      | 'reviewComment'
      | 'updatedAt'
      | 'issuedAt'
    > & {
      signerUserId: string | null;
    },
  ): Promise<OutgoingDocument> {
    const rows: OutgoingRow[] = await q.query(
      `INSERT INTO outgoing_documents
         (unit_id, medium, document_type, notation, subject, urgency, classification, status, drafter_user_id,
          signer_user_id, due_date, pdf_sha256, pdf_size, attachments, recipients, replaces_id, created_at,
          updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16, $17, $17)
       RETURNING ${COLUMNS}`,
      [
        d.unitId,
        d.medium,
        d.documentType,
        d.notation,
        d.subject,
        d.urgency,
        d.classification,
        d.status,
        d.drafterUserId,
        d.signerUserId,
        d.dueDate,
        d.pdfSha256,
        d.pdfSize,
        JSON.stringify(d.attachments),
        JSON.stringify(d.recipients),
        d.replacesId,
        d.createdAt,
      ],
    );
    await reindexOutgoing(q, rows[0]!.id);
    return toOutgoing(rows[0]!);
  },

  /** Sets the given columns (snake_case names, trusted callers only) and `updated_at`. */
  async update(q: Queryable, id: string, set: Record<string, unknown>, now: Date): Promise<OutgoingDocument> {
    const cols = Object.keys(set);
    const assignments = cols.map((c, i) => `${c} = $${i + 3}`);
    const rows: [OutgoingRow[], number] = await q.query(
      `UPDATE outgoing_documents SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, now, ...cols.map((c) => set[c])],
    );
    await reindexOutgoing(q, id);
    return toOutgoing(rows[0][0]!);
  },

  async addVersion(
    q: Queryable,
    documentId: string,
    v: { step: VersionStep; sha256: string; size: number; actorUserId: string | null; note?: string | null },
    now: Date,
  ): Promise<number> {
    const rows: { seq: number }[] = await q.query(
      `INSERT INTO document_versions (document_id, seq, step, sha256, size, actor_user_id, note, created_at)
       SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM document_versions WHERE document_id = $1
       RETURNING seq`,
      [documentId, v.step, v.sha256, v.size, v.actorUserId, v.note ?? null, now],
    );
    return rows[0]!.seq;
  },

  async versions(q: Queryable, documentId: string): Promise<DocumentVersion[]> {
    const rows: {
      seq: number;
      step: VersionStep;
      sha256: string;
      size: string;
      actor_user_id: string | null;
      note: string | null;
      created_at: Date;
    }[] = await q.query(
      `SELECT seq, step, sha256, size, actor_user_id, note, created_at FROM document_versions
       WHERE document_id = $1 ORDER BY seq`,
      [documentId],
    );
    return rows.map((r) => ({
      seq: r.seq,
      step: r.step,
      sha256: r.sha256,
      size: Number(r.size),
      actorUserId: r.actor_user_id,
      note: r.note,
      createdAt: r.created_at,
    }));
  },
};
