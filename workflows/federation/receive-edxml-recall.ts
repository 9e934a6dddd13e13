import { appendAuditEvent } from '../audit/append-audit-event';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import type { EdxmlDocument } from '../exchange/edxml/edxml-message';
import { incomingRepository } from '../exchange/incoming-repository';
import './federation-audit-events';
import { recordEdxmlPackage } from './record-edxml-package';
import type { Reception, ReceiveEdxmlResult } from './reception';
import { receivingUnits } from './receive-edxml-document';

/**
 * A recall (business type 1) from the sender system: every record of that document id at the addressed
 * units that was not refused and has no recall yet gets the recall request 13 with the sender's reason,
 * as a local recall does (recallDocument); the status events go back as edXML:Status 13, and the clerk's
 * answer (answerRecall: 15 accepted, 16 refused) goes back the same way. A recall for a document never
 * received: EDXML_DOCUMENT_NOT_FOUND; a repeated recall: `duplicate`.
 */
export async function receiveEdxmlRecall(r: Reception, d: EdxmlDocument): Promise<ReceiveEdxmlResult> {
  const { units, notHere } = await receivingUnits(r, d);
  const sender = d.from.organId;
  const rows: { id: string; status_code: string; recall_code: string | null }[] = await r.db.query(
    `SELECT id, status_code, recall_code FROM incoming_documents
     WHERE external_sender_code = $1 AND external_document_id = $2 AND recipient_unit_id = ANY($3::uuid[])`,
    [sender, d.documentId, units.map((u) => u.recipientUnitId)],
  );
  if (rows.length === 0) {
    throw new EdxmlError(
      'EDXML_DOCUMENT_NOT_FOUND',
      {
        vi: 'Không có văn bản đến nào khớp với yêu cầu thu hồi',
        en: 'No incoming document matches the recall',
      },
      { documentId: d.documentId, from: sender },
    );
  }
  const result = (outcome: ReceiveEdxmlResult['outcome']): ReceiveEdxmlResult => ({
    kind: 'document',
    outcome,
    documentId: d.documentId,
    businessType: 1,
    statusCode: null,
    incomingIds: rows.map((x) => x.id),
    notHere,
  });
  if (!rows.some((x) => x.status_code !== '02' && x.recall_code === null)) return result('duplicate');

  await r.deps.objects.put(r.bytes, {
    contentType: 'application/xml',
    metadata: { kind: 'edxml-package', direction: 'inbound' },
  });
  return r.db.transaction(async (m) => {
    const [changed]: [{ id: string; recipient_unit_id: string }[], number] = await m.query(
      `UPDATE incoming_documents SET recall_code = '13'
       WHERE id = ANY($1::uuid[]) AND status_code <> '02' AND recall_code IS NULL RETURNING id, recipient_unit_id`,
      [rows.map((x) => x.id)],
    );
    if (changed.length === 0) return result('duplicate');
    await recordEdxmlPackage(
      m,
      {
        direction: 'inbound',
        kind: 'document',
        via: r.via,
        peerId: r.peer.id,
        fromOrganId: sender,
        toOrganIds: d.to.map((t) => t.organId),
        documentId: d.documentId,
        businessType: 1,
        statusCode: null,
        sha256: r.sha256,
        size: r.bytes.length,
        signerSha256: r.signerSha256,
        signatureAlgorithm: r.signature.algorithm,
        signaturePlacement: r.signature.placement,
        layout: r.layout,
      },
      r.now,
    );
    for (const c of changed) {
      await incomingRepository.addStatusEvents(m, [{ incomingId: c.id, outgoingId: null }], {
        code: '13',
        at: r.now,
        actorUserId: r.actorUserId,
        actorUnitId: c.recipient_unit_id,
        note: d.business.reason ?? null,
      });
      await appendAuditEvent(m, r.audit, {
        type: 'EDXML_RECALL_RECEIVED',
        unitId: c.recipient_unit_id,
        payload: {
          incomingId: c.id,
          edxmlDocumentId: d.documentId,
          from: sender,
          ...(d.business.reason ? { reason: d.business.reason } : {}),
        },
      });
    }
    return result('recalled');
  });
}
