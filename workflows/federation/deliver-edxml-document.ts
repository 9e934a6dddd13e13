import { appendAuditEvent } from '../audit/append-audit-event';
import { outgoingRepository } from '../documents/outgoing-repository';
import type { EdxmlBusinessType } from '../exchange/edxml/edxml-message';
import { DEFAULT_EDXML_LIMITS } from '../exchange/edxml/read-edxml-message';
import { writeEdxmlDocument } from '../exchange/edxml/write-edxml-document';
import type { JobHandler } from '../exchange/job';
import { EDXML_SEND_JOB } from '../exchange/send-document';
import './federation-audit-events';
import type { FederationDeps } from './federation-deps';
import { FederationError } from './federation-error';
import { outgoingEdxml, outgoingEdxmlId } from './outgoing-edxml';
import { peerRepository } from './peer-repository';
import { recordEdxmlPackage } from './record-edxml-package';

/**
 * Job handler for `edxml.send` (queued by sendDocument per external organisation, by the recall trigger
 * with `businessType: 1`, by updateIssuedDocument with `businessType: 2`): builds the package of the
 * outgoing document, signs it with the server key, stores it, and posts it to the inbox of the peer
 * configured for the organisation code — the only address it ever posts to. The job's transaction
 * records the package and, for a new document (type 0, or 3 when it replaces another), the external
 * recipient row the statuses attach to; any failure (no peer yet, peer down, peer refusing) throws, so
 * the job retries with exponential back-off and nothing is recorded. A repeated delivery is harmless: the
 * receiving side deduplicates by document id. A recall or update waits until the document itself has been
 * delivered to that organisation, and does nothing when that delivery was given up. A permanent refusal
 * (the peer's 4xx other than 408/429) fails the job at once; giving up records EDXML_DELIVERY_FAILED.
 */
export function deliverEdxmlDocument(deps: FederationDeps): JobHandler {
  const deliver: JobHandler = async (m, job, now) => {
    const documentId = String(job.payload.documentId);
    const to = String(job.payload.to ?? '').trim();
    const requested = Number(job.payload.businessType ?? 0) as EdxmlBusinessType;
    const doc = await outgoingRepository.findById(m, documentId);
    if (!doc) throw new Error(`outgoing document ${documentId} not found`);
    const peer = await peerRepository.findForOrgan(m, to);
    if (!peer) throw FederationError.noPeerFor(to);
    const [delivered]: { id: string; document_id: string }[] = await m.query(
      `SELECT id, document_id FROM external_recipients WHERE outgoing_id = $1 AND organ_id = $2 FOR UPDATE`,
      [doc.id, to],
    );

    const businessType: EdxmlBusinessType = requested === 0 && doc.replacesId ? 3 : requested;
    if (businessType === 0 || businessType === 3) {
      if (delivered) return; // already in the peer's hands (a job run again after its commit was lost)
    } else if (!delivered) {
      const [first]: { done_at: Date | null; failed_at: Date | null }[] = await m.query(
        `SELECT done_at, failed_at FROM jobs WHERE dedupe_key = $1`,
        [`${EDXML_SEND_JOB}:${doc.id}:${to}`],
      );
      if (first && !first.done_at && !first.failed_at) {
        throw new FederationError(
          'FEDERATION_DELIVERY_PENDING',
          {
            vi: 'Văn bản chưa được chuyển tới cơ quan nhận; sẽ thử lại sau',
            en: 'The document itself has not reached the recipient yet; retrying later',
          },
          { documentId: doc.id, to },
        );
      }
      return; // never delivered: nothing to recall or update there
    }

    const spec = doc.recipients.find((r) => r.kind === 'external' && r.code.trim() === to);
    const organName =
      typeof job.payload.name === 'string'
        ? job.payload.name
        : spec?.kind === 'external' && spec.name
          ? spec.name
          : to;
    const reason =
      typeof job.payload.reason === 'string'
        ? job.payload.reason
        : businessType === 1
          ? await recallReason(m, doc.id)
          : businessType === 3
            ? await replaceReason(m, doc.id)
            : undefined;
    const content = await outgoingEdxml(m, deps.objects, doc, {
      to: [{ organId: to, organName }],
      businessType,
      ...(reason ? { reason } : {}),
      now,
      withFiles: businessType !== 1,
      maxPackageBytes: deps.limits?.maxBytes ?? DEFAULT_EDXML_LIMITS.maxBytes,
    });
    const signer = await deps.signer();
    const bytes = await writeEdxmlDocument(content, signer, now, peer.profile);
    const stored = await deps.objects.put(bytes, {
      contentType: 'application/xml',
      metadata: { kind: 'edxml-package', direction: 'outbound' },
    });
    const answer = await deps.transport(peer, bytes);

    const packageId = await recordEdxmlPackage(
      m,
      {
        direction: 'outbound',
        kind: 'document',
        via: 'federation',
        peerId: peer.id,
        fromOrganId: content.from.organId,
        toOrganIds: [to],
        documentId: content.documentId,
        businessType,
        statusCode: null,
        sha256: stored.sha256,
        size: bytes.length,
        signerSha256: signer.certificate.fingerprint('sha256').toString('hex'),
      },
      now,
    );
    if (businessType === 0 || businessType === 3) {
      await m.query(
        `INSERT INTO external_recipients (outgoing_id, organ_id, organ_name, peer_id, document_id, delivered_at, package_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [doc.id, to, organName, peer.id, outgoingEdxmlId(doc, content.from.organId), now, packageId],
      );
    } else if (businessType === 1) {
      await m.query(
        `UPDATE external_recipients SET recall_sent_at = $2, recall_code = COALESCE(recall_code, '13') WHERE id = $1`,
        [delivered!.id, now],
      );
    } else {
      await m.query(`UPDATE external_recipients SET updated_sent_at = $2 WHERE id = $1`, [
        delivered!.id,
        now,
      ]);
    }
    await appendAuditEvent(
      m,
      { actor: null, clock: { now: () => now } },
      {
        type: 'EDXML_DOCUMENT_DELIVERED',
        unitId: doc.unitId,
        payload: {
          documentId: doc.id,
          edxmlDocumentId: content.documentId,
          to,
          peerId: peer.id,
          businessType,
          packageSha256: stored.sha256,
          outcome: typeof answer.body.outcome === 'string' ? answer.body.outcome.slice(0, 40) : 'accepted',
        },
      },
    );
  };
  return Object.assign(deliver, { onFailed: recordDeliveryFailure });
}

/**
 * When a delivery is given up (a permanent refusal at once, or the last attempt): the audit event the
 * sender's external-recipient view reads (peer status and error code), in the job's failure transaction.
 */
const recordDeliveryFailure: NonNullable<JobHandler['onFailed']> = async (m, job, failure, now) => {
  const documentId = String(job.payload.documentId);
  const doc = await outgoingRepository.findById(m, documentId);
  if (!doc) return;
  const e = failure.error as { code?: unknown; message?: unknown; details?: Record<string, unknown> };
  const d = e?.details ?? {};
  await appendAuditEvent(
    m,
    { actor: null, clock: { now: () => now } },
    {
      type: 'EDXML_DELIVERY_FAILED',
      unitId: doc.unitId,
      payload: {
        documentId: doc.id,
        to: String(job.payload.to ?? '').trim(),
        businessType: Number(job.payload.businessType ?? 0),
        jobId: job.id,
        attempts: failure.attempts,
        permanent: failure.permanent,
        code: typeof e?.code === 'string' ? e.code : 'ERROR',
        message: String(e?.message ?? failure.error).slice(0, 500),
        ...(typeof d.status === 'number' ? { peerStatus: d.status } : {}),
        ...(typeof d.peerCode === 'string' ? { peerCode: d.peerCode } : {}),
        ...(typeof d.peerMessage === 'string' ? { peerMessage: d.peerMessage } : {}),
      },
    },
  );
};

/** The reason the sender gave when recalling (its DOCUMENT_RECALLED audit event). */
async function recallReason(m: Parameters<JobHandler>[0], documentId: string): Promise<string | undefined> {
  const rows: { reason: string | null }[] = await m.query(
    `SELECT payload ->> 'reason' AS reason FROM audit_events
     WHERE type = 'DOCUMENT_RECALLED' AND payload ->> 'documentId' = $1 ORDER BY seq DESC LIMIT 1`,
    [documentId],
  );
  return rows[0]?.reason ?? undefined;
}

/** The reason the drafter gave for replacing (the replacing document's DOCUMENT_DRAFTED audit event). */
async function replaceReason(m: Parameters<JobHandler>[0], documentId: string): Promise<string | undefined> {
  const rows: { reason: string | null }[] = await m.query(
    `SELECT payload ->> 'replaceReason' AS reason FROM audit_events
     WHERE type = 'DOCUMENT_DRAFTED' AND payload ->> 'documentId' = $1 ORDER BY seq DESC LIMIT 1`,
    [documentId],
  );
  return rows[0]?.reason ?? undefined;
}
