import type { DomainContext, Role } from '../context';
import { DirectoryError } from '../directory/directory-error';
import { authorize } from './authorize';
import type { User } from './user';
import { toUser, USER_COLUMNS, type UserRow } from './user-repository';

export interface ListUsersQuery {
  /** Default: the actor's unit. */
  readonly unitId?: string;
  /** Part of the username, full name or e-mail (case-insensitive). */
  readonly q?: string;
  /** Also the accounts of the units below `unitId`. */
  readonly subtree?: boolean;
  /** Only accounts holding this role. */
  readonly role?: Role;
  /** `active`: may log in; `locked`: locked by an admin. */
  readonly state?: 'active' | 'locked';
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface UserPage {
  readonly items: User[];
  readonly nextCursor: string | null;
}

/** Accounts of one unit (or its subtree), by username, searched and filtered; admins and auditors of the unit or above. */
export async function listUsers(ctx: DomainContext, query: ListUsersQuery = {}): Promise<UserPage> {
  const unitId = query.unitId ?? ctx.actor.unitId;
  if (!/^[0-9a-f-]{36}$/i.test(unitId)) throw DirectoryError.notFound(unitId);
  await authorize(ctx.db, ctx.actor, 'accounts.read', {
    unitId,
    notFound: () => DirectoryError.notFound(unitId),
  });
  const limit = Math.min(500, Math.max(1, Math.trunc(query.limit ?? 50)));
  const params: unknown[] = [unitId];
  const where = [
    query.subtree
      ? `u.unit_id IN (WITH RECURSIVE down(id, depth) AS (
           SELECT id, 0 FROM units WHERE id = $1
           UNION ALL
           SELECT c.id, down.depth + 1 FROM units c JOIN down ON c.parent_id = down.id WHERE down.depth < 32
         ) SELECT id FROM down)`
      : 'u.unit_id = $1',
  ];
  if (query.role) {
    params.push(query.role);
    where.push(`$${params.length} = ANY (u.roles)`);
  }
  if (query.state) where.push(query.state === 'active' ? 'u.active' : 'NOT u.active');
  if (query.q?.trim()) {
    params.push(
      `%${query.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
    where.push(
      `(u.username LIKE $${params.length} OR lower(u.full_name) LIKE $${params.length} OR lower(coalesce(u.email, '')) LIKE $${params.length})`,
    );
  }
  if (query.cursor) {
    params.push(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    where.push(`u.username > $${params.length}`);
  }
  const rows: UserRow[] = await ctx.db.query(
    `SELECT ${USER_COLUMNS} FROM users u WHERE ${where.join(' AND ')} ORDER BY u.username LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit).map(toUser);
  return {
    items,
    nextCursor:
      rows.length > limit ? Buffer.from(items[items.length - 1]!.username).toString('base64url') : null,
  };
}
