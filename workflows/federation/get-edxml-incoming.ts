import type { DomainContext } from '../context';
import type { EdxmlOrgan } from '../exchange/edxml/edxml-message';
import { assertDocumentAccess } from '../documents/document-access';
import { DocumentError } from '../documents/document-error';

export interface EdxmlIncomingFacts {
  readonly incomingId: string;
  readonly documentId: string;
  /** The From organisation as the package gave it (address fields when the sender wrote them). */
  readonly sender: EdxmlOrgan;
  readonly promulgationDate: string;
  readonly dueDate: string | null;
  readonly signerName: string | null;
  readonly signerPosition: string | null;
  /** How the package was signed; `weak`: RSA-SHA1 from a peer configured to sign with it. */
  readonly signature: {
    readonly algorithm: 'rsa-sha256' | 'rsa-sha1';
    readonly weak: boolean;
    readonly placement: 'xmldsig' | 'qcvn' | 'none';
    readonly layout: 'sdk' | 'envelope' | 'soap';
    readonly signerSubject: string;
    readonly signerSha256: string;
  } | null;
  readonly pdfSha256: string;
  /** Files after the main PDF, in the package's order. */
  readonly attachments: readonly { name: string; contentType: string; sha256: string; size: number }[];
  readonly trace: readonly { organId: string; timestamp: string }[];
  readonly replacesDocumentIds: readonly string[];
  /** The incoming record of the document that replaced this one (business type 3), if any. */
  readonly supersededByIncomingId: string | null;
  readonly updatedAt: Date | null;
  /** The package as received (object store). */
  readonly packageSha256: string;
}

/**
 * The edXML facts of an incoming document received from another system: sender, document id, files,
 * trace, replacement. Readable by the recipient unit and the units above it (others: INCOMING_NOT_FOUND).
 */
export async function getEdxmlIncoming(
  ctx: DomainContext,
  input: { readonly incomingId: string },
): Promise<EdxmlIncomingFacts> {
  const id = input.incomingId;
  const rows: {
    recipient_unit_id: string;
    pdf_sha256: string;
    document_id: string;
    sender_organ_id: string;
    sender_organ_name: string;
    promulgation_date: string;
    due_date: string | null;
    signer_name: string | null;
    signer_position: string | null;
    sender: EdxmlOrgan | null;
    signature: EdxmlIncomingFacts['signature'];
    attachments: EdxmlIncomingFacts['attachments'];
    trace: EdxmlIncomingFacts['trace'];
    replaces_document_ids: string[];
    superseded_by_incoming_id: string | null;
    updated_at: Date | null;
    package_sha256: string;
  }[] = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db.query(
        `SELECT i.recipient_unit_id, i.pdf_sha256, x.document_id, x.sender_organ_id, x.sender_organ_name,
           x.promulgation_date::text AS promulgation_date, x.due_date::text AS due_date, x.signer_name, x.signer_position, x.sender, x.signature, x.attachments,
           x.trace, x.replaces_document_ids, x.superseded_by_incoming_id, x.updated_at, p.sha256 AS package_sha256
         FROM edxml_incoming x JOIN incoming_documents i ON i.id = x.incoming_id
         JOIN edxml_packages p ON p.id = COALESCE(x.updated_package_id, x.package_id)
         WHERE x.incoming_id = $1`,
        [id],
      )
    : [];
  const r = rows[0];
  if (!r) throw DocumentError.incomingNotFound(id);
  await assertDocumentAccess(ctx.db, ctx.actor, r.recipient_unit_id, 'read', () =>
    DocumentError.incomingNotFound(id),
  );
  return {
    incomingId: id,
    documentId: r.document_id,
    sender: { ...r.sender, organId: r.sender_organ_id, organName: r.sender_organ_name },
    promulgationDate: r.promulgation_date,
    dueDate: r.due_date,
    signerName: r.signer_name,
    signerPosition: r.signer_position,
    signature: r.signature,
    pdfSha256: r.pdf_sha256,
    attachments: r.attachments,
    trace: r.trace,
    replacesDocumentIds: r.replaces_document_ids,
    supersededByIncomingId: r.superseded_by_incoming_id,
    updatedAt: r.updated_at,
    packageSha256: r.package_sha256,
  };
}
