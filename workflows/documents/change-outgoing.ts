import type { EntityManager } from 'typeorm';
import type { DomainContext, Role } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import './document-audit-events';
import { assertDocumentAccess } from './document-access';
import { DocumentError } from './document-error';
import type { OutgoingDocument, OutgoingStatus } from './outgoing-document';
import { draftHiddenFrom } from './outgoing-access';
import { outgoingRepository } from './outgoing-repository';
import { noticeOutgoingStatus } from '../notifications/document-notices';

export interface OutgoingChange {
  readonly action: string;
  readonly roles: readonly Role[];
  readonly from: readonly OutgoingStatus[];
  readonly to: OutgoingStatus;
  readonly electronicOnly?: boolean;
}

/**
 * The one path of every outgoing state change: in one transaction, lock the row, check who may act and
 * from which status, let `apply` write the change (columns, versions), then record the audit event.
 */
export async function changeOutgoing(
  ctx: DomainContext,
  documentId: string,
  change: OutgoingChange,
  apply: (
    m: EntityManager,
    doc: OutgoingDocument,
    now: Date,
  ) => Promise<{
    set?: Record<string, unknown>;
    audit?: { sha256?: string; number?: number; comment?: string; onBehalfOfUserId?: string };
  }>,
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await outgoingRepository.findById(m, documentId, { forUpdate: true });
    if (!doc || draftHiddenFrom(ctx.actor, doc)) throw DocumentError.notFound(documentId);
    await assertDocumentAccess(m, ctx.actor, doc.unitId, { act: change.roles }, () =>
      DocumentError.notFound(documentId),
    );
    if (!change.from.includes(doc.status)) throw DocumentError.state(doc.id, doc.status, change.action);
    if (change.electronicOnly && doc.medium === 'paper') {
      throw new DocumentError(
        'DOCUMENT_PAPER_ONLY',
        {
          vi: 'Văn bản giấy đã đăng ký không đi qua quy trình ký số',
          en: 'A registered paper document does not go through the digital signing steps',
        },
        { documentId },
      );
    }
    const { set = {}, audit = {} } = await apply(m, doc, now);
    const updated = await outgoingRepository.update(m, doc.id, { ...set, status: change.to }, now);
    if (doc.status !== change.to) await noticeOutgoingStatus(m, updated, now);
    await appendAuditEvent(m, ctx, {
      type: 'DOCUMENT_STATUS_CHANGED',
      unitId: doc.unitId,
      payload: { documentId: doc.id, from: doc.status, to: change.to, ...audit },
    });
    return updated;
  });
}
