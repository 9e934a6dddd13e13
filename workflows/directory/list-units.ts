import { DirectoryError } from './directory-error';
import { foldSearchText } from './search-text';
import type { Unit, UnitLevel } from './unit';
import { assertLevel } from './unit-level-rule';
import { toUnit, UNIT_COLUMNS, type Queryable, type UnitRow } from './unit-repository';
import { vietnamDate } from './vietnam-date';

export interface ListUnitsQuery {
  /** Words of the name, short name or code, with or without diacritics: `xa binh` finds `Xã Bình An`. */
  readonly q?: string;
  readonly level?: UnitLevel;
  readonly parentId?: string;
  /** Only units existing on that day. Omitted: all units, past and present. */
  readonly activeAt?: Date | string;
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface UnitPage {
  readonly items: Unit[];
  readonly nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Units ordered by code, keyset-paginated. Every word of `q` must occur (in any order). */
export async function listUnits(db: Queryable, query: ListUnitsQuery = {}): Promise<UnitPage> {
  const limit = Math.min(500, Math.max(1, Math.trunc(query.limit ?? 50)));
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  for (const word of foldSearchText(query.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 10)) {
    where.push(`u.search_text LIKE ${p(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  if (query.level !== undefined) where.push(`u.level = ${p(assertLevel(query.level))}`);
  if (query.parentId !== undefined) {
    if (!UUID.test(query.parentId)) return { items: [], nextCursor: null };
    where.push(`u.parent_id = ${p(query.parentId)}`);
  }
  if (query.activeAt !== undefined) {
    const d = p(vietnamDate(query.activeAt));
    where.push(`u.valid_from <= ${d}::date AND (u.valid_to IS NULL OR u.valid_to > ${d}::date)`);
  }
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!/^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$/.test(after)) {
      throw new DirectoryError('UNIT_REORGANISATION_INVALID', {
        vi: 'Con trỏ trang không hợp lệ',
        en: 'Invalid page cursor',
      });
    }
    where.push(`u.code > ${p(after)}`);
  }
  const rows: UnitRow[] = await db.query(
    `SELECT ${UNIT_COLUMNS} FROM units u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY u.code LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit).map(toUnit);
  const nextCursor =
    rows.length > limit ? Buffer.from(items[items.length - 1]!.code).toString('base64url') : null;
  return { items, nextCursor };
}
