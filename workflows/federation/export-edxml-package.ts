import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { assertElectronicExchange } from '../documents/assert-electronic-exchange';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';
import { outgoingRepository } from '../documents/outgoing-repository';
import { documentNumber } from '../signing/document-number-text';
import { ORGAN_ID_PATTERN } from '../exchange/edxml/edxml-document-id';
import { EdxmlError } from '../exchange/edxml/edxml-error';
import { DEFAULT_EDXML_LIMITS } from '../exchange/edxml/read-edxml-message';
import { writeEdxmlDocument } from '../exchange/edxml/write-edxml-document';
import { peerRepository } from './peer-repository';
import './federation-audit-events';
import type { FederationDeps } from './federation-deps';
import { outgoingEdxml } from './outgoing-edxml';
import { recordEdxmlPackage } from './record-edxml-package';

export interface ExportedPackage {
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly sha256: string;
  readonly documentId: string;
}

/**
 * An issued outgoing document as a signed edXML package (its sealed PDF and signed attachments), for an
 * exchange that does not go through federation (another system's import, an archive). Addressed to the
 * organisations `to` names, else to the document's external recipients. Clerks and leaders of the issuing
 * unit; classified and paper documents are refused as for sending. The package is kept in the object store
 * and recorded; the audit trail names it.
 */
export async function exportEdxmlPackage(
  ctx: DomainContext,
  deps: Pick<FederationDeps, 'objects' | 'signer' | 'limits'>,
  input: { readonly documentId: string; readonly to?: readonly { organId: string; organName?: string }[] },
): Promise<ExportedPackage> {
  const now = ctx.clock.now();
  const doc = await outgoingRepository.findById(ctx.db, input.documentId);
  if (!doc) throw DocumentError.notFound(input.documentId);
  await assertDocumentAccess(ctx.db, ctx.actor, doc.unitId, { act: ['clerk', 'leader'] }, () =>
    DocumentError.notFound(doc.id),
  );
  assertElectronicExchange(doc);
  if (doc.status !== 'issued') throw DocumentError.state(doc.id, doc.status, 'export as edXML');
  const to = input.to?.length
    ? input.to.map((t) => ({ organId: t.organId.trim(), organName: t.organName?.trim() || t.organId.trim() }))
    : doc.recipients.flatMap((r) =>
        r.kind === 'external' ? [{ organId: r.code.trim(), organName: r.name ?? r.code }] : [],
      );
  if (to.length === 0 || to.some((t) => !ORGAN_ID_PATTERN.test(t.organId))) {
    throw new EdxmlError(
      'EDXML_RECIPIENT_UNKNOWN',
      {
        vi: 'Cần mã định danh (QCVN 102:2016) của cơ quan nhận gói tin',
        en: 'Name the receiving organisations by QCVN 102:2016 code',
      },
      { to: to.map((t) => t.organId) },
    );
  }
  const signer = await deps.signer();
  return ctx.db.transaction(async (m) => {
    const content = await outgoingEdxml(m, deps.objects, doc, {
      to,
      businessType: doc.replacesId ? 3 : 0,
      now,
      withFiles: true,
      maxPackageBytes: deps.limits?.maxBytes ?? DEFAULT_EDXML_LIMITS.maxBytes,
    });
    // In what the receiving system reads when it is a configured peer; else the national SDKs' layout.
    const peer = await peerRepository.findForOrgan(m, to[0]!.organId);
    const bytes = await writeEdxmlDocument(content, signer, now, peer?.profile);
    const stored = await deps.objects.put(bytes, {
      contentType: 'application/xml',
      metadata: { kind: 'edxml-package', direction: 'outbound' },
    });
    await recordEdxmlPackage(
      m,
      {
        direction: 'outbound',
        kind: 'document',
        via: 'export',
        peerId: null,
        fromOrganId: content.from.organId,
        toOrganIds: to.map((t) => t.organId),
        documentId: content.documentId,
        businessType: content.business.type,
        statusCode: null,
        sha256: stored.sha256,
        size: bytes.length,
        signerSha256: signer.certificate.fingerprint('sha256').toString('hex'),
      },
      now,
    );
    await appendAuditEvent(m, ctx, {
      type: 'EDXML_PACKAGE_EXPORTED',
      unitId: doc.unitId,
      payload: {
        documentId: doc.id,
        edxmlDocumentId: content.documentId,
        to: to.map((t) => t.organId),
        packageSha256: stored.sha256,
      },
    });
    return {
      bytes,
      fileName: `${documentNumber(doc.number!)}-${doc.notation}.edxml`.replace(/[\\/:*?"<>|\s]+/g, '-'),
      sha256: stored.sha256,
      documentId: content.documentId,
    };
  });
}
