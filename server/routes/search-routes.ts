import { z } from 'zod';
import {
  collectSearchHits,
  renderSearchCsv,
  renderSearchXlsx,
} from '../../workflows/search/export-search-results';
import { deleteSavedSearch, listSavedSearches, saveSearch } from '../../workflows/search/saved-searches';
import { FACETS, searchDocuments, type SearchInput } from '../../workflows/search/search-documents';
import { SEARCH_SOURCE_KINDS } from '../../workflows/search/search-index';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, isoDate, uuidParam } from './schemas';

/** A repeatable query parameter (`?type=a&type=b`), each value bounded. */
const many = (max = 300) =>
  z
    .union([z.string().max(max), z.array(z.string().max(max)).max(50)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

const searchQuery = {
  q: z
    .string()
    .max(1000)
    .optional()
    .describe('Free text and fields: `quyet dinh 2024 nguoi ky:Mai`, `so:01/QĐ-UBND`'),
  kind: z
    .union([z.enum(SEARCH_SOURCE_KINDS), z.array(z.enum(SEARCH_SOURCE_KINDS)).max(5)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  type: many(),
  issuer: many(),
  year: z
    .union([z.string().regex(/^[0-9]{4}$/), z.array(z.string().regex(/^[0-9]{4}$/)).max(50)])
    .optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(Number))),
  status: many(),
  urgency: many(),
  level: many(),
  file: many(),
  retention: many(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  unit: z.uuid().optional(),
  sort: z.enum(['relevance', 'date']).optional(),
};

type SearchQuery = z.output<z.ZodObject<typeof searchQuery>>;

function toInput(q: SearchQuery): SearchInput {
  return {
    q: q.q,
    kinds: q.kind,
    types: q.type,
    issuers: q.issuer,
    years: q.year,
    statuses: q.status,
    urgencies: q.urgency,
    levels: q.level,
    files: q.file,
    retentions: q.retention,
    from: q.from,
    to: q.to,
    unitId: q.unit,
    sort: q.sort,
  };
}

const segment = z.object({ text: z.string(), mark: z.boolean() });

const hit = z.object({
  kind: z.enum(SEARCH_SOURCE_KINDS),
  id: z.string(),
  unitId: z.uuid(),
  title: z.string(),
  number: z.string().nullable(),
  documentType: z.string().nullable(),
  issuer: z.string().nullable(),
  signer: z.string().nullable(),
  issuedAt: dateTime.nullable(),
  arrivedAt: dateTime.nullable(),
  dueAt: dateTime.nullable(),
  status: z.string().nullable(),
  urgency: z.string().nullable(),
  year: z.number().nullable(),
  level: z.string().nullable(),
  fileCode: z.string().nullable(),
  retention: z.string().nullable(),
  edxmlId: z.string().nullable(),
  score: z.number(),
  titleMarks: z.array(segment).readonly().describe('The title, with the matched words marked'),
  snippet: z.array(segment).readonly().describe('A passage of the full text around the first match'),
});

const facetValues = z.array(z.object({ value: z.string(), count: z.number() })).readonly();

const savedSearch = z.object({
  id: z.uuid(),
  name: z.string(),
  query: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdAt: dateTime,
});

const SEARCH_ERRORS = ['SEARCH_QUERY_INVALID', 'SEARCH_QUERY_TOO_LONG', 'SEARCH_TOO_BROAD'];

/**
 * Search (issue 12): one search over everything the caller may read, its export (XLSX, CSV) and the
 * caller's saved searches. Every role may search; what it finds is what its document pages show.
 */
export function searchRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/search',
    tags: ['search'],
    summary: 'Tìm kiếm văn bản, hồ sơ / Search documents and files',
    description:
      'Vietnamese with or without diacritics, numbers as typed (`01/QĐ-UBND` = `1/qd-ubnd`), edXML ids, ' +
      'quoted phrases, the word being typed as a prefix, fields (`so:`, `loai:`, `nam:`, `nguoi ky:`, ' +
      '`noi ban hanh:`, `trang thai:`, `khan:`, `cap:`, `ho so:`, `thoi han:`, `nguon:`). Counts and facets ' +
      'cover only what the caller may read.',
    auth: 'authenticated',
    query: z.strictObject({
      ...searchQuery,
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
      facets: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true'),
    }),
    response: z.object({
      total: z.number(),
      totalCapped: z.boolean().describe('More matches than counted (10,000)'),
      totalIsEstimate: z
        .boolean()
        .describe('total is the planner estimate of the match set (2 significant figures), not a count'),
      page: z.number(),
      pageSize: z.number(),
      sort: z.enum(['relevance', 'date']),
      fuzzy: z.boolean().describe('No exact match: near matches of names and notations'),
      hits: z.array(hit).readonly(),
      facets: z
        .object(
          Object.fromEntries(FACETS.map((f) => [f, facetValues])) as Record<
            (typeof FACETS)[number],
            typeof facetValues
          >,
        )
        .optional(),
      facetsAreEstimates: z
        .boolean()
        .optional()
        .describe(
          'Facet counts are over a bounded set of the matches (the newest 10,000; the newest 1,000 of a very common word; the checked window of a phrase), not all of them',
        ),
    }),
    errors: SEARCH_ERRORS,
    handler: async ({ ctx, query }) =>
      searchDocuments(ctx, {
        ...toInput(query),
        page: query.page,
        pageSize: query.pageSize,
        facets: query.facets,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/search/export',
    tags: ['search'],
    summary: 'Xuất kết quả tìm kiếm / Export search results (XLSX, CSV)',
    description:
      'The whole result list (up to 5,100 rows) in its order; CSV is UTF-8 with a byte-order mark.',
    auth: 'authenticated',
    query: z.strictObject({ ...searchQuery, format: z.enum(['xlsx', 'csv']) }),
    errors: SEARCH_ERRORS,
    handler: async ({ ctx, query, res }) => {
      const hits = await collectSearchHits(ctx, toInput(query));
      const now = ctx.clock.now();
      const stamp = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const bytes =
        query.format === 'csv'
          ? renderSearchCsv(hits)
          : await renderSearchXlsx(hits, { query: query.q ?? '', generatedAt: now });
      res.status(200);
      res.setHeader(
        'Content-Type',
        query.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      res.setHeader('Content-Length', String(bytes.length));
      res.setHeader(
        'Content-Disposition',
        contentDisposition(`ket-qua-tim-kiem-${stamp}.${query.format}`, 'attachment'),
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(bytes);
    },
  });

  table.route({
    method: 'get',
    path: '/api/search/saved',
    tags: ['search'],
    summary: 'Tìm kiếm đã lưu / Saved searches',
    auth: 'authenticated',
    response: z.object({ items: z.array(savedSearch).readonly() }),
    handler: async ({ ctx }) => ({ items: await listSavedSearches(ctx) }),
  });

  table.route({
    method: 'post',
    path: '/api/search/saved',
    tags: ['search'],
    summary: 'Lưu tìm kiếm / Save a search',
    description: 'Under the same name, replaces that saved search.',
    auth: 'authenticated',
    body: z.strictObject({
      name: z.string().min(1).max(120),
      query: z.string().max(1000),
      filters: z.record(z.string(), z.unknown()).optional(),
    }),
    response: savedSearch,
    status: 201,
    errors: ['SAVED_SEARCH_INVALID', 'SEARCH_QUERY_INVALID', 'SEARCH_QUERY_TOO_LONG'],
    handler: async ({ ctx, body }) => saveSearch(ctx, body),
  });

  table.route({
    method: 'delete',
    path: '/api/search/saved/:id',
    tags: ['search'],
    summary: 'Xóa tìm kiếm đã lưu / Delete a saved search',
    auth: 'authenticated',
    params: uuidParam,
    status: 204,
    errors: ['SAVED_SEARCH_NOT_FOUND'],
    handler: async ({ ctx, params }) => {
      await deleteSavedSearch(ctx, params.id);
    },
  });
}
