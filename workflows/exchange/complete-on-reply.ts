import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { documentSettings } from '../documents/document-settings';
import { numberAndNotation, type OutgoingDocument } from '../documents/outgoing-document';
import { handlingResult } from './handling-result';
import { incomingRepository } from './incoming-repository';

/**
 * When a reply is issued (inside the sending transaction): the incoming document it answers, if still in
 * progress (05), completes (06) with the reply named as its result — unless the unit's document settings
 * turn this off (`completeIncomingOnReply`, default on). The status event reaches the original sender like
 * any completion. Returns the completed incoming id, if any.
 */
export async function completeOnReply(
  m: EntityManager,
  ctx: DomainContext,
  reply: OutgoingDocument,
  now: Date,
): Promise<string | null> {
  const [link]: { incoming_id: string }[] = await m.query(
    `SELECT incoming_id FROM document_replies WHERE outgoing_id = $1`,
    [reply.id],
  );
  if (!link) return null;
  if (!(await documentSettings(m, reply.unitId)).completeIncomingOnReply) return null;
  const doc = await incomingRepository.findById(m, link.incoming_id, { forUpdate: true });
  if (!doc || doc.statusCode !== '05') return null;
  const note = `Đã trả lời bằng văn bản số ${numberAndNotation(reply)}`;
  await incomingRepository.update(m, doc.id, {
    status_code: '06',
    completed_at: now,
    handling_result: handlingResult(doc.deadline, now),
  });
  await incomingRepository.addStatusEvents(m, [{ incomingId: doc.id, outgoingId: doc.outgoingId }], {
    code: '06',
    at: now,
    actorUserId: ctx.actor.userId,
    actorUnitId: doc.recipientUnitId,
    note,
  });
  await appendAuditEvent(m, ctx, {
    type: 'INCOMING_STATUS_CHANGED',
    unitId: doc.recipientUnitId,
    payload: { incomingId: doc.id, from: '05', to: '06', note },
  });
  return doc.id;
}
