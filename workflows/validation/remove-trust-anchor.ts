import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { loadServerTrust } from './server-trust';
import { assertTrustManager } from './validation-access';
import './validation-audit-events';
import type { ValidationDeps } from './validation-deps';
import { ValidationServiceError } from './validation-service-error';

/**
 * An admin of the top-level unit (assertTrustManager) removes an anchor they (or another admin) added. The shipped Vietnamese anchors, the trust
 * files and the development root are configuration, not data: TRUST_ANCHOR_NOT_REMOVABLE.
 */
export async function removeTrustAnchor(
  ctx: DomainContext,
  deps: ValidationDeps,
  sha256: string,
): Promise<void> {
  await assertTrustManager(ctx.db, ctx.actor);
  const key = sha256.toLowerCase();
  await ctx.db.transaction(async (m) => {
    // DELETE … RETURNING answers [rows, affected count] through TypeORM.
    const [rows]: [{ subject: string }[], number] = await m.query(
      `DELETE FROM trust_anchors WHERE sha256 = $1 RETURNING subject`,
      [key],
    );
    if (rows.length === 0) {
      const listed = (await loadServerTrust(m, deps.trust)).entries.find((e) => e.sha256 === key);
      if (listed)
        throw new ValidationServiceError(
          'TRUST_ANCHOR_NOT_REMOVABLE',
          {
            vi: 'Chứng thư gốc kèm theo hệ thống hoặc trong tệp cấu hình không gỡ được qua giao diện quản trị',
            en: 'Shipped anchors, trust files and the development root cannot be removed here',
          },
          { sha256: key, source: listed.source },
        );
      throw new ValidationServiceError(
        'TRUST_ANCHOR_NOT_FOUND',
        { vi: 'Không tìm thấy chứng thư tin cậy', en: 'Trust anchor not found' },
        { sha256: key },
      );
    }
    await appendAuditEvent(m, ctx, {
      type: 'TRUST_ANCHOR_REMOVED',
      unitId: ctx.actor.unitId,
      payload: { sha256: key, subject: rows[0]!.subject },
    });
  });
}
