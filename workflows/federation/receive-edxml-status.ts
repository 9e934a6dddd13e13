import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../audit/append-audit-event';
import { parseEdxmlDocumentId } from '../exchange/edxml/edxml-document-id';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import type { EdxmlStatus } from '../exchange/edxml/edxml-message';
import './federation-audit-events';
import { recordEdxmlPackage } from './record-edxml-package';
import { AlreadyReceived, type Reception, type ReceiveEdxmlResult } from './reception';

/**
 * A status message from the system of an external recipient: recorded against the sender's
 * external_recipients row for (document id, the recipient organisation) — only when the peer that signed
 * it is the peer the document was delivered through — and the row's current codes follow (the latest
 * status of 01–06 and of the recall codes, by the time the recipient reported). The same status twice
 * (same code and time): `duplicate`.
 */
export async function receiveEdxmlStatus(r: Reception, s: EdxmlStatus): Promise<ReceiveEdxmlResult> {
  const docId = s.responseFor.documentId;
  const found = await recipientFor(r, docId, s.from.organId);
  if (!found) {
    throw new EdxmlError(
      'EDXML_DOCUMENT_NOT_FOUND',
      {
        vi: 'Không có văn bản đi nào đã gửi cơ quan này khớp với thông báo trạng thái',
        en: 'No document delivered to this organisation matches the status message',
      },
      { documentId: docId, from: s.from.organId },
    );
  }
  if ('id' in found && found.peer_id !== r.peer.id) throw senderMismatch(docId, s.from.organId);
  const result = (outcome: ReceiveEdxmlResult['outcome']): ReceiveEdxmlResult => ({
    kind: 'status',
    outcome,
    documentId: docId,
    businessType: null,
    statusCode: s.statusCode,
    incomingIds: [],
    notHere: [],
  });
  if ('id' in found) {
    const seen: unknown[] = await r.db.query(
      `SELECT 1 FROM external_status_events WHERE recipient_id = $1 AND code = $2 AND occurred_at = $3`,
      [found.id, s.statusCode, s.timestamp],
    );
    if (seen.length) return result('duplicate');
  }

  await r.deps.objects.put(r.bytes, {
    contentType: 'application/xml',
    metadata: { kind: 'edxml-status', direction: 'inbound' },
  });
  try {
    return await r.db.transaction(async (m) => {
      const row = 'id' in found ? found : await fromExport(m, r, found, docId, s.from.organId);
      if (row.peer_id !== r.peer.id) throw senderMismatch(docId, s.from.organId);
      const packageId = await recordEdxmlPackage(
        m,
        {
          direction: 'inbound',
          kind: 'status',
          via: r.via,
          peerId: r.peer.id,
          fromOrganId: s.from.organId,
          toOrganIds: [s.responseFor.organId],
          documentId: docId,
          businessType: null,
          statusCode: s.statusCode,
          sha256: r.sha256,
          size: r.bytes.length,
          signerSha256: r.signerSha256,
          signatureAlgorithm: r.signature.algorithm,
          signaturePlacement: r.signature.placement,
          layout: r.layout,
        },
        r.now,
      );
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO external_status_events (recipient_id, outgoing_id, code, occurred_at, received_at, description, staff,
           package_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
         ON CONFLICT ON CONSTRAINT external_status_events_once_key DO NOTHING RETURNING id`,
        [
          row.id,
          row.outgoing_id,
          s.statusCode,
          s.timestamp,
          r.now,
          s.description ?? null,
          s.staff ? JSON.stringify(s.staff) : null,
          packageId,
        ],
      );
      if (inserted.length === 0) throw new AlreadyReceived();
      await m.query(
        `UPDATE external_recipients SET
           status_code = (SELECT code FROM external_status_events WHERE recipient_id = $1
                          AND code IN ('01', '02', '03', '04', '05', '06') ORDER BY occurred_at DESC, code DESC LIMIT 1),
           recall_code = COALESCE((SELECT code FROM external_status_events WHERE recipient_id = $1
                          AND code IN ('13', '15', '16') ORDER BY occurred_at DESC, code DESC LIMIT 1), recall_code),
           last_status_at = GREATEST(last_status_at, $2)
         WHERE id = $1`,
        [row.id, s.timestamp],
      );
      await appendAuditEvent(m, r.audit, {
        type: 'EDXML_STATUS_RECEIVED',
        unitId: row.unit_id,
        payload: {
          documentId: row.outgoing_id,
          organId: s.from.organId,
          statusCode: s.statusCode,
          occurredAt: s.timestamp.toISOString(),
          packageSha256: r.sha256,
        },
      });
      return result('recorded');
    });
  } catch (e) {
    if (e instanceof AlreadyReceived) return result('duplicate');
    throw e;
  }
}

type RecipientRow = { id: string; peer_id: string; outgoing_id: string; unit_id: string };
type FromExport = { outgoingId: string; unitId: string; packageId: string; exportedAt: Date };

/**
 * The external recipient a status is about. A document that reached the organisation through a package
 * exported by hand (and imported there) has no delivery row: the status then names the export, and the
 * row is made from it in the status's transaction (fromExport), so the sender sees those statuses too and
 * federation does not send the document there again.
 */
async function recipientFor(
  r: Reception,
  docId: string,
  organId: string,
): Promise<RecipientRow | FromExport | undefined> {
  const [row]: RecipientRow[] = await r.db.query(
    `SELECT x.id, x.peer_id, x.outgoing_id, o.unit_id FROM external_recipients x
     JOIN outgoing_documents o ON o.id = x.outgoing_id WHERE x.document_id = $1 AND x.organ_id = $2`,
    [docId, organId],
  );
  if (row) return row;
  const id = parseEdxmlDocumentId(docId);
  if (!id) return undefined;
  const [exported]: { package_id: string; created_at: Date; outgoing_id: string; unit_id: string }[] =
    await r.db.query(
      `SELECT p.id AS package_id, p.created_at, o.id AS outgoing_id, o.unit_id
       FROM edxml_packages p
       JOIN units u ON u.code = p.from_organ_id
       JOIN outgoing_documents o ON o.unit_id = u.id AND o.issued_on = $3::date AND o.number::text = $4
         AND o.notation = $5
       WHERE p.direction = 'outbound' AND p.via = 'export' AND p.document_id = $1 AND $2 = ANY(p.to_organ_ids)
       ORDER BY p.created_at LIMIT 1`,
      [docId, organId, id.date, id.number, id.notation],
    );
  return exported
    ? {
        outgoingId: exported.outgoing_id,
        unitId: exported.unit_id,
        packageId: exported.package_id,
        exportedAt: exported.created_at,
      }
    : undefined;
}

async function fromExport(
  m: EntityManager,
  r: Reception,
  e: FromExport,
  docId: string,
  organId: string,
): Promise<RecipientRow> {
  await m.query(
    `INSERT INTO external_recipients (outgoing_id, organ_id, organ_name, peer_id, document_id, delivered_at, package_id)
     VALUES ($1, $2, $2, $3, $4, $5, $6) ON CONFLICT ON CONSTRAINT external_recipients_delivery_key DO NOTHING`,
    [e.outgoingId, organId, r.peer.id, docId, e.exportedAt, e.packageId],
  );
  const [row]: RecipientRow[] = await m.query(
    `SELECT id, peer_id, outgoing_id, $3::uuid AS unit_id FROM external_recipients WHERE outgoing_id = $1 AND organ_id = $2`,
    [e.outgoingId, organId, e.unitId],
  );
  return row!;
}

function senderMismatch(documentId: string, from: string): EdxmlError {
  return new EdxmlError(
    'EDXML_SENDER_MISMATCH',
    {
      vi: 'Thông báo trạng thái không đến từ hệ thống đã nhận văn bản',
      en: 'The status does not come from the system the document was delivered to',
    },
    { documentId, from },
  );
}
