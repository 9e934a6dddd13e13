import type { DomainContext } from '../context';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { outgoingRepository } from '../documents/outgoing-repository';
import type { IncomingStatusCode, RecallCode, StatusCode } from './incoming-document';

export interface RecipientStatus {
  readonly incomingId: string;
  readonly recipientUnitId: string;
  readonly recipientUnitName: string;
  readonly addressedUnitId: string;
  readonly statusCode: IncomingStatusCode;
  readonly recallCode: RecallCode | null;
  readonly incomingNumber: number | null;
  readonly events: readonly { readonly code: StatusCode; readonly at: Date; readonly note: string | null }[];
}

/** The sender's view of an issued document: per recipient, its current codes and every status with its time. */
export async function listRecipientStatus(
  ctx: DomainContext,
  input: { readonly documentId: string },
): Promise<RecipientStatus[]> {
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, 'read', () => DocumentError.notFound(doc.id));
  const rows: {
    id: string;
    recipient_unit_id: string;
    name: string;
    addressed_unit_id: string;
    status_code: IncomingStatusCode;
    recall_code: RecallCode | null;
    incoming_number: number | null;
    events: { code: StatusCode; at: string; note: string | null }[];
  }[] = await ctx.db.query(
    `SELECT i.id, i.recipient_unit_id, u.name, i.addressed_unit_id, i.status_code, i.recall_code, i.incoming_number,
       COALESCE((SELECT json_agg(json_build_object('code', e.code, 'at', e.occurred_at, 'note', e.note) ORDER BY e.id)
                 FROM status_events e WHERE e.incoming_id = i.id), '[]') AS events
     FROM incoming_documents i JOIN units u ON u.id = i.recipient_unit_id
     WHERE i.outgoing_id = $1 ORDER BY u.code`,
    [doc.id],
  );
  return rows.map((r) => ({
    incomingId: r.id,
    recipientUnitId: r.recipient_unit_id,
    recipientUnitName: r.name,
    addressedUnitId: r.addressed_unit_id,
    statusCode: r.status_code,
    recallCode: r.recall_code,
    incomingNumber: r.incoming_number,
    events: r.events.map((e) => ({ code: e.code, at: new Date(e.at), note: e.note })),
  }));
}
