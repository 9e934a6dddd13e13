import type { EntityManager } from 'typeorm';
import type { DomainContext, Role } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertDocumentAccess } from '../documents/document-access';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';
import type { IncomingDocument, StatusCode } from './incoming-document';
import { incomingRepository } from './incoming-repository';
import { noticeIncomingStatus } from '../notifications/document-notices';

export interface IncomingChange {
  readonly action: string;
  readonly roles: readonly Role[];
  /** Allowed current state: a status code, or the recall code for the recall answers. */
  readonly from: readonly StatusCode[];
  readonly on: 'status' | 'recall';
  readonly to: StatusCode;
  readonly note?: string;
}

/**
 * The one path of every incoming transition: lock the row, check the recipient unit's account and role
 * and the current code, apply the columns, write the status event (which the sender sees) and the audit
 * event, all in one transaction.
 */
export async function changeIncoming(
  ctx: DomainContext,
  incomingId: string,
  change: IncomingChange,
  apply: (m: EntityManager, doc: IncomingDocument, now: Date) => Promise<Record<string, unknown>>,
): Promise<IncomingDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await incomingRepository.findById(m, incomingId, { forUpdate: true });
    if (!doc) throw DocumentError.incomingNotFound(incomingId);
    await assertDocumentAccess(m, ctx.actor, doc.recipientUnitId, { act: change.roles }, () =>
      DocumentError.incomingNotFound(incomingId),
    );
    const current = change.on === 'status' ? doc.statusCode : doc.recallCode;
    if (current === null || !change.from.includes(current)) {
      throw DocumentError.incomingState(doc.id, current ?? doc.statusCode, change.action);
    }
    const set = await apply(m, doc, now);
    const updated = await incomingRepository.update(m, doc.id, {
      ...set,
      [change.on === 'status' ? 'status_code' : 'recall_code']: change.to,
    });
    await incomingRepository.addStatusEvents(m, [{ incomingId: doc.id, outgoingId: doc.outgoingId }], {
      code: change.to,
      at: now,
      actorUserId: ctx.actor.userId,
      actorUnitId: doc.recipientUnitId,
      note: change.note ?? null,
    });
    if (change.on === 'status' && current !== change.to) await noticeIncomingStatus(m, updated, now);
    await appendAuditEvent(m, ctx, {
      type: 'INCOMING_STATUS_CHANGED',
      unitId: doc.recipientUnitId,
      payload: {
        incomingId: doc.id,
        from: current,
        to: change.to,
        ...(change.note ? { note: change.note } : {}),
      },
    });
    return updated;
  });
}
