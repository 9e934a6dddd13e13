import type { DomainContext } from '../context';
import { parseSearchQuery } from './parse-search-query';
import { SearchError } from './search-error';

export interface SavedSearch {
  readonly id: string;
  readonly name: string;
  readonly query: string;
  readonly filters: Record<string, unknown>;
  readonly createdAt: Date;
}

/** Most saved searches per account. */
export const SAVED_SEARCH_LIMIT = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSaved(r: {
  id: string;
  name: string;
  query: string;
  filters: Record<string, unknown>;
  created_at: Date;
}) {
  return { id: r.id, name: r.name, query: r.query, filters: r.filters, createdAt: r.created_at };
}

/** The actor's own saved searches, by name. Nobody reads another account's. */
export async function listSavedSearches(ctx: DomainContext): Promise<SavedSearch[]> {
  const rows = await ctx.db.query(
    `SELECT id, name, query, filters, created_at FROM saved_searches WHERE user_id = $1 ORDER BY name, id`,
    [ctx.actor.userId],
  );
  return rows.map(toSaved);
}

/** Saves (or, under the same name, replaces) a search of the actor; the query must parse. */
export async function saveSearch(
  ctx: DomainContext,
  input: { name: string; query: string; filters?: Record<string, unknown> },
): Promise<SavedSearch> {
  const name = input.name.normalize('NFC').trim();
  if (name === '' || name.length > 120)
    throw new SearchError(
      'SAVED_SEARCH_INVALID',
      { vi: 'Tên tìm kiếm từ 1 đến 120 ký tự', en: 'A saved search name has 1 to 120 characters' },
      { field: 'name' },
    );
  parseSearchQuery(input.query);
  const filters = input.filters ?? {};
  if (JSON.stringify(filters).length > 4000)
    throw new SearchError(
      'SAVED_SEARCH_INVALID',
      { vi: 'Bộ lọc quá lớn', en: 'Filters too large' },
      { field: 'filters' },
    );
  return ctx.db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('vanban.saved_searches'), hashtext($1))`, [
      ctx.actor.userId,
    ]);
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM saved_searches WHERE user_id = $1`, [
      ctx.actor.userId,
    ])) as { n: number }[];
    const rows = await m.query(
      `INSERT INTO saved_searches (user_id, name, query, filters, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (user_id, name) DO UPDATE SET query = EXCLUDED.query, filters = EXCLUDED.filters
       RETURNING id, name, query, filters, created_at, (xmax = 0) AS inserted`,
      [ctx.actor.userId, name, input.query, JSON.stringify(filters), ctx.clock.now()],
    );
    if (rows[0].inserted && n >= SAVED_SEARCH_LIMIT)
      throw new SearchError(
        'SAVED_SEARCH_INVALID',
        {
          vi: `Mỗi tài khoản lưu tối đa ${SAVED_SEARCH_LIMIT} tìm kiếm`,
          en: `At most ${SAVED_SEARCH_LIMIT} saved searches per account`,
        },
        { limit: SAVED_SEARCH_LIMIT },
      );
    return toSaved(rows[0]);
  });
}

/** Deletes one of the actor's saved searches; another account's answers SAVED_SEARCH_NOT_FOUND. */
export async function deleteSavedSearch(ctx: DomainContext, id: string): Promise<void> {
  if (!UUID.test(id)) throw SearchError.savedNotFound(id);
  const [, n] = (await ctx.db.query(`DELETE FROM saved_searches WHERE id = $1 AND user_id = $2`, [
    id,
    ctx.actor.userId,
  ])) as [unknown, number];
  if (n === 0) throw SearchError.savedNotFound(id);
}
