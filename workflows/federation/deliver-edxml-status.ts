import { appendAuditEvent } from '../audit/append-audit-event';
import type { EdxmlStatusCode } from '../exchange/edxml/edxml-message';
import { writeEdxmlStatus } from '../exchange/edxml/write-edxml-status';
import type { JobHandler } from '../exchange/job';
import './federation-audit-events';
import type { FederationDeps } from './federation-deps';
import { FederationError } from './federation-error';
import { peerRepository } from './peer-repository';
import { recordEdxmlPackage } from './record-edxml-package';
import { statusDescription } from './status-description';

/** Job kind: report one status event of an externally received document back to the sender system. */
export const EDXML_STATUS_JOB = 'edxml.status';

/**
 * Job handler for `edxml.status` (queued by the status_events trigger for every status of a document
 * received from another system): writes the `edXML:Status` message — ResponseFor the sender's document
 * id, From the organisation the sender addressed, the status code with its time, the recipient's note
 * (refusal reason, recall answer) or a standard description, and who acted — signs it, and posts it to
 * the peer configured for the sender's code. Failures throw and the job retries with back-off — a refusal
 * too (unlike a document delivery), since the sender may not have recorded its delivery yet.
 */
export function deliverEdxmlStatus(deps: FederationDeps): JobHandler {
  return async (m, job, now) => {
    const id = String(job.payload.statusEventId);
    const [e]:
      | {
          code: EdxmlStatusCode;
          occurred_at: Date;
          note: string | null;
          incoming_id: string;
          incoming_number: number | null;
          sender: string;
          document_id: string;
          notation: string;
          promulgation_date: string;
          organ_id: string;
          organ_name: string;
          recipient_name: string;
          recipient_unit_id: string;
          staff: string | null;
        }[]
      | [] = /^\d+$/.test(id)
      ? await m.query(
          `SELECT e.code, e.occurred_at, e.note, i.id AS incoming_id, i.incoming_number, x.sender_organ_id AS sender,
             x.document_id, i.notation, x.promulgation_date::text AS promulgation_date, au.code AS organ_id,
             au.name AS organ_name, ru.name AS recipient_name, i.recipient_unit_id, u.full_name AS staff
           FROM status_events e
           JOIN incoming_documents i ON i.id = e.incoming_id
           JOIN edxml_incoming x ON x.incoming_id = i.id
           JOIN units au ON au.id = i.addressed_unit_id
           JOIN units ru ON ru.id = i.recipient_unit_id
           LEFT JOIN users u ON u.id = e.actor_user_id
           WHERE e.id = $1`,
          [id],
        )
      : [];
    if (!e) return; // not a document received over edXML (nothing to report)
    const peer = await peerRepository.findForOrgan(m, e.sender);
    if (!peer) throw FederationError.noPeerFor(e.sender);
    const signer = await deps.signer();
    const bytes = await writeEdxmlStatus(
      {
        responseFor: {
          organId: e.sender,
          code: e.notation,
          promulgationDate: e.promulgation_date,
          documentId: e.document_id,
        },
        from: { organId: e.organ_id, organName: e.organ_name },
        statusCode: e.code,
        description: e.note ?? statusDescription(e.code, e.incoming_number),
        timestamp: e.occurred_at,
        staff: { department: e.recipient_name, ...(e.staff ? { staff: e.staff } : {}) },
        trace: [{ organId: e.organ_id, timestamp: now }],
      },
      signer,
      peer.profile,
    );
    const stored = await deps.objects.put(bytes, {
      contentType: 'application/xml',
      metadata: { kind: 'edxml-status', direction: 'outbound' },
    });
    try {
      await deps.transport(peer, bytes);
    } catch (err) {
      // A status is not refused for good: the sender answers 404 EDXML_DOCUMENT_NOT_FOUND while its own
      // delivery job has not committed yet (our 01 can overtake it), so a status keeps the back-off.
      if (err instanceof FederationError && err.permanent) {
        throw new FederationError(err.code, { vi: err.messageVi, en: err.message }, err.details, err);
      }
      throw err;
    }
    await recordEdxmlPackage(
      m,
      {
        direction: 'outbound',
        kind: 'status',
        via: 'federation',
        peerId: peer.id,
        fromOrganId: e.organ_id,
        toOrganIds: [e.sender],
        documentId: e.document_id,
        businessType: null,
        statusCode: e.code,
        sha256: stored.sha256,
        size: bytes.length,
        signerSha256: signer.certificate.fingerprint('sha256').toString('hex'),
      },
      now,
    );
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      {
        type: 'EDXML_STATUS_SENT',
        unitId: e.recipient_unit_id,
        payload: {
          incomingId: e.incoming_id,
          statusCode: e.code,
          to: e.sender,
          peerId: peer.id,
          packageSha256: stored.sha256,
        },
      },
    );
  };
}
