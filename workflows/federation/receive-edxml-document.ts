import { createHash } from 'node:crypto';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import type { Urgency } from '../documents/outgoing-document';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import type { EdxmlDocument, EdxmlPriority } from '../exchange/edxml/edxml-message';
import { enqueueJobs } from '../exchange/enqueue-job';
import { incomingRepository } from '../exchange/incoming-repository';
import { INCOMING_VALIDATE_JOB, URGENT_NOTICE_JOB } from '../exchange/send-document';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import { addressedUnits, type AddressedUnits } from './addressed-units';
import './federation-audit-events';
import { normaliseDocumentNumber } from '../signing/document-number-text';
import { recordEdxmlPackage } from './record-edxml-package';
import { AlreadyReceived, type Reception, type ReceiveEdxmlResult } from './reception';
import { reindexIncoming } from '../search/reindex-documents';

const URGENCY: Readonly<Record<EdxmlPriority, Urgency>> = {
  0: 'normal',
  1: 'urgent',
  2: 'very_urgent',
  3: 'flash',
  4: 'flash',
};

interface StoredFile {
  readonly name: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly size: number;
}

/** The units of this server a package reaches (for an import: the clerk's unit), else a clear error. */
export async function receivingUnits(r: Reception, d: EdxmlDocument): Promise<AddressedUnits> {
  const found = await addressedUnits(r.db, d.to, vietnamDate(r.now));
  const units = r.scopeUnitId ? found.units.filter((u) => u.recipientUnitId === r.scopeUnitId) : found.units;
  if (r.scopeUnitId && units.length === 0) {
    throw new EdxmlError(
      'EDXML_NOT_ADDRESSED',
      { vi: 'Gói tin không gửi cho đơn vị của bạn', en: 'The package is not addressed to your unit' },
      { to: d.to.map((t) => t.organId) },
    );
  }
  if (units.length === 0) {
    throw new EdxmlError(
      'EDXML_RECIPIENT_UNKNOWN',
      {
        vi: `Không có đơn vị nhận nào của gói tin trên máy chủ này (${d.to.map((t) => t.organId).join(', ')})`,
        en: `None of the package's recipients is a unit of this server (${d.to.map((t) => t.organId).join(', ')})`,
      },
      { to: d.to.map((t) => t.organId) },
    );
  }
  return { units, notHere: found.notHere };
}

/**
 * A document package (business type 0 new, 3 replace, 2 update) from another system. Each addressed unit
 * of this server without a record of this document id gets one incoming record in status 01 — in ONE
 * transaction with its status event (which the trigger reports back as an edXML:Status 01), the edXML
 * facts, validation on arrival and the urgent notice queued as for internal arrivals, and the audit
 * events; a replacement marks the records of the documents it replaces superseded. For an update, the
 * records that exist take the new subject, PDF and attachments (validation again when the PDF changed).
 * The PDF and attachments are put into the object store before the transaction (content-addressed, so a
 * crash leaves at most an unreferenced object). Nothing new and nothing changed: `duplicate`, nothing stored.
 */
export async function receiveEdxmlDocument(r: Reception, d: EdxmlDocument): Promise<ReceiveEdxmlResult> {
  const { units, notHere } = await receivingUnits(r, d);
  const main = d.files[0];
  if (!main || main.contentType !== 'application/pdf' || !main.content.subarray(0, 1024).includes('%PDF-')) {
    throw EdxmlError.attachment('the first file must be the PDF of the document');
  }
  const sender = d.from.organId;
  const existing: {
    id: string;
    recipient_unit_id: string;
    subject: string;
    pdf_sha256: string;
    held: boolean;
    attachments: StoredFile[];
  }[] = await r.db.query(
    `SELECT i.id, i.recipient_unit_id, i.subject, i.pdf_sha256, x.attachments,
         (i.status_code <> '02' AND i.recall_code IS DISTINCT FROM '15') AS held
       FROM incoming_documents i
       JOIN edxml_incoming x ON x.incoming_id = i.id
       WHERE i.external_sender_code = $1 AND i.external_document_id = $2 AND i.recipient_unit_id = ANY($3::uuid[])`,
    [sender, d.documentId, units.map((u) => u.recipientUnitId)],
  );
  const have = new Set(existing.map((e) => e.recipient_unit_id));
  const missing = units.filter((u) => !have.has(u.recipientUnitId));

  // What the package's files are, by digest, before storing anything: a duplicate stores nothing.
  const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const mainSha = digest(main.content);
  const attachments: StoredFile[] = d.files.slice(1).map((f) => ({
    name: f.name,
    contentType: f.contentType,
    sha256: digest(f.content),
    size: f.content.length,
  }));
  const subject = d.subject.normalize('NFC');
  const sameFiles = (e: (typeof existing)[number]) =>
    e.pdf_sha256 === mainSha &&
    JSON.stringify(e.attachments.map((a) => [a.name, a.sha256])) ===
      JSON.stringify(attachments.map((a) => [a.name, a.sha256]));
  // An update reaches the copies still held (not refused, not handed back after a recall), as
  // updateIssuedDocument does for internal recipients.
  const toUpdate =
    d.business.type === 2 ? existing.filter((e) => e.held && (e.subject !== subject || !sameFiles(e))) : [];
  if (missing.length === 0 && toUpdate.length === 0) {
    return duplicate(
      d,
      existing.map((e) => e.id),
      notHere,
    );
  }

  await r.deps.objects.put(main.content, {
    contentType: 'application/pdf',
    metadata: { kind: 'incoming-pdf' },
  });
  for (const f of d.files.slice(1)) {
    await r.deps.objects.put(f.content, {
      contentType: f.contentType,
      metadata: { kind: 'incoming-attachment' },
    });
  }
  await r.deps.objects.put(r.bytes, {
    contentType: 'application/xml',
    metadata: { kind: 'edxml-package', direction: 'inbound' },
  });

  try {
    return await r.db.transaction(async (m) => {
      // The same bytes may have been swept between the puts and now: put them again under the lock.
      for (const f of d.files) {
        await guardObjectReference(
          m,
          r.deps.objects,
          { sha256: digest(f.content), contentType: f.contentType },
          () => f.content,
        );
      }
      const packageId = await recordEdxmlPackage(
        m,
        {
          direction: 'inbound',
          kind: 'document',
          via: r.via,
          peerId: r.peer.id,
          fromOrganId: sender,
          toOrganIds: d.to.map((t) => t.organId),
          documentId: d.documentId,
          businessType: d.business.type,
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
      const urgency = URGENCY[d.other.priority];
      const created: { id: string; recipient_unit_id: string }[] = missing.length
        ? await m.query(
            `INSERT INTO incoming_documents
               (recipient_unit_id, addressed_unit_id, external_sender_code, external_document_id, document_type, notation,
                subject, urgency, pdf_sha256, received_at)
             SELECT rcp, adr, $3, $4, $5, $6, $7, $8, $9, $10 FROM unnest($1::uuid[], $2::uuid[]) AS t(rcp, adr)
             ON CONFLICT ON CONSTRAINT incoming_documents_external_key DO NOTHING
             RETURNING id, recipient_unit_id`,
            [
              missing.map((u) => u.recipientUnitId),
              missing.map((u) => u.addressedUnitId),
              sender,
              d.documentId,
              d.documentType.name.normalize('NFC'),
              `${normaliseDocumentNumber(d.code.number)}/${d.code.notation}`.normalize('NFC'),
              subject,
              urgency,
              mainSha,
              r.now,
            ],
          )
        : [];
      if (created.length === 0 && toUpdate.length === 0) throw new AlreadyReceived();

      if (created.length) {
        await m.query(
          `INSERT INTO edxml_incoming (incoming_id, package_id, sender_organ_id, sender_organ_name, document_id,
             promulgation_date, due_date, signer_name, attachments, trace, replaces_document_ids, signature, sender,
             signer_position)
           SELECT i, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::text[], $12::jsonb, $13::jsonb, $14
           FROM unnest($1::uuid[]) AS t(i)`,
          [
            created.map((c) => c.id),
            packageId,
            sender,
            d.from.organName,
            d.documentId,
            d.promulgation.date,
            d.dueDate ?? null,
            d.signer?.fullName ?? null,
            JSON.stringify(attachments),
            JSON.stringify(
              d.trace.map((t) => ({ organId: t.organId, timestamp: t.timestamp.toISOString() })),
            ),
            (d.business.replaces ?? []).map((x) => x.documentId),
            JSON.stringify(signatureFacts(r)),
            JSON.stringify(d.from),
            d.signer?.position ?? null,
          ],
        );
        for (const c of created) {
          await incomingRepository.addStatusEvents(m, [{ incomingId: c.id, outgoingId: null }], {
            code: '01',
            at: r.now,
            actorUserId: r.actorUserId,
            actorUnitId: c.recipient_unit_id,
          });
        }
        const replaced = (d.business.replaces ?? []).map((x) => x.documentId);
        if (d.business.type === 3 && replaced.length) {
          await m.query(
            `UPDATE edxml_incoming old SET superseded_by_incoming_id = n.id
             FROM incoming_documents oi, incoming_documents n
             WHERE oi.id = old.incoming_id AND old.sender_organ_id = $1 AND old.document_id = ANY($2::text[])
               AND n.id = ANY($3::uuid[]) AND n.recipient_unit_id = oi.recipient_unit_id`,
            [sender, replaced, created.map((c) => c.id)],
          );
        }
      }
      for (const u of toUpdate) {
        await m.query(
          `UPDATE incoming_documents SET subject = $2, pdf_sha256 = $3, revision = revision + 1, revised_at = $4,
             validation = CASE WHEN pdf_sha256 = $3 THEN validation ELSE NULL END WHERE id = $1`,
          [u.id, subject, mainSha, r.now],
        );
        // Code 01 of kind `update` (the corrected copy arrived), as for internal updates; not reported back.
        await m.query(
          `INSERT INTO status_events (incoming_id, outgoing_id, code, kind, occurred_at, actor_user_id, actor_unit_id, note)
           VALUES ($1, NULL, '01', 'update', $2, $3, $4, $5)`,
          [u.id, r.now, r.actorUserId, u.recipient_unit_id, d.business.reason ?? null],
        );
        await m.query(
          `UPDATE edxml_incoming SET attachments = $2::jsonb, updated_package_id = $3, updated_at = $4,
             signature = $5::jsonb WHERE incoming_id = $1`,
          [u.id, JSON.stringify(attachments), packageId, r.now, JSON.stringify(signatureFacts(r))],
        );
      }

      await reindexIncoming(m, [...created.map((c) => c.id), ...toUpdate.map((u) => u.id)]);
      const validate = [
        ...created.map((c) => c.id),
        ...toUpdate.filter((u) => u.pdf_sha256 !== mainSha).map((u) => u.id),
      ];
      await enqueueJobs(m, [
        ...(validate.length
          ? [
              {
                kind: INCOMING_VALIDATE_JOB,
                payload: { pdfSha256: mainSha, incomingIds: validate },
                runAt: r.now,
              },
            ]
          : []),
        ...(urgency !== 'normal' && created.length
          ? [
              {
                kind: URGENT_NOTICE_JOB,
                payload: { documentId: d.documentId, urgency, incomingIds: created.map((c) => c.id) },
                runAt: r.now,
              },
            ]
          : []),
      ]);

      for (const c of created) {
        await appendAuditEvent(m, r.audit, {
          type: 'EDXML_DOCUMENT_RECEIVED',
          unitId: c.recipient_unit_id,
          payload: {
            incomingId: c.id,
            edxmlDocumentId: d.documentId,
            from: sender,
            via: r.via,
            businessType: d.business.type,
            packageSha256: r.sha256,
            signature: { algorithm: r.signature.algorithm, weak: r.signature.weak },
            ...(d.business.replaces?.length
              ? { replaces: d.business.replaces.map((x) => x.documentId) }
              : {}),
          },
        });
      }
      for (const u of toUpdate) {
        const changes = [
          ...(u.subject !== subject ? ['subject'] : []),
          ...(u.pdf_sha256 !== mainSha ? ['pdf'] : []),
          ...(!sameFiles({ ...u, pdf_sha256: mainSha }) ? ['attachments'] : []),
        ];
        await appendAuditEvent(m, r.audit, {
          type: 'EDXML_UPDATE_RECEIVED',
          unitId: u.recipient_unit_id,
          payload: {
            incomingId: u.id,
            edxmlDocumentId: d.documentId,
            from: sender,
            changes,
            ...(d.business.reason ? { reason: d.business.reason } : {}),
          },
        });
      }
      return {
        kind: 'document' as const,
        outcome: created.length ? ('created' as const) : ('updated' as const),
        documentId: d.documentId,
        businessType: d.business.type,
        statusCode: null,
        incomingIds: [...existing.map((e) => e.id), ...created.map((c) => c.id)],
        notHere,
      };
    });
  } catch (e) {
    if (!(e instanceof AlreadyReceived)) throw e;
    const again: { id: string }[] = await r.db.query(
      `SELECT id FROM incoming_documents WHERE external_sender_code = $1 AND external_document_id = $2
         AND recipient_unit_id = ANY($3::uuid[])`,
      [sender, d.documentId, units.map((u) => u.recipientUnitId)],
    );
    return duplicate(
      d,
      again.map((x) => x.id),
      notHere,
    );
  }
}

/**
 * How the package was signed, kept on the incoming document for the clerk and the auditor: the signer
 * certificate, the algorithm, where the signature sat, the layout, and `weak` for RSA-SHA1 (accepted only
 * from a peer configured to sign with it).
 */
function signatureFacts(r: Reception): Record<string, unknown> {
  return {
    algorithm: r.signature.algorithm,
    weak: r.signature.weak,
    placement: r.signature.placement,
    layout: r.layout,
    signerSubject: r.signature.signerSubject,
    signerSha256: r.signerSha256,
  };
}

function duplicate(d: EdxmlDocument, ids: string[], notHere: readonly string[]): ReceiveEdxmlResult {
  return {
    kind: 'document',
    outcome: 'duplicate',
    documentId: d.documentId,
    businessType: d.business.type,
    statusCode: null,
    incomingIds: ids,
    notHere,
  };
}
