import { AccessError } from '../accounts/access-error';
import type { Actor } from '../context';
import type { Queryable } from '../directory/unit-repository';

/**
 * Federation is configured for the whole server: only an administrator of a top-level unit (no parent:
 * the province's People's Committee) may see or change the peers.
 */
export async function assertFederationAdmin(q: Queryable, actor: Actor): Promise<void> {
  if (!actor.roles.includes('admin')) throw AccessError.forbidden('federation.manage');
  const rows: { parent_id: string | null }[] = await q.query(`SELECT parent_id FROM units WHERE id = $1`, [
    actor.unitId,
  ]);
  if (!rows[0] || rows[0].parent_id !== null) throw AccessError.forbidden('federation.manage');
}
