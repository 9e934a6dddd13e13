import type { DataSource } from 'typeorm';
import { CodedError } from '../../signing/errors';
import { foldText } from './fold-text';
import { rebuildSearchIndex, type RebuildReport } from './rebuild-search-index';

export interface SearchSettings {
  readonly encoding: string;
  readonly localeProvider: string;
  readonly collate: string;
  readonly ctype: string;
  readonly locale: string | null;
}

/** A probe with every kind of letter the index must fold: đ, stacked marks, upper case, NFD input. */
export const SEARCH_PROBE = 'Đồng Nai – NGUYỄN Thị Ánh, Hỏa tốc, Thu\u0309y lơ\u0323i';

/**
 * Checks at start-up that the database folds Vietnamese as the server does (vn_fold against foldText),
 * that pg_trgm sees the folded letters (under `--locale-provider=builtin --locale=C` it would drop
 * accented ones, which is why nothing reaches it unfolded) and that the text-search parser keeps the
 * folded words whole and lower case. Throws CONFIG_INVALID — the server refuses to start — when the
 * database cannot hold or fold Vietnamese (not UTF8, pg_trgm missing, a changed vn_fold).
 */
export async function checkSearchSettings(db: Pick<DataSource, 'query'>): Promise<SearchSettings> {
  const [s] = (await db.query(
    `SELECT current_setting('server_encoding') AS encoding, d.datlocprovider::text AS provider,
            d.datcollate AS collate, d.datctype AS ctype, d.datlocale AS locale,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS trgm
     FROM pg_database d WHERE d.datname = current_database()`,
  )) as {
    encoding: string;
    provider: string;
    collate: string;
    ctype: string;
    locale: string | null;
    trgm: boolean;
  }[];
  const problems: string[] = [];
  if (s!.encoding !== 'UTF8') problems.push(`server_encoding is ${s!.encoding}, not UTF8`);
  if (!s!.trgm) problems.push('the pg_trgm extension is not installed');
  if (problems.length === 0) {
    const [p] = (await db.query(
      `SELECT vn_fold($1) AS folded, show_trgm(vn_fold('Nguyễn')) AS trgm,
              array_to_string(tsvector_to_array(to_tsvector('simple', vn_fold($1))), ' ') AS words`,
      [SEARCH_PROBE],
    )) as { folded: string; trgm: string[]; words: string }[];
    const expected = foldText(SEARCH_PROBE);
    if (p!.folded !== expected) problems.push(`vn_fold gives "${p!.folded}", the server "${expected}"`);
    for (const g of ['guy', 'uye', 'yen'])
      if (!p!.trgm.includes(g)) problems.push(`pg_trgm misses the trigram "${g}" of "nguyen"`);
    const words = expected.split(' ').sort();
    if (p!.words.split(' ').sort().join(' ') !== [...new Set(words)].sort().join(' '))
      problems.push(`the text-search parser splits "${expected}" into "${p!.words}"`);
  }
  if (problems.length)
    throw new CodedError('CONFIG_INVALID', {
      vi: `Cơ sở dữ liệu không hỗ trợ tìm kiếm tiếng Việt: ${problems.join('; ')} (docs/search.md)`,
      en: `The database cannot support Vietnamese search: ${problems.join('; ')} (docs/search.md)`,
    });
  const providers: Record<string, string> = { b: 'builtin', c: 'libc', i: 'icu' };
  return {
    encoding: s!.encoding,
    localeProvider: providers[s!.provider] ?? s!.provider,
    collate: s!.collate,
    ctype: s!.ctype,
    locale: s!.locale,
  };
}

/**
 * A data directory from before the search index (documents, no entries — the migration only creates
 * the table): builds the index once. Returns the report, or null when there was nothing to do.
 */
export async function ensureSearchIndexed(db: DataSource): Promise<RebuildReport | null> {
  const [r] = (await db.query(
    `SELECT (EXISTS (SELECT 1 FROM outgoing_documents) OR EXISTS (SELECT 1 FROM incoming_documents)) AS docs,
            EXISTS (SELECT 1 FROM search_entries WHERE source_kind IN ('outgoing', 'incoming')) AS indexed`,
  )) as { docs: boolean; indexed: boolean }[];
  if (!r!.docs || r!.indexed) return null;
  return rebuildSearchIndex(db, { check: false });
}
