import type { DomainContext } from '../context';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { outgoingRepository } from '../documents/outgoing-repository';
import type { EdxmlStatusCode } from '../exchange/edxml/edxml-message';
import { EDXML_SEND_JOB } from '../exchange/send-document';

export interface ExternalRecipientStatus {
  /** QCVN 102:2016 code of the external organisation, as the drafter named it. */
  readonly organId: string;
  readonly organName: string | null;
  /** The peer the document went through, once delivered. */
  readonly peer: { readonly id: string; readonly name: string } | null;
  /** The edXML delivery: queued or retrying, delivered to the peer, or given up after the last attempt. */
  readonly delivery: 'queued' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  /**
   * Why the delivery was given up, once `failed`: the peer's HTTP status and error code when it refused the
   * package (a permanent refusal fails at once), else the last error's code.
   */
  readonly failure: {
    readonly permanent: boolean;
    readonly code: string;
    readonly peerStatus: number | null;
    readonly peerCode: string | null;
    readonly peerMessage: string | null;
    readonly at: Date;
  } | null;
  readonly deliveredAt: Date | null;
  /** The edXML document id, once delivered. */
  readonly documentId: string | null;
  /** The latest status of 01–06 and the recall code the recipient reported. */
  readonly statusCode: EdxmlStatusCode | null;
  readonly recallCode: '13' | '15' | '16' | null;
  readonly events: readonly {
    readonly code: EdxmlStatusCode;
    readonly at: Date;
    readonly receivedAt: Date;
    readonly note: string | null;
    readonly staff: string | null;
  }[];
}

/**
 * The sender's view of its external recipients (the counterpart of listRecipientStatus for units of this
 * server): for each external organisation of an outgoing document, the state of the edXML delivery job
 * and every status that organisation's system reported back, with the time it happened there and the
 * time it arrived (organisations reached by a package exported by hand appear once they report). Readable by the sending unit and the units above it.
 */
export async function listExternalRecipientStatus(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<ExternalRecipientStatus[]> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, 'read', () => DocumentError.notFound(doc.id));
  // The external recipients named on the document, and those reached by a package exported by hand.
  const delivered: { organ_id: string; organ_name: string | null }[] = await ctx.db.query(
    `SELECT organ_id, organ_name FROM external_recipients WHERE outgoing_id = $1`,
    [doc.id],
  );
  const specs = [
    ...new Map([
      ...delivered.map((d) => [d.organ_id, d.organ_name] as const),
      ...doc.recipients.flatMap((r) =>
        r.kind === 'external' ? [[r.code.trim(), r.name ?? null] as const] : [],
      ),
    ]).entries(),
  ];
  if (specs.length === 0) return [];
  const rows: {
    organ_id: string;
    organ_name: string | null;
    peer_id: string | null;
    peer_name: string | null;
    delivered_at: Date | null;
    document_id: string | null;
    status_code: EdxmlStatusCode | null;
    recall_code: '13' | '15' | '16' | null;
    attempts: number | null;
    done_at: Date | null;
    failed_at: Date | null;
    last_error: string | null;
    failure: {
      permanent: boolean;
      code: string;
      peerStatus?: number;
      peerCode?: string;
      peerMessage?: string;
      at: string;
    } | null;
    events: {
      code: EdxmlStatusCode;
      at: string;
      received: string;
      note: string | null;
      staff: string | null;
    }[];
  }[] = await ctx.db.query(
    `SELECT s.organ_id, COALESCE(x.organ_name, s.organ_name) AS organ_name, p.id AS peer_id, p.name AS peer_name,
       x.delivered_at, x.document_id, x.status_code, x.recall_code, j.attempts, j.done_at, j.failed_at, j.last_error,
       (SELECT a.payload || jsonb_build_object('at', a.occurred_at) FROM audit_events a
         WHERE a.type = 'EDXML_DELIVERY_FAILED' AND a.payload ->> 'jobId' = j.id::text
         ORDER BY a.seq DESC LIMIT 1) AS failure,
       COALESCE((SELECT json_agg(json_build_object('code', e.code, 'at', e.occurred_at, 'received', e.received_at,
                   'note', e.description, 'staff', e.staff ->> 'staff') ORDER BY e.occurred_at, e.code)
                 FROM external_status_events e WHERE e.recipient_id = x.id), '[]') AS events
     FROM unnest($2::text[], $3::text[]) AS s(organ_id, organ_name)
     LEFT JOIN external_recipients x ON x.outgoing_id = $1 AND x.organ_id = s.organ_id
     LEFT JOIN federation_peers p ON p.id = x.peer_id
     LEFT JOIN jobs j ON j.dedupe_key = $4 || s.organ_id
     ORDER BY s.organ_id`,
    [doc.id, specs.map((s) => s[0]), specs.map((s) => s[1]), `${EDXML_SEND_JOB}:${doc.id}:`],
  );
  return rows.map((r) => ({
    organId: r.organ_id,
    organName: r.organ_name,
    peer: r.peer_id ? { id: r.peer_id, name: r.peer_name! } : null,
    delivery: r.delivered_at ? 'delivered' : r.failed_at ? 'failed' : 'queued',
    attempts: r.attempts ?? 0,
    lastError: r.delivered_at ? null : r.last_error,
    failure:
      r.failed_at && !r.delivered_at && r.failure
        ? {
            permanent: r.failure.permanent,
            code: r.failure.code,
            peerStatus: r.failure.peerStatus ?? null,
            peerCode: r.failure.peerCode ?? null,
            peerMessage: r.failure.peerMessage ?? null,
            at: new Date(r.failure.at),
          }
        : null,
    deliveredAt: r.delivered_at,
    documentId: r.document_id,
    statusCode: r.status_code,
    recallCode: r.recall_code,
    events: r.events.map((e) => ({
      code: e.code,
      at: new Date(e.at),
      receivedAt: new Date(e.received),
      note: e.note,
      staff: e.staff,
    })),
  }));
}
