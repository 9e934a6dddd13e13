import type { DomainContext } from '../context';
import { DocumentError } from '../documents/document-error';
import { changeIncoming } from './change-incoming';
import { handlingResult } from './handling-result';
import type { IncomingDocument } from './incoming-document';

/**
 * An assignee (or a leader of the unit) completes the handling (05 → 06); early / on time / late against
 * the deadline is recorded for the reports.
 */
export async function completeIncoming(
  ctx: DomainContext,
  input: { readonly incomingId: string; readonly note?: string },
): Promise<IncomingDocument> {
  return changeIncoming(
    ctx,
    input.incomingId,
    {
      action: 'complete',
      roles: ['specialist', 'leader'],
      on: 'status',
      from: ['05'],
      to: '06',
      ...(input.note ? { note: input.note } : {}),
    },
    async (_m, doc, now) => {
      if (!ctx.actor.roles.includes('leader') && !doc.assigneeUserIds.includes(ctx.actor.userId)) {
        throw new DocumentError(
          'INCOMING_NOT_ASSIGNEE',
          { vi: 'Bạn không được giao xử lý văn bản này', en: 'You are not assigned to this document' },
          { incomingId: doc.id },
        );
      }
      return { completed_at: now, handling_result: handlingResult(doc.deadline, now) };
    },
  );
}
