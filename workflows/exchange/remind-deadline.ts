import { appendAuditEvent } from '../audit/append-audit-event';
import type { Clock } from '../context';
import '../documents/document-audit-events';
import type { JobHandler } from './job';

/**
 * Job handler for `incoming.deadline_reminder`: while the document is not completed, records the
 * reminder (audit event on the recipient unit; the notification channel reads these). A completed or
 * re-dated document is skipped.
 */
export const remindDeadline: JobHandler = async (m, job, now) => {
  const incomingId = String(job.payload.incomingId);
  const deadline = String(job.payload.deadline);
  const rows: { recipient_unit_id: string }[] = await m.query(
    `SELECT recipient_unit_id FROM incoming_documents WHERE id = $1 AND status_code = '05' AND deadline = $2::date`,
    [incomingId, deadline],
  );
  if (rows.length === 0) return;
  const clock: Clock = { now: () => now };
  await appendAuditEvent(
    m,
    { actor: null, clock },
    {
      type: 'INCOMING_DEADLINE_REMINDER',
      unitId: rows[0]!.recipient_unit_id,
      payload: { incomingId, deadline },
    },
  );
};
