import { AccessError } from '../accounts/access-error';
import { hasRole, isSameUnitOrAncestor } from '../accounts/authorize';
import type { Actor, Role } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { ValidationServiceError } from './validation-service-error';

/**
 * Who may validate what (DESIGN.md §1: auditors check the signature validity of any document;
 * clerks verify what arrives):
 * - validate an uploaded file, run batches: auditor, admin;
 * - validate a stored document by its hash: auditor and admin when a document or incoming record of
 *   their unit or a unit below holds it; clerk when an incoming record of their own unit holds it;
 * - read a report: whoever requested it; auditors and admins of its unit or a unit above;
 * - read the trust configuration: auditor, admin; change it: an admin of the top-level unit only
 *   (assertTrustManager: trust is province-wide, like the federation peers).
 * A document, report or batch out of reach answers its *_NOT_FOUND error, never FORBIDDEN.
 */
export const VALIDATION_ROLES = {
  upload: ['auditor', 'admin'],
  stored: ['auditor', 'admin', 'clerk'],
  reports: ['auditor', 'admin', 'clerk'],
  batches: ['auditor', 'admin'],
  trustRead: ['auditor', 'admin'],
  trustManage: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export function assertValidationRole(actor: Actor, action: keyof typeof VALIDATION_ROLES): void {
  if (!hasRole(actor, ...VALIDATION_ROLES[action])) throw AccessError.forbidden(`validation.${action}`);
}

/**
 * Trust anchors and revocation hosts hold for every validation of every unit in the province: only an
 * administrator of a top-level unit (no parent: the province's People's Committee) changes them. An
 * admin of a district or department would otherwise make a root of their own trusted province-wide.
 */
export async function assertTrustManager(q: Queryable, actor: Actor): Promise<void> {
  assertValidationRole(actor, 'trustManage');
  const rows: { parent_id: string | null }[] = await q.query(`SELECT parent_id FROM units WHERE id = $1`, [
    actor.unitId,
  ]);
  if (!rows[0] || rows[0].parent_id !== null) throw AccessError.forbidden('validation.trustManage');
}

export interface StoredDocument {
  readonly sha256: string;
  /** What to call the file in the report (subject and notation of the record). */
  readonly name: string | null;
}

/** The stored PDF `sha256` if a record the actor may see holds it; VALIDATION_DOCUMENT_NOT_FOUND otherwise. */
export async function findStoredDocument(
  q: Queryable,
  actor: Actor,
  sha256: string,
): Promise<StoredDocument> {
  assertValidationRole(actor, 'stored');
  const holders: { unit_id: string; kind: 'outgoing' | 'incoming'; name: string | null }[] = await q.query(
    `SELECT unit_id, 'outgoing' AS kind, notation || ' — ' || subject AS name FROM outgoing_documents
       WHERE pdf_sha256 = $1 OR attachments @> $2::jsonb
     UNION ALL
     SELECT d.unit_id, 'outgoing', d.notation || ' — ' || d.subject FROM document_versions v
       JOIN outgoing_documents d ON d.id = v.document_id WHERE v.sha256 = $1
     UNION ALL
     SELECT recipient_unit_id, 'incoming', notation || ' — ' || subject FROM incoming_documents
       WHERE pdf_sha256 = $1
     LIMIT 200`,
    [sha256, JSON.stringify([{ sha256 }])],
  );
  const oversees = hasRole(actor, 'auditor', 'admin');
  for (const h of holders) {
    const visible = oversees
      ? await isSameUnitOrAncestor(q, actor, h.unit_id)
      : h.kind === 'incoming' && h.unit_id === actor.unitId;
    if (visible) return { sha256, name: h.name ? `${h.name.slice(0, 250)}` : null };
  }
  throw ValidationServiceError.documentNotFound(sha256);
}

/** A report's row is readable by its requester, and by auditors and admins of its unit or above. */
export async function canReadReport(
  q: Queryable,
  actor: Actor,
  row: { readonly unit_id: string; readonly requested_by: string | null },
): Promise<boolean> {
  if (row.requested_by === actor.userId) return true;
  return hasRole(actor, 'auditor', 'admin') && isSameUnitOrAncestor(q, actor, row.unit_id);
}
