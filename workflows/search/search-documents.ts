import type { EntityManager } from 'typeorm';
import type { Actor, DomainContext } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { INCOMING_READERS } from '../exchange/incoming-readers';
import { highlightText, snippet, type TextSegment } from './highlight-text';
import { parseSearchQuery, tsqueryText, tsqueryWordsText, type ParsedQuery } from './parse-search-query';
import { SearchError } from './search-error';
import type { SearchSourceKind } from './search-index';

export const FACETS = ['type', 'issuer', 'year', 'status', 'urgency', 'level', 'file', 'retention'] as const;
export type FacetName = (typeof FACETS)[number];

/** The filters of the search form; facet values are passed back as they were returned (exact). */
export interface SearchInput {
  readonly q?: string;
  readonly kinds?: readonly SearchSourceKind[];
  readonly types?: readonly string[];
  readonly issuers?: readonly string[];
  readonly years?: readonly number[];
  readonly statuses?: readonly string[];
  readonly urgencies?: readonly string[];
  readonly levels?: readonly string[];
  readonly files?: readonly string[];
  readonly retentions?: readonly string[];
  /** Calendar dates (Vietnam), inclusive, over the issue / arrival date. */
  readonly from?: string;
  readonly to?: string;
  /** Only this unit and the units below it (must be one the actor may read). */
  readonly unitId?: string;
  readonly sort?: 'relevance' | 'date';
  readonly page?: number;
  readonly pageSize?: number;
  readonly facets?: boolean;
}

export interface SearchHit {
  readonly kind: SearchSourceKind;
  readonly id: string;
  readonly unitId: string;
  readonly title: string;
  readonly number: string | null;
  readonly documentType: string | null;
  readonly issuer: string | null;
  readonly signer: string | null;
  readonly issuedAt: Date | null;
  readonly arrivedAt: Date | null;
  readonly dueAt: Date | null;
  readonly status: string | null;
  readonly urgency: string | null;
  readonly year: number | null;
  readonly level: string | null;
  readonly fileCode: string | null;
  readonly retention: string | null;
  readonly edxmlId: string | null;
  readonly score: number;
  readonly titleMarks: readonly TextSegment[];
  readonly snippet: readonly TextSegment[];
}

export interface SearchResult {
  /** Matches, counted up to COUNT_CAP; above it an estimate (`totalCapped` and `totalIsEstimate`). */
  readonly total: number;
  readonly totalCapped: boolean;
  /**
   * More matches than COUNT_CAP: `total` is the planner's estimate of the match set (rounded to two
   * significant figures, never below COUNT_CAP + 1), not a count — the page says "khoảng 12.000".
   */
  readonly totalIsEstimate: boolean;
  readonly page: number;
  readonly pageSize: number;
  readonly sort: 'relevance' | 'date';
  /** No exact match: these are near matches (typos in names and notations). */
  readonly fuzzy: boolean;
  readonly hits: readonly SearchHit[];
  /** Counts per value over the matches (the newest FACET_CAP of them when there are more). */
  readonly facets?: Record<FacetName, { value: string; count: number }[]>;
  /**
   * The facet counts are over a bounded set of the matches (the newest FACET_CAP, the newest
   * BROAD_FACET_CAP of a very common word, or the checked window of a phrase), not over all of them:
   * the page shows them as "≈".
   */
  readonly facetsAreEstimates?: boolean;
}

export const COUNT_CAP = 10_000;
export const FACET_CAP = 10_000;
/**
 * Relevance ranks the newest CANDIDATE_CAP matches (each rank reads the entry's tsvector, body included):
 * a common word stays a bounded query.
 */
export const CANDIDATE_CAP = 1_000;
/**
 * A phrase: positions (the out-of-line `document`) are checked on at most this many of the newest
 * candidates whose subject fields (`rank_head`, in the row) do not already hold the phrase.
 */
export const PHRASE_CHECK_CAP = 1_000;
/**
 * A word so common that its matches are more than BROAD_FACTOR × the count bound and at least
 * BROAD_SELECTIVITY of the entries (the planner's estimate) is answered by walking the date index newest
 * first with the match as a filter, under a LIMIT, instead of reading and sorting every match; its total
 * is the estimate and its facets count the newest BROAD_FACET_CAP matches.
 */
export const BROAD_FACTOR = 3;
export const BROAD_SELECTIVITY = 0.05;
export const BROAD_FACET_CAP = 1_000;
export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 5_000;
/** A search statement longer than this is cancelled and answers SEARCH_TOO_BROAD. */
export const SEARCH_STATEMENT_TIMEOUT_MS = 5_000;

const FACET_COLUMNS: Record<FacetName, string> = {
  type: 's.document_type',
  issuer: 's.issuer',
  year: 's.year::text',
  status: 's.status',
  urgency: 's.urgency',
  level: 's.level',
  file: 's.file_code',
  retention: 's.retention',
};

/** The units whose documents the actor reads: its own and those below it (a province committee: all). */
export async function readableUnitIds(q: Queryable, actor: Actor): Promise<string[]> {
  const [row] = (await q.query(
    `WITH RECURSIVE me AS (SELECT id, parent_id, level FROM units WHERE id = $1),
       sub AS (SELECT id FROM me UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
     SELECT CASE WHEN (SELECT parent_id IS NULL AND level = 'province' FROM me)
                 THEN ARRAY(SELECT id FROM units WHERE parent_id IS NOT NULL OR id = $1)
                 ELSE ARRAY(SELECT id FROM sub) END AS ids`,
    [actor.unitId],
  )) as { ids: string[] }[];
  return row?.ids ?? [];
}

interface Built {
  readonly where: string[];
  readonly params: unknown[];
  readonly tsq: string | null;
  /** The conditions without the free-text match (a common phrase walks the date index on them). */
  readonly whereWithoutText: string[];
}

function p(params: unknown[], v: unknown): string {
  params.push(v);
  return `$${params.length}`;
}

/** The WHERE of a search: access first (the same rules as the document pages), then the filters. */
function build(
  actor: Actor,
  units: string[],
  input: SearchInput,
  parsed: ParsedQuery,
  text: 'number' | 'exact' | 'fuzzy',
  /** Phrases as their words ANDed (no positions): the candidates of a bounded phrase search. */
  wordsOnly = false,
): Built {
  const params: unknown[] = [];
  // With free text the match is found by the GIN index and access is checked on those rows only: the unit
  // test is written so that it cannot be an index condition (a bitmap over the units' rows would make every
  // row of the unit re-read its tsvector, body included, to test the match — 133 ms for 10,000 rows).
  const viaText = parsed.terms.length > 0 && text !== 'fuzzy';
  const unitTest = `s.unit_id = ANY(${p(params, units)}::uuid[])`;
  const where = [
    viaText ? `(${unitTest}) IS TRUE` : unitTest,
    `(s.reader_roles IS NULL OR s.reader_roles && ${p(params, [...actor.roles])}::text[]
      OR ${p(params, actor.userId)}::uuid = ANY(s.reader_user_ids))`,
  ];
  // Incoming documents: only the roles that read an inbox at all (workflows/exchange/incoming-readers.ts).
  if (!actor.roles.some((r) => INCOMING_READERS.includes(r))) where.push(`s.source_kind <> 'incoming'`);
  const any = (col: string, values: readonly unknown[] | undefined, cast = 'text'): void => {
    if (values?.length) where.push(`${col} = ANY(${p(params, [...values])}::${cast}[])`);
  };
  any('s.source_kind', input.kinds);
  any('s.document_type', input.types);
  any('s.issuer', input.issuers);
  any('s.year', input.years, 'int');
  any('s.status', input.statuses);
  any('s.urgency', input.urgencies);
  any('s.level', input.levels);
  any('s.file_code', input.files);
  any('s.retention', input.retentions);
  if (input.from)
    where.push(`s.sort_at >= (${p(params, input.from)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
  if (input.to)
    where.push(`s.sort_at < ((${p(params, input.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);

  const f = parsed.fields;
  if (f.number) where.push(`s.number_key = ANY(${p(params, f.number)}::text[])`);
  any('s.source_kind', f.kind);
  any('s.year', f.year?.map(Number), 'int');
  const folded = (col: string, values: string[] | undefined): void => {
    if (values?.length) where.push(`vn_fold(${col}) = ANY(${p(params, values)}::text[])`);
  };
  folded('s.document_type', f.documentType);
  folded('s.status', f.status);
  folded('s.urgency', f.urgency);
  folded('s.level', f.level);
  folded('s.file_code', f.fileCode);
  folded('s.retention', f.retention);
  // Names: contained, or near (trigram word similarity) for typos.
  for (const [col, values] of [
    ['s.signer', f.signer],
    ['s.issuer', f.issuer],
  ] as const) {
    for (const v of values ?? []) {
      const ph = p(params, v);
      where.push(
        `(vn_fold(${col}) LIKE '%' || ${ph} || '%' OR word_similarity(${ph}, vn_fold(${col})) >= 0.6)`,
      );
    }
  }
  for (const id of parsed.edxmlIds) where.push(`s.edxml_key = vn_edxml_key(${p(params, id)})`);

  let tsq: string | null = null;
  // First try: a number typed as such matches the documents with that number (btree on number_key);
  // its words are in nearly every entry, so the phrase over the text is the slow second try.
  const numbers = text === 'number' ? parsed.terms.filter((t) => t.number) : [];
  for (const n of numbers) where.push(`s.number_key = ${p(params, n.number)}`);
  const rest = text === 'number' ? parsed.terms.filter((t) => !t.number) : parsed.terms;
  if (rest.length) {
    if (text !== 'fuzzy') {
      tsq = p(params, wordsOnly ? tsqueryWordsText(rest) : tsqueryText(rest));
      where.push(`s.document @@ to_tsquery('simple', ${tsq})`);
    } else {
      tsq = p(params, parsed.terms.flatMap((t) => t.words).join(' '));
      where.push(`${tsq} <% s.short_text`);
    }
  }
  return { where, params, tsq, whereWithoutText: where.filter((w) => !w.startsWith('s.document @@')) };
}

const HIT_COLUMNS = `s.source_kind, s.source_id, s.unit_id, s.title, s.number, s.document_type, s.issuer, s.signer,
  s.issued_at, s.arrived_at, s.due_at, s.status, s.urgency, s.year, s.level, s.file_code, s.retention, s.edxml_id,
  left(s.body, 100000) AS body`;

interface HitRow {
  source_kind: SearchSourceKind;
  source_id: string;
  unit_id: string;
  title: string;
  number: string | null;
  document_type: string | null;
  issuer: string | null;
  signer: string | null;
  issued_at: Date | null;
  arrived_at: Date | null;
  due_at: Date | null;
  status: string | null;
  urgency: string | null;
  year: number | null;
  level: string | null;
  file_code: string | null;
  retention: string | null;
  edxml_id: string | null;
  body: string | null;
  score: number;
}

/** Two significant figures: an estimate should not look like a count. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/** Facet rows (name, value, count) to the answer: per facet the 30 largest counts. */
function toFacets(
  counted: { name: FacetName | null; value: string; count: number }[],
): NonNullable<SearchResult['facets']> {
  const sorted = counted
    .filter((r): r is { name: FacetName; value: string; count: number } => r.name !== null)
    .sort((a, z) => z.count - a.count || (a.value < z.value ? -1 : a.value > z.value ? 1 : 0));
  const facets = Object.fromEntries(
    FACETS.map((f) => [f, [] as { value: string; count: number }[]]),
  ) as NonNullable<SearchResult['facets']>;
  for (const r of sorted)
    if (facets[r.name].length < 30) facets[r.name].push({ value: r.value, count: r.count });
  return facets;
}

/** Facets of the given entries, each read by its key (no scan). */
async function facetsOfKeys(
  m: EntityManager,
  keys: readonly { source_kind: string; source_id: string }[],
): Promise<NonNullable<SearchResult['facets']>> {
  const values = FACETS.map((f) => `('${f}', ${FACET_COLUMNS[f]})`).join(', ');
  const sel = [...new Set(Object.values(FACET_COLUMNS).map((c) => c.replace('::text', '')))].join(', ');
  const counted = (await m.query(
    `SELECT f.name, f.value, count(*)::int AS count
     FROM unnest($1::text[], $2::text[]) AS k(kind, id)
     CROSS JOIN LATERAL (SELECT ${sel} FROM search_entries s WHERE s.source_kind = k.kind AND s.source_id = k.id) s
     CROSS JOIN LATERAL (VALUES ${values}) AS f(name, value)
     WHERE f.value IS NOT NULL GROUP BY f.name, f.value`,
    [keys.map((k) => k.source_kind), keys.map((k) => k.source_id)],
  )) as { name: FacetName; value: string; count: number }[];
  return toFacets(counted);
}

type Counted = { n: number; facets?: SearchResult['facets'] };

/**
 * The count (up to countCap + 1) and, when asked, every facet in one pass: the newest countCap + 1
 * matches of `where`, counted, and their first facetCap grouped per facet (GROUPING SETS would scan per
 * facet). With free text the matches come from the GIN bitmap, never from walking the table or the date
 * index row by row — either would read (detoast) every row's tsvector, body included, to test the match.
 */
async function countAndFacets(
  m: EntityManager,
  where: string,
  params: unknown[],
  opts: { countCap: number; facetCap: number; facets: boolean; viaBitmap: boolean },
): Promise<Counted> {
  if (opts.viaBitmap) await m.query(`SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`);
  try {
    if (!opts.facets) {
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM search_entries s WHERE ${where} LIMIT ${opts.countCap + 1}) x`,
        params,
      )) as { n: number }[];
      return { n };
    }
    const values = FACETS.map((f) => `('${f}', ${FACET_COLUMNS[f]})`).join(', ');
    const sel = [...new Set(Object.values(FACET_COLUMNS).map((c) => c.replace('::text', '')))].join(', ');
    const counted = (await m.query(
      `WITH matches AS MATERIALIZED (
         SELECT row_number() OVER () AS k, x.* FROM (
           SELECT ${sel} FROM search_entries s WHERE ${where} ORDER BY s.sort_at DESC LIMIT ${opts.countCap + 1}) x)
       SELECT NULL AS name, NULL AS value, count(*)::int AS count FROM matches
       UNION ALL
       SELECT f.name, f.value, count(*)::int AS count
       FROM matches s CROSS JOIN LATERAL (VALUES ${values}) AS f(name, value)
       WHERE s.k <= ${opts.facetCap} AND f.value IS NOT NULL
       GROUP BY f.name, f.value`,
      params,
    )) as { name: FacetName | null; value: string; count: number }[];
    return { n: counted.find((r) => r.name === null)?.count ?? 0, facets: toFacets(counted) };
  } finally {
    if (opts.viaBitmap) await m.query(`SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on`);
  }
}

/** The planner's row estimate of `where` (EXPLAIN: a plan, nothing executed). */
async function plannedRows(m: EntityManager, where: string, params: unknown[]): Promise<number> {
  const [row] = (await m.query(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entries s WHERE ${where}`,
    params,
  )) as { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[];
  return Number(row?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** Entries in the index as the statistics know them (no scan); -1 before the first ANALYZE. */
async function indexedRows(m: EntityManager): Promise<number> {
  const [row] = (await m.query(
    `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'search_entries'::regclass`,
  )) as { n: number }[];
  return Number(row?.n ?? -1);
}

/** The page's rows by key, in the given order: only these rows' bodies are read (snippets). */
async function hitRows(m: EntityManager, keys: readonly PageKey[]): Promise<HitRow[]> {
  if (keys.length === 0) return [];
  const rows = (await m.query(
    `SELECT s.* FROM unnest($1::text[], $2::text[]) AS k(kind, id)
     CROSS JOIN LATERAL (SELECT ${HIT_COLUMNS} FROM search_entries s
                         WHERE s.source_kind = k.kind AND s.source_id = k.id) s`,
    [keys.map((k) => k.source_kind), keys.map((k) => k.source_id)],
  )) as Omit<HitRow, 'score'>[];
  const byKey = new Map(rows.map((r) => [`${r.source_kind}:${r.source_id}`, r]));
  return keys.flatMap((k) => {
    const r = byKey.get(`${k.source_kind}:${k.source_id}`);
    return r ? [{ ...r, score: Number(k.score) }] : [];
  });
}

interface PageKey {
  source_kind: SearchSourceKind;
  source_id: string;
  sort_at: Date;
  score: number;
}

interface RunResult {
  total: number;
  capped: boolean;
  estimate: boolean;
  rows: HitRow[];
  facets?: SearchResult['facets'];
  facetsAreEstimates?: boolean;
}

async function runSearch(
  m: EntityManager,
  b: Built,
  input: SearchInput,
  text: 'number' | 'exact' | 'fuzzy',
  countCap: number = COUNT_CAP,
  forceBroad = false,
): Promise<RunResult> {
  const where = b.where.join(' AND ');
  const sort = input.sort ?? (b.tsq ? 'relevance' : 'date');
  const pageSize = input.pageSize ?? 20;
  const offset = ((input.page ?? 1) - 1) * pageSize;
  const viaText = b.tsq !== null && text !== 'fuzzy';
  // A very common word (planner's estimate, no scan): walk the date index newest first with the match as
  // a filter under a LIMIT — a few thousand rows read instead of every match read and sorted.
  let broad = false;
  let planned = 0;
  if (viaText) {
    planned = await plannedRows(m, where, b.params);
    const entries = await indexedRows(m);
    broad =
      forceBroad ||
      (planned > BROAD_FACTOR * countCap && (entries <= 0 || planned >= BROAD_SELECTIVITY * entries));
  }
  const params = [...b.params];
  const lim = p(params, pageSize);
  const off = p(params, offset);
  const score = !b.tsq
    ? '0::real'
    : text !== 'fuzzy'
      ? // rank_head: number, subject and fields (no body) — a few lexemes stored in the row, where ranking
        // on `document` detoasted every candidate's whole tsvector (migration 1765520000000).
        `ts_rank(s.rank_head, to_tsquery('simple', ${b.tsq}))`
      : `word_similarity(${b.tsq}, s.short_text)`;
  if (broad) await m.query(`SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off`);
  // Keys first (small in-row columns), the page's rows with their bodies after.
  // Relevance reads every match's small columns anyway (to take the newest CANDIDATE_CAP): the same pass
  // counts them (count(*) OVER ()), so no second scan is needed for the total — except on the walk of a
  // common word, which must stop at its LIMIT.
  const counting = sort !== 'date' && b.tsq !== null && !broad && !input.facets;
  // …and from the GIN bitmap only: a sequential scan would test (detoast) every row's tsvector.
  const bitmapOnly = sort !== 'date' && viaText && !broad;
  if (bitmapOnly) await m.query(`SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`);
  if (bitmapOnly && input.facets) {
    // Page, count and facets from one pass over the matches (materialised small columns), where they
    // were two bitmap heap scans of the same rows.
    const values = FACETS.map((f) => `('${f}', ${FACET_COLUMNS[f]})`).join(', ');
    const sel = [...new Set(Object.values(FACET_COLUMNS).map((c) => c.replace('::text', '')))].join(', ');
    const all = (await m.query(
      `WITH c AS MATERIALIZED (
         SELECT s.source_kind, s.source_id, s.sort_at, ${score} AS score, ${sel},
                row_number() OVER (ORDER BY s.sort_at DESC, s.source_id) AS k
         FROM search_entries s WHERE ${where})
       (SELECT source_kind, source_id, sort_at, score, NULL AS name, NULL AS value, NULL::int AS count
        FROM c WHERE k <= ${CANDIDATE_CAP} ORDER BY score DESC, sort_at DESC, source_id LIMIT ${lim} OFFSET ${off})
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int FROM c
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, f.name, f.value, count(*)::int
       FROM c s CROSS JOIN LATERAL (VALUES ${values}) AS f(name, value)
       WHERE s.k <= ${FACET_CAP} AND f.value IS NOT NULL GROUP BY f.name, f.value`,
      params,
    )) as (PageKey & { name: FacetName | null; value: string; count: number | null })[];
    await m.query(`SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on`);
    const n = all.find((r) => r.source_id === null && r.name === null)?.count ?? 0;
    const facets = toFacets(
      all.filter((r) => r.name !== null) as { name: FacetName; value: string; count: number }[],
    );
    const rows = await hitRows(
      m,
      all.filter((r) => r.source_id !== null),
    );
    return {
      total: n > countCap ? Math.max(countCap + 1, roundEstimate(n)) : n,
      capped: n > countCap,
      estimate: n > countCap,
      rows,
      facets,
      facetsAreEstimates: n > FACET_CAP,
    };
  }
  const keys: (PageKey & { matches?: string })[] =
    sort === 'date' || !b.tsq
      ? await m.query(
          `SELECT s.source_kind, s.source_id, s.sort_at, ${score} AS score FROM search_entries s WHERE ${where}
           ORDER BY s.sort_at DESC, s.source_id LIMIT ${lim} OFFSET ${off}`,
          params,
        )
      : await m.query(
          `SELECT * FROM (
             SELECT s.source_kind, s.source_id, s.sort_at, ${score} AS score
               ${counting ? ', count(*) OVER () AS matches' : ''}
             FROM search_entries s WHERE ${where}
             ORDER BY s.sort_at DESC LIMIT ${CANDIDATE_CAP}) c
           ORDER BY c.score DESC, c.sort_at DESC, c.source_id LIMIT ${lim} OFFSET ${off}`,
          params,
        );
  if (bitmapOnly) await m.query(`SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on`);
  if (broad) {
    // The total is the estimate; the facets count the newest BROAD_FACET_CAP matches, found the same way.
    const counted = input.facets
      ? await countAndFacets(m, where, b.params, {
          countCap: BROAD_FACET_CAP,
          facetCap: BROAD_FACET_CAP,
          facets: true,
          viaBitmap: false,
        })
      : undefined;
    await m.query(`SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on`);
    return {
      total: Math.max(countCap + 1, roundEstimate(planned)),
      capped: true,
      estimate: true,
      rows: await hitRows(m, keys),
      ...(counted?.facets ? { facets: counted.facets, facetsAreEstimates: true } : {}),
    };
  }
  const { n, facets } =
    counting && keys.length > 0
      ? { n: Number(keys[0]!.matches), facets: undefined }
      : await countAndFacets(m, where, b.params, {
          countCap,
          facetCap: FACET_CAP,
          facets: input.facets === true,
          viaBitmap: viaText,
        });
  const rows = await hitRows(m, keys);
  const bounded = facets ? { facets, facetsAreEstimates: n > FACET_CAP } : {};
  if (n > countCap)
    return {
      // The ranking pass counted every match; the count pass stopped at countCap + 1 (then: the plan).
      total: Math.max(
        countCap + 1,
        roundEstimate(counting && keys.length > 0 ? n : planned || (await plannedRows(m, where, b.params))),
      ),
      capped: true,
      estimate: true,
      rows,
      ...bounded,
    };
  return { total: n, capped: false, estimate: false, rows, ...bounded };
}

/**
 * A phrase whose words are in most entries ("ban hành phòng": every body has "ban hành" and "Văn
 * phòng"): reading every candidate would read the table. Instead the subject-field matches come from
 * the GIN index on `rank_head` (a phrase in `rank_head` implies every word in `document`), and the date
 * index is walked newest first for the other candidates, checkCap + 1 of them, whose positions are then
 * checked. Counts are the planner's estimates, the body-only part extrapolated from the window.
 */
async function runCommonPhrase(
  m: EntityManager,
  words: Built,
  params: unknown[],
  ph: string,
  inHead: string,
  input: SearchInput,
  countCap: number,
  checkCap: number,
): Promise<RunResult> {
  const pageSize = input.pageSize ?? 20;
  const offset = ((input.page ?? 1) - 1) * pageSize;
  const where = words.where.join(' AND ');
  // (The words' parameter stays referenced, as a constant, so that its type is known.)
  const plain = [...words.whereWithoutText, `${words.tsq}::text IS NOT NULL`, inHead].join(' AND ');
  // The subject-field matches from the GIN index on rank_head (migration 1765920000000), in-row rechecks.
  await m.query(`SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off`);
  const headKeys = (await m.query(
    `SELECT * FROM (
       SELECT s.source_kind, s.source_id, s.sort_at, ts_rank(s.rank_head, to_tsquery('simple', ${ph})) AS score
       FROM search_entries s WHERE ${plain} ORDER BY s.sort_at DESC, s.source_id LIMIT ${CANDIDATE_CAP}) c
     ORDER BY c.score DESC, c.sort_at DESC, c.source_id`,
    params,
  )) as PageKey[];
  // The others: the date index walked newest first, the words tested row by row up to the LIMIT.
  await m.query(`SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = off`);
  const window = (await m.query(
    `SELECT s.source_kind, s.source_id, s.sort_at, 0 AS score FROM search_entries s
     WHERE ${where} AND NOT (${inHead}) ORDER BY s.sort_at DESC, s.source_id LIMIT ${checkCap + 1}`,
    params,
  )) as PageKey[];
  await m.query(`SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on`);
  const checked = window.slice(0, checkCap);
  const hits = (await m.query(
    `SELECT k.kind AS source_kind, k.id AS source_id,
            (SELECT s.document @@ to_tsquery('simple', $3) FROM search_entries s
             WHERE s.source_kind = k.kind AND s.source_id = k.id) AS hit
     FROM unnest($1::text[], $2::text[]) AS k(kind, id)`,
    [checked.map((k) => k.source_kind), checked.map((k) => k.source_id), params[Number(ph.slice(1)) - 1]],
  )) as { source_kind: string; source_id: string; hit: boolean | null }[];
  const found = new Set(hits.filter((r) => r.hit === true).map((r) => `${r.source_kind}:${r.source_id}`));
  const bodyRows = checked.filter((c) => found.has(`${c.source_kind}:${c.source_id}`));
  const headEstimate =
    headKeys.length < CANDIDATE_CAP ? headKeys.length : await plannedRows(m, plain, params);
  const others =
    window.length <= checkCap ? window.length : await plannedRows(m, `${where} AND NOT (${inHead})`, params);
  const total = Math.round(headEstimate + (checked.length ? (bodyRows.length * others) / checked.length : 0));
  // The facets of the matches found: the head matches and the body matches of the window.
  const facets = input.facets ? await facetsOfKeys(m, [...headKeys, ...bodyRows]) : undefined;
  return {
    total: Math.max(roundEstimate(total), headKeys.length + bodyRows.length),
    capped: total > countCap,
    estimate: true,
    rows: await hitRows(m, [...headKeys, ...bodyRows].slice(offset, offset + pageSize)),
    ...(facets ? { facets, facetsAreEstimates: true } : {}),
  };
}

/**
 * A phrase sorted by relevance, bounded. The candidates are the entries with every word of the query
 * (GIN, no positions to check, no tsvector read). Those whose subject fields hold the phrase (`rank_head`,
 * in the row) rank first, by rank then date; then the newest PHRASE_CHECK_CAP other candidates have their
 * positions checked on the out-of-line `document` — body-only matches, by date. When more candidates
 * remain unchecked, the total is extrapolated from the checked window (flagged an estimate) and the
 * facets count the matches found.
 */
async function runPhraseSearch(
  m: EntityManager,
  words: Built,
  phrase: string,
  input: SearchInput,
  countCap: number,
  checkCap: number,
  forceBroad = false,
): Promise<RunResult> {
  const pageSize = input.pageSize ?? 20;
  const offset = ((input.page ?? 1) - 1) * pageSize;
  const params = [...words.params];
  const ph = p(params, phrase);
  const where = words.where.join(' AND ');
  const inHead = `s.rank_head @@ to_tsquery('simple', ${ph})`;
  const entries = await indexedRows(m);
  const planned = await plannedRows(m, where, words.params);
  if (
    forceBroad ||
    (planned > BROAD_FACTOR * countCap && (entries <= 0 || planned >= BROAD_SELECTIVITY * entries))
  )
    return runCommonPhrase(m, words, params, ph, inHead, input, countCap, checkCap);
  // One pass over the candidates (GIN bitmap, small columns only — a walk of the date index would read
  // each row's tsvector): per side (phrase in the subject fields or not) the count, the newest
  // CANDIDATE_CAP head matches and the newest checkCap + 1 others.
  await m.query(`SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`);
  const rows0 = (await m.query(
    `WITH c AS MATERIALIZED (
       SELECT s.source_kind, s.source_id, s.sort_at, ${inHead} AS head,
              CASE WHEN ${inHead} THEN ts_rank(s.rank_head, to_tsquery('simple', ${ph})) ELSE 0 END AS score
       FROM search_entries s WHERE ${where})
     (SELECT c.*, NULL::bigint AS n FROM c WHERE head ORDER BY sort_at DESC, source_id LIMIT ${CANDIDATE_CAP})
     UNION ALL
     (SELECT c.*, NULL FROM c WHERE NOT head ORDER BY sort_at DESC, source_id LIMIT ${checkCap + 1})
     UNION ALL
     SELECT NULL, NULL, NULL, head, 0, count(*) FROM c GROUP BY head`,
    params,
  )) as (PageKey & { head: boolean; n: string | null })[];
  await m.query(`SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on`);
  const order = (a: PageKey, z: PageKey) =>
    z.sort_at.getTime() - a.sort_at.getTime() || (a.source_id < z.source_id ? -1 : 1);
  const counts = rows0.filter((r) => r.n !== null);
  const keysOnly = rows0.filter((r) => r.n === null);
  const head = keysOnly
    .filter((c) => c.head)
    .sort((a, z) => Number(z.score) - Number(a.score) || order(a, z));
  const window = keysOnly.filter((c) => !c.head).sort(order);
  const headCount = Number(counts.find((r) => r.head)?.n ?? 0);
  const otherCount = Number(counts.find((r) => !r.head)?.n ?? 0);
  // Positions checked on the out-of-line `document` of the first checkCap others, one row at a time by key.
  const checked = window.slice(0, checkCap);
  // A scalar subquery per key (never flattened into a join that would test every row): the pkey probe,
  // then the positions on that one row's tsvector.
  const body = (
    (await m.query(
      `SELECT k.kind AS source_kind, k.id AS source_id,
              (SELECT s.document @@ to_tsquery('simple', $3) FROM search_entries s
               WHERE s.source_kind = k.kind AND s.source_id = k.id) AS hit
       FROM unnest($1::text[], $2::text[]) AS k(kind, id)`,
      [checked.map((k) => k.source_kind), checked.map((k) => k.source_id), phrase],
    )) as { source_kind: string; source_id: string; hit: boolean | null }[]
  )
    .filter((r) => r.hit === true)
    .map((r) => `${r.source_kind}:${r.source_id}`);
  const found = new Set(body);
  const bodyRows = checked.filter((c) => found.has(`${c.source_kind}:${c.source_id}`));
  const covered = window.length <= checkCap;
  // Beyond the window the body-only matches are extrapolated from it (labelled an estimate).
  const total = covered
    ? headCount + bodyRows.length
    : headCount + Math.round((bodyRows.length * otherCount) / checked.length);
  const estimate = !covered || total > countCap;
  let facets: SearchResult['facets'];
  if (input.facets) {
    const fp = [...params];
    const bk = p(fp, body);
    ({ facets } = await countAndFacets(
      m,
      `${where} AND (${inHead} OR s.source_kind || ':' || s.source_id = ANY(${bk}::text[]))`,
      fp,
      { countCap, facetCap: FACET_CAP, facets: true, viaBitmap: true },
    ));
  }
  const rows = await hitRows(m, [...head, ...bodyRows].slice(offset, offset + pageSize));
  return {
    total: estimate ? Math.max(roundEstimate(total), total > countCap ? countCap + 1 : 0) : total,
    capped: total > countCap,
    estimate,
    rows,
    ...(facets ? { facets, facetsAreEstimates: estimate || total > FACET_CAP } : {}),
  };
}

/**
 * One search over everything the actor may read — outgoing, incoming, archival records, files, scans —
 * with exactly the reading rules of the document pages (unit and the units above it; drafts to their
 * drafter; an incoming document to the inbox roles and its assignees), so no count or facet shows what
 * a page would not. Free text is matched folded (with or without diacritics), ranked by relevance or
 * sorted by date; when nothing matches exactly, near matches of names and notations (trigrams) answer,
 * flagged `fuzzy`. Runs read-only under a statement timeout: a query too heavy answers SEARCH_TOO_BROAD.
 */
export async function searchDocuments(
  ctx: DomainContext,
  input: SearchInput,
  /** Tests lower the count bound and the phrase window to reach the estimates with a few rows. */
  options: {
    countCap?: number;
    phraseCheckCap?: number;
    /** Take the common-word path whatever the estimate (tests have too few rows to reach it). */
    broad?: boolean;
  } = {},
): Promise<SearchResult> {
  const cap = options.countCap ?? COUNT_CAP;
  const parsed = parseSearchQuery(input.q ?? '');
  const pageSize = input.pageSize ?? 20;
  const page = input.page ?? 1;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw SearchError.invalid('pageSize', 'Cỡ trang từ 1 đến 100', 'Page size is 1 to 100');
  if (!Number.isInteger(page) || page < 1 || (page - 1) * pageSize > MAX_OFFSET)
    throw SearchError.invalid(
      'page',
      `Chỉ xem được ${MAX_OFFSET} kết quả đầu; hãy thu hẹp tìm kiếm`,
      `Only the first ${MAX_OFFSET} results can be paged; narrow the search`,
    );
  const actor = ctx.actor;
  try {
    return await ctx.db.transaction('READ COMMITTED', async (m) => {
      await m.query(`SET TRANSACTION READ ONLY`);
      await m.query(`SELECT set_config('statement_timeout', $1, true)`, [
        String(SEARCH_STATEMENT_TIMEOUT_MS),
      ]);
      // A common word's bitmap stays exact (lossy pages would make every row's tsvector be re-read).
      await m.query(`SET LOCAL work_mem = '32MB'`);
      let units = await readableUnitIds(m, actor);
      if (input.unitId) {
        const below = await readableUnitIds(m, { ...actor, unitId: input.unitId });
        const mine = new Set(units);
        units = units.includes(input.unitId) ? below.filter((u) => mine.has(u)) : [];
      }
      let fuzzy = false;
      let r =
        parsed.terms.some((t) => t.number) &&
        (await runSearch(m, build(actor, units, input, parsed, 'number'), input, 'number', cap));
      const phrased =
        (input.sort ?? 'relevance') === 'relevance' && parsed.terms.some((t) => t.words.length > 1);
      if ((!r || r.total === 0) && phrased)
        r = await runPhraseSearch(
          m,
          build(actor, units, input, parsed, 'exact', true),
          tsqueryText(parsed.terms),
          input,
          cap,
          options.phraseCheckCap ?? PHRASE_CHECK_CAP,
          options.broad === true,
        );
      else if (!r || r.total === 0)
        r = await runSearch(
          m,
          build(actor, units, input, parsed, 'exact'),
          input,
          'exact',
          cap,
          options.broad === true,
        );
      if (r.total === 0 && parsed.terms.length) {
        const near = await runSearch(m, build(actor, units, input, parsed, 'fuzzy'), input, 'fuzzy', cap);
        if (near.total > 0) {
          r = near;
          fuzzy = true;
        }
      }
      const words = new Set(parsed.highlight);
      const prefixes = parsed.terms.filter((t) => t.prefix).map((t) => t.words[t.words.length - 1]!);
      return {
        total: r.total,
        totalCapped: r.capped,
        totalIsEstimate: r.estimate,
        page,
        pageSize,
        sort: input.sort ?? (parsed.terms.length ? 'relevance' : 'date'),
        fuzzy,
        hits: r.rows.map((h) => ({
          kind: h.source_kind,
          id: h.source_id,
          unitId: h.unit_id,
          title: h.title,
          number: h.number,
          documentType: h.document_type,
          issuer: h.issuer,
          signer: h.signer,
          issuedAt: h.issued_at,
          arrivedAt: h.arrived_at,
          dueAt: h.due_at,
          status: h.status,
          urgency: h.urgency,
          year: h.year,
          level: h.level,
          fileCode: h.file_code,
          retention: h.retention,
          edxmlId: h.edxml_id,
          score: Number(h.score),
          titleMarks: highlightText(h.title, words, prefixes),
          snippet: snippet(h.body ?? '', words, prefixes),
        })),
        ...(r.facets ? { facets: r.facets, facetsAreEstimates: r.facetsAreEstimates === true } : {}),
      };
    });
  } catch (e) {
    if ((e as { code?: string }).code === '57014') throw SearchError.tooBroad();
    throw e;
  }
}
