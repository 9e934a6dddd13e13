import { assertRole } from '../accounts/authorize';
import type { DomainContext } from '../context';

export interface Signer {
  readonly id: string;
  readonly fullName: string;
  readonly title: string | null;
}

/**
 * Who may sign the caller's drafts (người ký, Decree 30 Appendix VI): the active leaders of the caller's
 * own unit, the accounts `signAsLeader` accepts for a document of that unit. For drafters and clerks.
 */
export async function listSigners(ctx: DomainContext): Promise<Signer[]> {
  assertRole(ctx.actor, 'specialist', 'leader', 'clerk');
  const rows: { id: string; full_name: string; title: string | null }[] = await ctx.db.query(
    `SELECT id, full_name, title FROM users
     WHERE unit_id = $1 AND active AND 'leader' = ANY(roles) ORDER BY full_name, id`,
    [ctx.actor.unitId],
  );
  return rows.map((r) => ({ id: r.id, fullName: r.full_name, title: r.title }));
}
