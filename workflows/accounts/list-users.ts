import type { DomainContext } from '../context';
import { DirectoryError } from '../directory/directory-error';
import { authorize } from './authorize';
import type { User } from './user';
import { toUser, USER_COLUMNS, type UserRow } from './user-repository';

export interface ListUsersQuery {
  /** Default: the actor's unit. */
  readonly unitId?: string;
  /** Part of the username or full name (case-insensitive). */
  readonly q?: string;
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface UserPage {
  readonly items: User[];
  readonly nextCursor: string | null;
}

/** Accounts of one unit, by username; admins and auditors of the unit or above. */
export async function listUsers(ctx: DomainContext, query: ListUsersQuery = {}): Promise<UserPage> {
  const unitId = query.unitId ?? ctx.actor.unitId;
  if (!/^[0-9a-f-]{36}$/i.test(unitId)) throw DirectoryError.notFound(unitId);
  await authorize(ctx.db, ctx.actor, 'accounts.read', {
    unitId,
    notFound: () => DirectoryError.notFound(unitId),
  });
  const limit = Math.min(500, Math.max(1, Math.trunc(query.limit ?? 50)));
  const params: unknown[] = [unitId];
  const where = ['u.unit_id = $1'];
  if (query.q?.trim()) {
    params.push(
      `%${query.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
    where.push(`(u.username LIKE $${params.length} OR lower(u.full_name) LIKE $${params.length})`);
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
