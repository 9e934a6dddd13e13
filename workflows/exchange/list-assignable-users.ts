import type { DomainContext } from '../context';
import { assertRole } from '../accounts/authorize';

export interface AssignableUser {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly title: string | null;
}

/**
 * The people a leader can assign an incoming document to: the active specialists of the leader's own
 * unit (assignIncoming accepts exactly these). For leaders and clerks.
 */
export async function listAssignableUsers(ctx: DomainContext): Promise<AssignableUser[]> {
  assertRole(ctx.actor, 'leader', 'clerk');
  const rows: { id: string; username: string; full_name: string; title: string | null }[] =
    await ctx.db.query(
      `SELECT id, username, full_name, title FROM users
     WHERE unit_id = $1 AND active AND 'specialist' = ANY(roles) ORDER BY full_name, username`,
      [ctx.actor.unitId],
    );
  return rows.map((r) => ({ id: r.id, username: r.username, fullName: r.full_name, title: r.title }));
}
