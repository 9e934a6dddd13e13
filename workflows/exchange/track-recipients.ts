import type { DomainContext } from '../context';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { numberAndNotation, type OutgoingStatus, type Urgency } from '../documents/outgoing-document';
import { outgoingRepository } from '../documents/outgoing-repository';
import type { HandlingResult, IncomingStatusCode, RecallCode, StatusCode } from './incoming-document';
import { EDXML_SEND_JOB } from './send-document';
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
  readonly receivedAt: Date;
  readonly deadline: string | null;
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
  /** The edXML delivery job: waiting or retrying, delivered to the other system, or given up. */
  readonly delivery: 'queued' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: Date | null;
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
  };
  /** Count of recipients per current status code. */
  readonly summary: { readonly total: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly recipients: readonly TrackedRecipient[];
  readonly external: readonly ExternalDelivery[];
}

/**
 * The sender's tracking of an issued document (DESIGN.md §3 "every transition is reported back to the
 * sender"): each recipient unit with its current code and label, incoming number, and every status event
 * with its time; external organisations with the state of their edXML delivery. Readable by the sending
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
    handling_result: HandlingResult | null;
    refusal_reason: string | null;
    revision: number;
    events: { code: StatusCode; kind: 'status' | 'update'; at: string; note: string | null }[];
  }[] = await ctx.db.query(
    `SELECT i.id, json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
       CASE WHEN i.addressed_unit_id <> i.recipient_unit_id
            THEN json_build_object('id', a.id, 'code', a.code, 'name', a.name) END AS addressed,
       i.urgent, i.status_code, i.recall_code, i.incoming_number, i.received_at, i.deadline::text AS deadline,
       i.handling_result, i.refusal_reason, i.revision,
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

  const externalSpecs = doc.recipients.flatMap((r) =>
    r.kind === 'external' ? [{ code: r.code.trim(), name: r.name ?? null }] : [],
  );
  const jobs: {
    dedupe_key: string;
    attempts: number;
    done_at: Date | null;
    failed_at: Date | null;
    last_error: string | null;
  }[] = externalSpecs.length
    ? await ctx.db.query(
        `SELECT dedupe_key, attempts, done_at, failed_at, last_error FROM jobs WHERE dedupe_key = ANY($1::text[])`,
        [externalSpecs.map((e) => `${EDXML_SEND_JOB}:${doc.id}:${e.code}`)],
      )
    : [];
  const byKey = new Map(jobs.map((j) => [j.dedupe_key, j]));

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
      receivedAt: r.received_at,
      deadline: r.deadline,
      handlingResult: r.handling_result,
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
    external: externalSpecs.map((e) => {
      const j = byKey.get(`${EDXML_SEND_JOB}:${doc.id}:${e.code}`);
      return {
        code: e.code,
        name: e.name,
        delivery: !j ? 'queued' : j.done_at ? 'sent' : j.failed_at ? 'failed' : 'queued',
        attempts: j?.attempts ?? 0,
        lastError: j?.last_error ?? null,
        sentAt: j?.done_at ?? null,
      };
    }),
  };
}
