import { claimedSigningTime } from './claimed-signing-time';
import { handlingOf, type HandlerView, type NoteView } from './incoming-handling';
import { registrationOf } from './register-books';
import { repliesOf, type ReplyRef } from '../documents/document-replies';
import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import type { Urgency } from '../documents/outgoing-document';
import { assertIncomingReadable } from './assert-incoming-readable';
import type { HandlingResult, IncomingStatusCode, RecallCode, StatusCode } from './incoming-document';
import { incomingActions, type IncomingAction } from './incoming-actions';
import { statusLabel, type Label } from './status-label';

export interface UnitRef {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

export interface IncomingEvent {
  readonly code: StatusCode;
  /** `update`: a corrected copy (business type 2) arrived. */
  readonly kind: 'status' | 'update';
  readonly label: Label;
  readonly at: Date;
  readonly note: string | null;
  readonly actor: { readonly userId: string; readonly fullName: string } | null;
  readonly unitId: string | null;
}

/**
 * The validation on arrival: `pending` until the job has run, then its verdict as the job wrote it into
 * `incoming_documents.validation` (server/jobs/incoming-verdict.ts).
 */
export type IncomingValidation =
  | { readonly state: 'pending' }
  | {
      readonly state: 'done';
      readonly indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | 'UNSIGNED';
      readonly validatedAt: string;
      readonly signatures: readonly {
        readonly fieldName: string;
        readonly kind: string;
        readonly signerName: string | null;
        readonly indication: string;
        readonly subIndication: string | null;
        /** ISO 8601 (UTC), null when absent or unreadable. */
        readonly claimedSigningTime: string | null;
        /** As the file gives it (PDF date or ISO 8601). */
        readonly claimedSigningTimeRaw: string | null;
      }[];
      readonly unsignedRevisions: number;
      readonly reportSha256: string | null;
      readonly error: string | null;
    };

export interface IncomingDetail {
  readonly id: string;
  readonly recipientUnit: UnitRef;
  /** The unit the sender named (differs when the document was routed to a successor). */
  readonly addressedUnit: UnitRef;
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency: Urgency;
  readonly urgent: boolean;
  readonly statusCode: IncomingStatusCode;
  readonly status: Label;
  readonly recallCode: RecallCode | null;
  readonly recall: Label | null;
  readonly recallReason: string | null;
  readonly year: number | null;
  readonly incomingNumber: number | null;
  /** Số đến as Decree 30 writes it ("01"). */
  readonly incomingNumberText: string | null;
  readonly receivedAt: Date;
  readonly registeredAt: Date | null;
  readonly assignedAt: Date | null;
  readonly completedAt: Date | null;
  readonly deadline: string | null;
  /** Hạn xử lý the sender asked for (pre-fills the assignment's deadline). */
  readonly requestedDueDate: string | null;
  readonly overdue: boolean;
  readonly handlingResult: HandlingResult | null;
  readonly refusalReason: string | null;
  readonly revision: number;
  readonly revisedAt: Date | null;
  readonly supersededById: string | null;
  readonly sender: {
    readonly unitId: string | null;
    readonly code: string;
    readonly name: string | null;
    readonly outgoingId: string | null;
    readonly issuedOn: string | null;
    readonly signerName: string | null;
  };
  readonly pdf: { readonly sha256: string; readonly size: number | null };
  readonly attachments: readonly { readonly index: number; readonly name: string; readonly size: number }[];
  /** Received from another system as an edXML package: its id, the signer's position, how it was signed. */
  readonly edxml: {
    readonly documentId: string;
    readonly signerPosition: string | null;
    /** `weak`: RSA-SHA1, accepted only because the sending peer is configured to sign with it. */
    readonly signature: {
      readonly algorithm: 'rsa-sha256' | 'rsa-sha1';
      readonly weak: boolean;
      readonly placement: 'xmldsig' | 'qcvn' | 'none';
      readonly layout: 'sdk' | 'envelope' | 'soap';
      readonly signerSubject: string;
    } | null;
  } | null;
  readonly validation: IncomingValidation;
  readonly assignees: readonly {
    readonly id: string;
    readonly fullName: string;
    readonly title: string | null;
  }[];
  readonly events: readonly IncomingEvent[];
  /** What the caller may do now (see incomingActions). */
  readonly actions: readonly IncomingAction[];
  /** Outgoing documents written as replies to this one (edXML ResponseFor), oldest first. */
  readonly replies: readonly ReplyRef[];
  /** The register book the clerk chose and the leader presented to, when chosen. */
  readonly registration: Awaited<ReturnType<typeof registrationOf>>;
  /** Chủ trì, phối hợp, để biết. */
  readonly handlers: readonly HandlerView[];
  /** Ý kiến chỉ đạo, progress, reassignments, extensions, the result with its files. */
  readonly notes: readonly NoteView[];
}

/**
 * One incoming document as the clerk, leader or assignee sees it: metadata, sender, the validation
 * verdict (`pending` until the job ran), assignees, deadline, every status event with its actor, and
 * the actions open to the caller. Access as assertIncomingReadable.
 */
export async function getIncoming(
  ctx: DomainContext,
  input: { readonly incomingId: string },
): Promise<IncomingDetail> {
  const doc = await assertIncomingReadable(ctx.db, ctx.actor, input.incomingId);
  const [row]: {
    recipient: UnitRef;
    addressed: UnitRef;
    sender_unit_id: string | null;
    sender_code: string | null;
    sender_name: string | null;
    issued_on: string | null;
    signer_name: string | null;
    pdf_size: string | null;
    attachments: { name: string; size: number }[] | null;
    edxml_document_id: string | null;
    edxml_signer_position: string | null;
    edxml_signature: NonNullable<IncomingDetail['edxml']>['signature'];
    revision: number;
    revised_at: Date | null;
    assignees: { id: string; fullName: string; title: string | null }[];
    events: {
      code: StatusCode;
      kind: 'status' | 'update';
      at: string;
      note: string | null;
      userId: string | null;
      fullName: string | null;
      unitId: string | null;
    }[];
  }[] = await ctx.db.query(
    `SELECT json_build_object('id', ru.id, 'code', ru.code, 'name', ru.name) AS recipient,
       json_build_object('id', au.id, 'code', au.code, 'name', au.name) AS addressed,
       su.id AS sender_unit_id, su.code AS sender_code, COALESCE(su.name, x.sender_organ_name) AS sender_name,
       COALESCE(o.issued_on, x.promulgation_date)::text AS issued_on,
       COALESCE(sg.full_name, x.signer_name) AS signer_name,
       CASE WHEN o.pdf_sha256 = i.pdf_sha256 THEN o.pdf_size END AS pdf_size,
       COALESCE(o.attachments, x.attachments) AS attachments, x.document_id AS edxml_document_id,
       x.signer_position AS edxml_signer_position, x.signature AS edxml_signature, i.revision, i.revised_at,
       COALESCE((SELECT json_agg(json_build_object('id', a.id, 'fullName', a.full_name, 'title', a.title)
                                 ORDER BY a.full_name)
                 FROM users a WHERE a.id = ANY(i.assignee_user_ids)), '[]') AS assignees,
       COALESCE((SELECT json_agg(json_build_object('code', e.code, 'kind', e.kind, 'at', e.occurred_at,
                                   'note', e.note, 'userId', e.actor_user_id, 'fullName', eu.full_name,
                                   'unitId', e.actor_unit_id) ORDER BY e.id)
                 FROM status_events e LEFT JOIN users eu ON eu.id = e.actor_user_id
                 WHERE e.incoming_id = i.id), '[]') AS events
     FROM incoming_documents i
     JOIN units ru ON ru.id = i.recipient_unit_id
     JOIN units au ON au.id = i.addressed_unit_id
     LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
     LEFT JOIN edxml_incoming x ON x.incoming_id = i.id
     LEFT JOIN units su ON su.id = o.unit_id
     LEFT JOIN users sg ON sg.id = COALESCE(
       (SELECT v.actor_user_id FROM document_versions v WHERE v.document_id = o.id AND v.step = 'signed'
        ORDER BY v.seq DESC LIMIT 1),
       o.signer_user_id)
     WHERE i.id = $1`,
    [doc.id],
  );
  const events: IncomingEvent[] = row!.events.map((e) => ({
    code: e.code,
    kind: e.kind,
    label: statusLabel(e.code, e.kind),
    at: new Date(e.at),
    note: e.note,
    actor: e.userId ? { userId: e.userId, fullName: e.fullName ?? '' } : null,
    unitId: e.unitId,
  }));
  const recallRequest = [...events].reverse().find((e) => e.code === '13');
  const today = vietnamDate(ctx.clock.now());
  return {
    id: doc.id,
    recipientUnit: row!.recipient,
    addressedUnit: row!.addressed,
    documentType: doc.documentType,
    notation: doc.notation,
    subject: doc.subject,
    urgency: doc.urgency,
    urgent: doc.urgent,
    statusCode: doc.statusCode,
    status: statusLabel(doc.statusCode),
    recallCode: doc.recallCode,
    recall: doc.recallCode ? statusLabel(doc.recallCode) : null,
    recallReason: doc.recallCode ? (recallRequest?.note ?? null) : null,
    year: doc.year,
    incomingNumber: doc.incomingNumber,
    incomingNumberText: doc.incomingNumberText,
    receivedAt: doc.receivedAt,
    registeredAt: doc.registeredAt,
    assignedAt: doc.assignedAt,
    completedAt: doc.completedAt,
    deadline: doc.deadline,
    requestedDueDate: doc.requestedDueDate,
    overdue: doc.statusCode === '05' && doc.deadline !== null && doc.deadline < today,
    handlingResult: doc.handlingResult,
    refusalReason: doc.refusalReason,
    revision: row!.revision,
    revisedAt: row!.revised_at,
    supersededById: doc.supersededById,
    sender: {
      unitId: row!.sender_unit_id,
      code: row!.sender_code ?? doc.externalSenderCode ?? '',
      name: row!.sender_name,
      outgoingId: doc.outgoingId,
      issuedOn: row!.issued_on,
      signerName: row!.signer_name,
    },
    pdf: { sha256: doc.pdfSha256, size: row!.pdf_size === null ? null : Number(row!.pdf_size) },
    attachments: (row!.attachments ?? []).map((a, index) => ({ index, name: a.name, size: a.size })),
    edxml: row!.edxml_document_id
      ? {
          documentId: row!.edxml_document_id,
          signerPosition: row!.edxml_signer_position,
          signature: row!.edxml_signature
            ? {
                algorithm: row!.edxml_signature.algorithm,
                weak: row!.edxml_signature.weak,
                placement: row!.edxml_signature.placement,
                layout: row!.edxml_signature.layout,
                signerSubject: row!.edxml_signature.signerSubject,
              }
            : null,
        }
      : null,
    validation: doc.validation ? doneValidation(doc.validation) : { state: 'pending' },
    assignees: row!.assignees,
    events,
    actions: incomingActions(ctx.actor, doc),
    replies: await repliesOf(ctx.db, doc.id, ctx.actor.userId),
    registration: await registrationOf(ctx.db, doc.id),
    ...(await handlingOf(ctx.db, doc.id)),
  };
}

type DoneValidation = Extract<IncomingValidation, { state: 'done' }>;
type StoredSignature = Omit<DoneValidation['signatures'][number], 'claimedSigningTimeRaw'> & {
  readonly claimedSigningTimeRaw?: string | null;
};

/**
 * The stored verdict as the API gives it. Verdicts written before claimed times were normalised hold the
 * raw PDF date in `claimedSigningTime` and no `claimedSigningTimeRaw`; both shapes come out as ISO 8601
 * plus the raw text.
 */
function doneValidation(stored: object): IncomingValidation {
  const v = stored as Omit<DoneValidation, 'state' | 'signatures'> & { signatures?: StoredSignature[] };
  return {
    ...v,
    state: 'done',
    signatures: (v.signatures ?? []).map((sig) => ({
      ...sig,
      ...claimedSigningTime(
        sig.claimedSigningTimeRaw !== undefined ? sig.claimedSigningTimeRaw : sig.claimedSigningTime,
      ),
    })),
  };
}
