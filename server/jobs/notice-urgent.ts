import { appendAuditEvent } from '../../workflows/audit/append-audit-event';
import type { JobHandler } from '../../workflows/exchange/job';
import './job-audit-events';

/**
 * Job handler for `incoming.urgent_notice` (Khẩn, Thượng khẩn, Hỏa tốc are forwarded at once): records one
 * INCOMING_URGENT_NOTICE per recipient that has not yet registered or refused the document; the inbox
 * lists these as notices. (A mail/SMS channel would read the same events.)
 */
export const noticeUrgent: JobHandler = async (m, job, now) => {
  const ids = Array.isArray(job.payload.incomingIds) ? job.payload.incomingIds.map(String) : [];
  const rows: { id: string; recipient_unit_id: string; outgoing_id: string | null; urgency: string }[] =
    await m.query(
      `SELECT id, recipient_unit_id, outgoing_id, urgency FROM incoming_documents
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
  }
};
