import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import type { JobHandler } from '../../workflows/exchange/job';
import { noticeIncomingUrgent } from '../../workflows/notifications/document-notices';
import './job-audit-events';

/**
 * Job handler for `incoming.urgent_notice` (Khẩn, Thượng khẩn, Hỏa tốc are forwarded at once): for each
 * recipient that has not yet registered or refused the document, records one INCOMING_URGENT_NOTICE (the
 * inbox lists these as notices) and notifies the unit's clerks and leaders (bell and e-mail, urgent).
 */
export const noticeUrgent: JobHandler = async (m, job, now) => {
  const ids = Array.isArray(job.payload.incomingIds) ? job.payload.incomingIds.map(String) : [];
  const rows: {
    id: string;
    recipient_unit_id: string;
    outgoing_id: string | null;
    urgency: string;
    subject: string;
  }[] = await m.query(
    `SELECT id, recipient_unit_id, outgoing_id, urgency, subject FROM incoming_documents
       WHERE id = ANY($1::uuid[]) AND status_code = '01' ORDER BY id`,
    [ids],
  );
  for (const r of rows) {
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      {
        type: 'INCOMING_URGENT_NOTICE',
        unitId: r.recipient_unit_id,
        payload: { incomingId: r.id, documentId: r.outgoing_id ?? '', urgency: r.urgency },
      },
    );
    await noticeIncomingUrgent(m, r, now);
  }
};
