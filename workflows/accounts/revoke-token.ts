import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccessError } from './access-error';
import { can } from './authorize';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = () =>
  new AccessError('TOKEN_NOT_FOUND', { vi: 'Không tìm thấy token', en: 'Token not found' });

/**
 * Revokes an API token or web session by id: its owner, or an admin managing the owner's unit. Anyone
 * else gets TOKEN_NOT_FOUND, as for an id that does not exist. Revoking twice is not an error.
 */
export async function revokeToken(ctx: DomainContext, input: { readonly tokenId: string }): Promise<void> {
  if (!UUID.test(input.tokenId)) throw notFound();
  await ctx.db.transaction(async (m) => {
    const rows: { id: string; user_id: string; unit_id: string; revoked_at: Date | null }[] = await m.query(
      `SELECT s.id, s.user_id, u.unit_id, s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 FOR UPDATE OF s`,
      [input.tokenId],
    );
    const s = rows[0];
    if (!s) throw notFound();
    if (
      s.user_id !== ctx.actor.userId &&
      !(await can(m, ctx.actor, 'accounts.manage', { unitId: s.unit_id }))
    ) {
      throw notFound();
    }
    if (s.revoked_at) return;
    await m.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1`, [s.id, ctx.clock.now()]);
    await appendAuditEvent(m, ctx, {
      type: 'API_TOKEN_REVOKED',
      unitId: s.unit_id,
      payload: { tokenId: s.id },
    });
  });
}
