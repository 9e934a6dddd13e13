import { documentNumber } from '../signing/document-number-text';
import type { Queryable } from '../directory/unit-repository';
import type { IncomingDocument, StatusCode } from './incoming-document';
import { requestedDueDateSql } from './requested-due-date';
import { reindexIncoming } from '../search/reindex-documents';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = `id, recipient_unit_id, addressed_unit_id, outgoing_id, external_sender_code, document_type, notation,
  subject, urgency, urgent, pdf_sha256, status_code, recall_code, superseded_by_id, year, incoming_number,
  received_at, registered_at, assigned_at, completed_at, assignee_user_ids, deadline::text AS deadline,
  handling_result, refusal_reason, validation, ${requestedDueDateSql('incoming_documents')} AS requested_due_date`;

interface IncomingRow {
  id: string;
  recipient_unit_id: string;
  addressed_unit_id: string;
  outgoing_id: string | null;
  external_sender_code: string | null;
  document_type: string;
  notation: string;
  subject: string;
  urgency: IncomingDocument['urgency'];
  urgent: boolean;
  pdf_sha256: string;
  status_code: IncomingDocument['statusCode'];
  recall_code: IncomingDocument['recallCode'];
  superseded_by_id: string | null;
  year: number | null;
  incoming_number: number | null;
  received_at: Date;
  registered_at: Date | null;
  assigned_at: Date | null;
  completed_at: Date | null;
  assignee_user_ids: string[];
  deadline: string | null;
  requested_due_date: string | null;
  handling_result: IncomingDocument['handlingResult'];
  refusal_reason: string | null;
  validation: Record<string, unknown> | null;
}

function toIncoming(r: IncomingRow): IncomingDocument {
  return {
    id: r.id,
    recipientUnitId: r.recipient_unit_id,
    addressedUnitId: r.addressed_unit_id,
    outgoingId: r.outgoing_id,
    externalSenderCode: r.external_sender_code,
    documentType: r.document_type,
    notation: r.notation,
    subject: r.subject,
    urgency: r.urgency,
    urgent: r.urgent,
    pdfSha256: r.pdf_sha256,
    statusCode: r.status_code,
    recallCode: r.recall_code,
    supersededById: r.superseded_by_id,
    year: r.year,
    incomingNumber: r.incoming_number,
    incomingNumberText: r.incoming_number === null ? null : documentNumber(r.incoming_number),
    receivedAt: r.received_at,
    registeredAt: r.registered_at,
    assignedAt: r.assigned_at,
    completedAt: r.completed_at,
    assigneeUserIds: r.assignee_user_ids,
    deadline: r.deadline,
    requestedDueDate: r.requested_due_date,
    handlingResult: r.handling_result,
    refusalReason: r.refusal_reason,
    validation: r.validation,
  };
}

/** SQL for incoming documents and their status events; returns plain objects. */
export const incomingRepository = {
  async findById(
    q: Queryable,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<IncomingDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: IncomingRow[] = await q.query(
      `SELECT ${COLUMNS} FROM incoming_documents WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toIncoming(rows[0]) : undefined;
  },

  async listByRecipient(q: Queryable, unitId: string): Promise<IncomingDocument[]> {
    const rows: IncomingRow[] = await q.query(
      `SELECT ${COLUMNS} FROM incoming_documents WHERE recipient_unit_id = $1 ORDER BY urgent DESC, received_at, id`,
      [unitId],
    );
    return rows.map(toIncoming);
  },

  /** Sets the given columns (snake_case names, trusted callers only). */
  async update(q: Queryable, id: string, set: Record<string, unknown>): Promise<IncomingDocument> {
    const cols = Object.keys(set);
    const rows: [IncomingRow[], number] = await q.query(
      `UPDATE incoming_documents SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, ...cols.map((c) => set[c])],
    );
    await reindexIncoming(q, id);
    return toIncoming(rows[0][0]!);
  },

  /** One status event per incoming document (bulk), carrying the sender's outgoing id for its view. */
  async addStatusEvents(
    q: Queryable,
    events: readonly { incomingId: string; outgoingId: string | null }[],
    e: {
      code: StatusCode;
      at: Date;
      actorUserId: string | null;
      actorUnitId: string | null;
      note?: string | null;
    },
  ): Promise<void> {
    if (events.length === 0) return;
    await q.query(
      `INSERT INTO status_events (incoming_id, outgoing_id, code, occurred_at, actor_user_id, actor_unit_id, note)
       SELECT i, o, $3, $4, $5, $6, $7 FROM unnest($1::uuid[], $2::uuid[]) AS t(i, o)`,
      [
        events.map((x) => x.incomingId),
        events.map((x) => x.outgoingId),
        e.code,
        e.at,
        e.actorUserId,
        e.actorUnitId,
        e.note ?? null,
      ],
    );
  },
};
