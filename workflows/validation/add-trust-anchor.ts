import { Certificate } from '../../signing/pki/certificate';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { loadServerTrust, type TrustAnchorView } from './server-trust';
import { assertTrustManager } from './validation-access';
import './validation-audit-events';
import type { ValidationDeps } from './validation-deps';
import { ValidationServiceError } from './validation-service-error';

const invalid = (en: string, vi: string, cause?: unknown) =>
  new ValidationServiceError(
    'TRUST_ANCHOR_INVALID',
    { vi: `Chứng thư tin cậy không hợp lệ: ${vi}`, en: `Invalid trust anchor: ${en}` },
    undefined,
    cause,
  );

/**
 * An admin of the top-level unit (assertTrustManager) adds a trust anchor (one CA certificate, PEM): stored in `trust_anchors` with its audit
 * event and used by every later validation of every replica. Refused: not exactly one readable X.509
 * certificate, not a CA (RFC 5280 §4.2.1.9 basicConstraints cA), already trusted.
 */
export async function addTrustAnchor(
  ctx: DomainContext,
  deps: ValidationDeps,
  input: { readonly pem: string; readonly label?: string },
): Promise<TrustAnchorView> {
  await assertTrustManager(ctx.db, ctx.actor);
  let certificates: Certificate[];
  try {
    certificates = Certificate.parseAll(input.pem);
  } catch (cause) {
    throw invalid('not a readable X.509 certificate', 'không phải chứng thư X.509 đọc được', cause);
  }
  if (certificates.length !== 1)
    throw invalid(
      `expected one certificate, got ${certificates.length}`,
      `cần đúng một chứng thư, có ${certificates.length}`,
    );
  const c = certificates[0];
  if (!c.basicConstraints?.ca)
    throw invalid(
      'not a CA certificate (basicConstraints cA is not set)',
      'không phải chứng thư của tổ chức chứng thực (thiếu basicConstraints cA)',
    );
  const sha256 = c.fingerprint('sha256').toString('hex');
  const current = await loadServerTrust(ctx.db, deps.trust);
  if (current.entries.some((e) => e.sha256 === sha256))
    throw new ValidationServiceError(
      'TRUST_ANCHOR_DUPLICATE',
      { vi: 'Chứng thư này đã nằm trong danh sách tin cậy', en: 'This certificate is already trusted' },
      { sha256 },
    );
  const label = input.label?.trim() || null;
  await ctx.db.transaction(async (m) => {
    const inserted: unknown[] = await m.query(
      `INSERT INTO trust_anchors (sha256, subject, der, label, not_before, not_after, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [sha256, c.subject, c.der, label, c.notBefore, c.notAfter, ctx.actor.userId, ctx.clock.now()],
    );
    if (inserted.length === 0)
      throw new ValidationServiceError(
        'TRUST_ANCHOR_DUPLICATE',
        { vi: 'Chứng thư này đã nằm trong danh sách tin cậy', en: 'This certificate is already trusted' },
        { sha256 },
      );
    await appendAuditEvent(m, ctx, {
      type: 'TRUST_ANCHOR_ADDED',
      unitId: ctx.actor.unitId,
      payload: {
        sha256,
        subject: c.subject,
        issuer: c.issuer,
        notBefore: c.notBefore.toISOString(),
        notAfter: c.notAfter.toISOString(),
        label,
      },
    });
  });
  const after = await loadServerTrust(ctx.db, deps.trust);
  return after.entries.find((e) => e.sha256 === sha256)!;
}
