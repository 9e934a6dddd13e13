import { documentNumber } from '../signing/document-number-text';
import type { DomainContext } from '../context';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { numberAndNotation, type OutgoingStatus, type Urgency } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import { handlingResult } from './handling-result';
import type { HandlingResult, IncomingStatusCode, RecallCode, StatusCode } from './incoming-document';
import {
  listExternalRecipientStatus,
  type ExternalRecipientStatus,
} from '../federation/list-external-recipient-status';
import { statusLabel, type Label } from './status-label';

export interface TrackedRecipient {
  readonly incomingId: string;
  readonly unit: { readonly id: string; readonly code: string; readonly name: string };
  /** The unit the document named, when it was routed to its successor; else null. */
  readonly addressedUnit: { readonly id: string; readonly code: string; readonly name: string } | null;
  readonly urgent: boolean;
  readonly statusCode: IncomingStatusCode;
  readonly status: Label;
  readonly recallCode: RecallCode | null;
  readonly recall: Label | null;
  readonly incomingNumber: number | null;
  /** Số đến as Decree 30 writes it ("01"). */
  readonly incomingNumberText: string | null;
  readonly receivedAt: Date;
  readonly deadline: string | null;
  /** Early / on time / late against the sender's dueDate when set, else the recipient's own deadline. */
  readonly handlingResult: HandlingResult | null;
  readonly refusalReason: string | null;
  /** The revision of the sender's document this recipient holds. */
  readonly revision: number;
  readonly events: readonly {
    readonly code: StatusCode;
    readonly kind: 'status' | 'update';
    readonly label: Label;
    readonly at: Date;
    readonly note: string | null;
  }[];
}

export interface ExternalDelivery {
  readonly code: string;
  readonly name: string | null;
  /** The edXML delivery to the other system: waiting or retrying, delivered, or given up. */
  readonly delivery: 'queued' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  /** Why the delivery was given up (the peer's refusal with its status and code), once failed. */
  readonly failure: ExternalRecipientStatus['failure'];
  readonly deliveredAt: Date | null;
  /** The latest status that organisation's system reported (01–06), with its label. */
  readonly statusCode: IncomingStatusCode | null;
  readonly status: Label | null;
  readonly recallCode: RecallCode | null;
  readonly recall: Label | null;
  readonly events: readonly {
    readonly code: StatusCode;
    readonly label: Label;
    readonly at: Date;
    /** When the status message arrived here. */
    readonly receivedAt: Date;
    readonly note: string | null;
  }[];
}

export interface RecipientTracking {
  readonly document: {
    readonly id: string;
    readonly numberAndNotation: string;
    readonly subject: string;
    readonly documentType: string;
    readonly urgency: Urgency;
    readonly urgent: boolean;
    readonly status: OutgoingStatus;
    readonly issuedAt: Date | null;
    readonly revision: number;
    /** Hạn xử lý the sender asked for; the recipients' handlingResult is measured against it. */
    readonly dueDate: string | null;
  };
  /** Count of recipients per current status code. */
  readonly summary: { readonly total: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly recipients: readonly TrackedRecipient[];
  readonly external: readonly ExternalDelivery[];
}

/**
 * The sender's tracking of an issued document (DESIGN.md §3 "every transition is reported back to the
 * sender"): each recipient unit with its current code and label, incoming number, and every status event
 * with its time; external organisations with their edXML delivery and the statuses their systems reported
 * (listExternalRecipientStatus of the federation module). Readable by the sending
 * unit and the units above it; another unit answers DOCUMENT_NOT_FOUND.
 */
export async function trackRecipients(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<RecipientTracking> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, 'read', () => DocumentError.notFound(doc.id));
  const rows: {
    id: string;
    unit: TrackedRecipient['unit'];
    addressed: TrackedRecipient['unit'] | null;
    urgent: boolean;
    status_code: IncomingStatusCode;
    recall_code: RecallCode | null;
    incoming_number: number | null;
    received_at: Date;
    deadline: string | null;
    completed_at: Date | null;
    handling_result: HandlingResult | null;
    refusal_reason: string | null;
    revision: number;
    events: { code: StatusCode; kind: 'status' | 'update'; at: string; note: string | null }[];
  }[] = await ctx.db.query(
    `SELECT i.id, json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
       CASE WHEN i.addressed_unit_id <> i.recipient_unit_id
            THEN json_build_object('id', a.id, 'code', a.code, 'name', a.name) END AS addressed,
       i.urgent, i.status_code, i.recall_code, i.incoming_number, i.received_at, i.deadline::text AS deadline,
       i.completed_at, i.handling_result, i.refusal_reason, i.revision,
       COALESCE(ev.events, '[]') AS events
     FROM incoming_documents i
     JOIN units u ON u.id = i.recipient_unit_id
     JOIN units a ON a.id = i.addressed_unit_id
     LEFT JOIN (
       SELECT e.incoming_id,
              json_agg(json_build_object('code', e.code, 'kind', e.kind, 'at', e.occurred_at, 'note', e.note)
                       ORDER BY e.id) AS events
       FROM status_events e WHERE e.outgoing_id = $1 GROUP BY e.incoming_id
     ) ev ON ev.incoming_id = i.id
     WHERE i.outgoing_id = $1
     ORDER BY u.code`,
    [doc.id],
  );
  const [meta]: { revision: number }[] = await ctx.db.query(
    `SELECT revision FROM outgoing_documents WHERE id = $1`,
    [doc.id],
  );

  // External organisations: the federation module's view (delivery job, statuses their systems report).
  const external = await listExternalRecipientStatus(ctx, { documentId: doc.id });

  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status_code] = (byStatus[r.status_code] ?? 0) + 1;
  return {
    document: {
      id: doc.id,
      numberAndNotation: numberAndNotation(doc),
      subject: doc.subject,
      documentType: doc.documentType,
      urgency: doc.urgency,
      urgent: doc.urgency !== 'normal',
      status: doc.status,
      issuedAt: doc.issuedAt,
      revision: meta!.revision,
      dueDate: doc.dueDate,
    },
    summary: { total: rows.length, byStatus },
    recipients: rows.map((r) => ({
      incomingId: r.id,
      unit: r.unit,
      addressedUnit: r.addressed,
      urgent: r.urgent,
      statusCode: r.status_code,
      status: statusLabel(r.status_code),
      recallCode: r.recall_code,
      recall: r.recall_code ? statusLabel(r.recall_code) : null,
      incomingNumber: r.incoming_number,
      incomingNumberText: r.incoming_number === null ? null : documentNumber(r.incoming_number),
      receivedAt: r.received_at,
      deadline: r.deadline,
      // Measured against the deadline the sender asked for when it asked for one; else the recipient's.
      handlingResult: doc.dueDate
        ? r.completed_at
          ? handlingResult(doc.dueDate, r.completed_at)
          : null
        : r.handling_result,
      refusalReason: r.refusal_reason,
      revision: r.revision,
      events: r.events.map((e) => ({
        code: e.code,
        kind: e.kind,
        label: statusLabel(e.code, e.kind),
        at: new Date(e.at),
        note: e.note,
      })),
    })),
    external: external.map((e) => ({
      code: e.organId,
      name: e.organName,
      delivery: e.delivery,
      attempts: e.attempts,
      lastError: e.lastError,
      failure: e.failure,
      deliveredAt: e.deliveredAt,
      statusCode: (e.statusCode as IncomingStatusCode | null) ?? null,
      status: e.statusCode ? statusLabel(e.statusCode) : null,
      recallCode: e.recallCode,
      recall: e.recallCode ? statusLabel(e.recallCode) : null,
      events: e.events.map((x) => ({
        code: x.code,
        label: statusLabel(x.code),
        at: x.at,
        receivedAt: x.receivedAt,
        note: x.note,
      })),
    })),
  };
}
