import type { DomainContext } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { DocumentError } from '../documents/document-error';
import { changeIncoming } from './change-incoming';
import { enqueueJobs } from './enqueue-job';
import type { IncomingDocument } from './incoming-document';
import { addNote, checkHandlers, noticeForInformation, setHandlers } from './incoming-handling';

export const DEADLINE_REMINDER_JOB = 'incoming.deadline_reminder';

/**
 * A leader assigns a document awaiting assignment (04 → 05): one lead handler (chủ trì) whose completion
 * counts, supporting handlers (phối hợp), people or units below for information (để biết), a written
 * instruction (ý kiến chỉ đạo) and a deadline.
 * A reminder job is queued for 08:00 (Vietnam) on the working morning of the deadline day. No `deadline`
 * given: the sender's requested one (hạn xử lý), if not past; `null`: none.
 */
export async function assignIncoming(
  ctx: DomainContext,
  input: {
    readonly incomingId: string;
    /** Everyone handling it; without `leadUserId` the first is the lead handler (chủ trì). */
    readonly assigneeUserIds?: readonly string[];
    readonly deadline?: string | null;
    /** Chủ trì: the one whose completion counts; with it, `supportUserIds` are phối hợp. */
    readonly leadUserId?: string;
    readonly supportUserIds?: readonly string[];
    /** Để biết: people of the unit and units directly below, informed, not handling. */
    readonly infoUserIds?: readonly string[];
    readonly infoUnitIds?: readonly string[];
    /** Ý kiến chỉ đạo: the leader's written instruction. */
    readonly instruction?: string;
  },
): Promise<IncomingDocument> {
  const given = input.deadline ? vietnamDate(input.deadline) : input.deadline;
  const assignees = input.leadUserId
    ? [input.leadUserId, ...(input.supportUserIds ?? [])]
    : [...new Set(input.assigneeUserIds ?? [])];
  if (assignees.length === 0) {
    throw DocumentError.invalid('assigneeUserIds', 'Cần chọn người xử lý', 'Choose at least one assignee');
  }
  return changeIncoming(
    ctx,
    input.incomingId,
    { action: 'assign', roles: ['leader'], on: 'status', from: ['04'], to: '05' },
    async (m, doc, now) => {
      const ok: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND unit_id = $2 AND active
           AND 'specialist' = ANY(roles)`,
        [assignees, doc.recipientUnitId],
      );
      if (ok[0]!.n !== new Set(assignees).size) {
        throw DocumentError.invalid(
          'assigneeUserIds',
          'Người xử lý phải là chuyên viên đang làm việc tại đơn vị nhận',
          'Assignees must be active specialists of the receiving unit',
        );
      }
      // Without a deadline of its own (absent, not null) the assignment takes the one the sender asked
      // for, while it is still ahead.
      const today = vietnamDate(now);
      const requested = doc.requestedDueDate;
      const deadline = given === undefined ? (requested && requested >= today ? requested : null) : given;
      if (given && given < today) {
        throw DocumentError.invalid('deadline', 'Hạn xử lý đã qua', 'The deadline is in the past');
      }
      if (deadline) {
        await enqueueJobs(m, [
          {
            kind: DEADLINE_REMINDER_JOB,
            payload: { incomingId: doc.id, deadline },
            runAt: new Date(`${deadline}T08:00:00+07:00`),
            dedupeKey: `${DEADLINE_REMINDER_JOB}:${doc.id}:${deadline}`,
          },
        ]);
      }
      const handlers = {
        leadUserId: assignees[0]!,
        supportUserIds: assignees.slice(1),
        infoUserIds: input.infoUserIds ?? [],
        infoUnitIds: input.infoUnitIds ?? [],
      };
      await checkHandlers(m, doc.recipientUnitId, handlers);
      await setHandlers(m, doc.id, handlers, now);
      await noticeForInformation(m, doc, handlers, now);
      const instruction = input.instruction?.trim();
      if (instruction) {
        await addNote(
          m,
          doc.id,
          { kind: 'instruction', authorUserId: ctx.actor.userId, text: instruction },
          now,
        );
      }
      return { assignee_user_ids: assignees, deadline, assigned_at: now };
    },
  );
}
