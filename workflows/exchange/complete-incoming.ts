import type { DomainContext } from '../context';
import { DocumentError } from '../documents/document-error';
import { changeIncoming } from './change-incoming';
import { handlingResult } from './handling-result';
import type { IncomingDocument } from './incoming-document';
import { addNote, leadOf, resultFiles } from './incoming-handling';

/**
 * An assignee (or a leader of the unit) completes the handling (05 → 06); early / on time / late against
 * the deadline is recorded for the reports.
 */
export async function completeIncoming(
  ctx: DomainContext,
  input: {
    readonly incomingId: string;
    readonly note?: string;
    /** Result files: the completer's uploads (POST /api/files). */
    readonly resultFileIds?: readonly string[];
  },
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
    async (m, doc, now) => {
      // The lead handler's completion is the document's (a supporting handler notes progress instead).
      const lead = await leadOf(m, doc.id);
      const mine = lead ? lead === ctx.actor.userId : doc.assigneeUserIds.includes(ctx.actor.userId);
      if (!ctx.actor.roles.includes('leader') && !mine) {
        throw new DocumentError(
          'INCOMING_NOT_ASSIGNEE',
          { vi: 'Bạn không được giao xử lý văn bản này', en: 'You are not assigned to this document' },
          { incomingId: doc.id },
        );
      }
      const files = await resultFiles(m, ctx, input.resultFileIds ?? []);
      if (input.note || files.length) {
        await addNote(
          m,
          doc.id,
          { kind: 'result', authorUserId: ctx.actor.userId, text: input.note ?? '—', files },
          now,
        );
      }
      return { completed_at: now, handling_result: handlingResult(doc.deadline, now) };
    },
  );
}
