import { appendAuditEvent } from '../audit/append-audit-event';
import type { Clock } from '../context';
import '../documents/document-audit-events';
import { viDate } from '../notifications/document-notices';
import { notify } from '../notifications/notify';
import { enqueueJobs } from './enqueue-job';
import type { JobHandler } from './job';

/** The day after a YYYY-MM-DD date. */
function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Job handler for `incoming.deadline_reminder` (queued by assignIncoming for 08:00 Vietnam time on the
 * deadline day): while the document is still being handled with that deadline, records the reminder
 * (audit event on the recipient unit), notifies the handlers that it is due today
 * (`incoming.deadline_approaching`) and queues the same job with `phase: 'missed'` for 08:00 the next
 * day, which — if the document is still not completed — notifies the handlers and the unit's leaders
 * that the deadline was missed (`incoming.deadline_missed`). A completed or re-dated document is skipped.
 */
export const remindDeadline: JobHandler = async (m, job, now) => {
  const incomingId = String(job.payload.incomingId);
  const deadline = String(job.payload.deadline);
  const missed = job.payload.phase === 'missed';
  const rows: { recipient_unit_id: string; subject: string; assignee_user_ids: string[] }[] = await m.query(
    `SELECT recipient_unit_id, subject, assignee_user_ids FROM incoming_documents
     WHERE id = $1 AND status_code = '05' AND deadline = $2::date`,
    [incomingId, deadline],
  );
  if (rows.length === 0) return;
  const doc = rows[0]!;
  const clock: Clock = { now: () => now };
  const due = viDate(deadline);
  if (missed) {
    await notify(m, {
      kind: 'incoming.deadline_missed',
      recipients: { userIds: doc.assignee_user_ids, unitId: doc.recipient_unit_id, roles: ['leader'] },
      subject: {
        vi: `Quá hạn xử lý (hạn ${due}): ${doc.subject}`,
        en: `Deadline missed (due ${deadline}): ${doc.subject}`,
      },
      link: `#/assignments/${incomingId}`,
      urgent: true,
      dedupeKey: `incoming.deadline_missed:${incomingId}:${deadline}`,
      at: now,
    });
    return;
  }
  await appendAuditEvent(
    m,
    { actor: null, clock },
    {
      type: 'INCOMING_DEADLINE_REMINDER',
      unitId: doc.recipient_unit_id,
      payload: { incomingId, deadline },
    },
  );
  await notify(m, {
    kind: 'incoming.deadline_approaching',
    recipients: { userIds: doc.assignee_user_ids },
    subject: {
      vi: `Đến hạn xử lý hôm nay (${due}): ${doc.subject}`,
      en: `Due today (${deadline}): ${doc.subject}`,
    },
    link: `#/assignments/${incomingId}`,
    dedupeKey: `incoming.deadline_approaching:${incomingId}:${deadline}`,
    at: now,
  });
  await enqueueJobs(m, [
    {
      kind: job.kind,
      payload: { incomingId, deadline, phase: 'missed' },
      runAt: new Date(`${nextDay(deadline)}T08:00:00+07:00`),
      dedupeKey: `${job.kind}:${incomingId}:${deadline}:missed`,
    },
  ]);
};
