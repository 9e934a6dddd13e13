import type { Queryable } from '../directory/unit-repository';
import { DocumentError } from './document-error';

/**
 * The signer named on a draft (người ký, Decree 30 Appendix VI) must be someone who can sign it: an
 * active account of the drafting unit holding the `leader` role — the accounts `GET /api/signers`
 * offers and `signAsLeader` accepts. Anyone else (another unit's leader, a specialist, a deactivated
 * account, an unknown id) answers DOCUMENT_INVALID naming `signerUserId`, without saying which.
 * `inactive`: a deactivated leader of the unit is accepted too (a paper original signed before its
 * signer left, registered afterwards).
 */
export async function assertDocumentSigner(
  q: Queryable,
  unitId: string,
  signerUserId: string,
  options: { readonly inactive?: boolean } = {},
): Promise<void> {
  const rows: unknown[] = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(signerUserId)
    ? await q.query(
        `SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND (active OR $3) AND 'leader' = ANY(roles)`,
        [signerUserId, unitId, options.inactive === true],
      )
    : [];
  if (rows.length === 0) {
    throw DocumentError.invalid(
      'signerUserId',
      options.inactive
        ? 'Người ký phải là lãnh đạo của đơn vị ban hành văn bản'
        : 'Người ký phải là lãnh đạo đang hoạt động của đơn vị soạn văn bản',
      options.inactive
        ? 'The signer must be a leader of the issuing unit'
        : 'The signer must be an active leader of the drafting unit',
    );
  }
}
