import { z } from 'zod';
import {
  listRegisterBooks,
  readRegisterBook,
  REGISTER_READERS,
  type RegisterBookQuery,
} from '../../workflows/documents/register-book';
import { renderRegisterBookPdf } from '../../workflows/documents/register-book-pdf';
import { registerTable } from '../../workflows/documents/register-book-table';
import { renderRegisterBookXlsx } from '../../workflows/documents/register-book-xlsx';
import { listRegisterBookConfigs, saveRegisterBook } from '../../workflows/exchange/register-books';
import type { RouteTable } from '../http/route-table';
import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { contentDisposition } from './incoming-routes';
import { isoDate } from './schemas';

const book = z.object({
  id: z.uuid(),
  direction: z.enum(['outgoing', 'incoming']),
  year: z.number(),
  documentType: z.string().describe("'' when every type shares the register"),
  series: z.enum(['normal', 'classified']),
  entries: z.number().describe('Numbers taken so far'),
});

const bookQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  unit: z.uuid().optional(),
  register: z.uuid().optional().describe('One register (GET /api/registers); all of the direction otherwise'),
});

const ERRORS = ['UNIT_NOT_FOUND', 'DOCUMENT_INVALID', 'DATE_INVALID'];

const toQuery = (direction: 'outgoing' | 'incoming', q: z.infer<typeof bookQuery>): RegisterBookQuery => ({
  direction,
  from: q.from,
  to: q.to,
  ...(q.unit ? { unitId: q.unit } : {}),
  ...(q.register ? { registerId: q.register } : {}),
});

/**
 * Register books (sổ đăng ký văn bản đi / đến, Decree 30/2020 Appendix IV): the unit's registers, one
 * book for a period as JSON, and the same book printed (PDF, A4 landscape) or exported (XLSX).
 */
const bookConfig = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  name: z.string(),
  documentTypes: z.array(z.string()).readonly().describe('Types it registers; empty: any'),
  classified: z.boolean().describe('The book of classified documents (its own series)'),
  active: z.boolean(),
});
const bookBody = {
  name: z.string().trim().min(1).max(200),
  documentTypes: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  classified: z.boolean().optional(),
  active: z.boolean().optional(),
};

export function registerRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/register-books',
    tags: ['registers'],
    summary: 'Sổ đăng ký văn bản đến của đơn vị / Incoming register books',
    description:
      'The incoming register books an admin set up for `unit` (default the caller’s): the clerk chooses one ' +
      'when registering (POST /api/incoming/:id/register `bookId`).',
    auth: ['admin', 'clerk', 'leader', 'archivist', 'auditor'],
    query: z.strictObject({ unit: z.uuid().optional() }),
    response: z.object({ items: z.array(bookConfig) }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({
      items: await listRegisterBookConfigs(ctx, { unitId: query.unit }),
    }),
  });

  table.route({
    method: 'post',
    path: '/api/register-books',
    tags: ['registers'],
    summary: 'Lập sổ đăng ký văn bản đến / Create an incoming register book',
    description:
      'An admin of `unit` (or above) creates a book: per document type (`documentTypes`, empty: any) or for ' +
      'classified documents (`classified`). Numbered per book and year from 01. Audit `REGISTER_BOOK_SAVED`.',
    auth: ['admin'],
    status: 201,
    body: z.strictObject({ unit: z.uuid().optional(), ...bookBody }),
    response: bookConfig,
    errors: ['UNIT_NOT_FOUND', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, body }) => {
      const { unit, ...rest } = body;
      return saveRegisterBook(ctx, { ...rest, ...(unit ? { unitId: unit } : {}) });
    },
  });

  table.route({
    method: 'put',
    path: '/api/register-books/:id',
    tags: ['registers'],
    summary: 'Sửa sổ đăng ký văn bản đến / Change an incoming register book',
    description: 'Name, types, classified, active (a book no longer used is deactivated, never deleted).',
    auth: ['admin'],
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ unit: z.uuid().optional(), ...bookBody }),
    response: bookConfig,
    errors: ['UNIT_NOT_FOUND', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) => {
      const { unit, ...rest } = body;
      return saveRegisterBook(ctx, { ...rest, id: params.id, ...(unit ? { unitId: unit } : {}) });
    },
  });

  table.route({
    method: 'get',
    path: '/api/registers',
    tags: ['registers'],
    summary: 'Các sổ đăng ký / Register books of a unit',
    description:
      'Every register of `unit` (default the caller’s): direction, year, document type, series and how many ' +
      'numbers it has given. Clerks, leaders, archivists and auditors of the unit or a unit above it.',
    auth: REGISTER_READERS,
    query: z.strictObject({ unit: z.uuid().optional() }),
    response: z.object({ items: z.array(book) }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({ items: await listRegisterBooks(ctx, { unitId: query.unit }) }),
  });

  table.route({
    method: 'get',
    path: '/api/registers/:direction',
    tags: ['registers'],
    summary: 'Sổ đăng ký văn bản đi / đến / A register book',
    description:
      'The lines of the outgoing (`outgoing`: numbered from `from` to `to`, Vietnam days inclusive) or ' +
      'incoming (`incoming`: registered in the period) register, in the columns of Decree 30/2020 ' +
      'Appendix IV: `columns` and `rows` exactly as printed, plus the typed lines.',
    auth: REGISTER_READERS,
    params: z.strictObject({ direction: z.enum(['outgoing', 'incoming']) }),
    query: bookQuery,
    response: z.object({
      title: z.string(),
      subtitle: z.string(),
      columns: z.array(z.object({ header: z.string(), width: z.number() })).readonly(),
      rows: z.array(z.array(z.string()).readonly()).readonly(),
      lines: z
        .array(
          z.object({ id: z.uuid(), number: z.string(), numberAndNotation: z.string(), subject: z.string() }),
        )
        .describe('One per row: the document (outgoing id or incoming id) each row is about'),
    }),
    errors: ERRORS,
    handler: async ({ ctx, params, query }) => {
      const b = await readRegisterBook(ctx, toQuery(params.direction, query));
      const lines =
        params.direction === 'outgoing'
          ? b.outgoing.map((l) => ({
              id: l.documentId,
              number: l.number,
              numberAndNotation: l.numberAndNotation,
              subject: l.subject,
            }))
          : b.incoming.map((l) => ({
              id: l.incomingId,
              number: l.number,
              numberAndNotation: l.numberAndNotation,
              subject: l.subject,
            }));
      return { ...registerTable(b), lines };
    },
  });

  table.route({
    method: 'get',
    path: '/api/registers/:direction/download',
    tags: ['registers'],
    summary: 'In, xuất sổ đăng ký / Print or export a register book',
    description:
      '`format=pdf` (A4 landscape, DejaVu Sans embedded, column headers repeated on every page) or `xlsx` ' +
      '(exceljs; headers frozen and repeated when printed). Same lines as `GET /api/registers/:direction`.',
    auth: REGISTER_READERS,
    params: z.strictObject({ direction: z.enum(['outgoing', 'incoming']) }),
    query: bookQuery.extend({
      format: z.enum(['pdf', 'xlsx']).default('pdf'),
      disposition: z.enum(['attachment', 'inline']).default('attachment'),
    }),
    errors: ERRORS,
    handler: async ({ ctx, params, query, res }) => {
      const { format, disposition, ...rest } = query;
      const b = await readRegisterBook(ctx, toQuery(params.direction, rest));
      const t = registerTable(b);
      const generatedAt = ctx.clock.now();
      const body =
        format === 'pdf'
          ? await renderRegisterBookPdf(t, { generatedAt })
          : await renderRegisterBookXlsx(t, { generatedAt });
      const name = `${params.direction === 'outgoing' ? 'So-van-ban-di' : 'So-van-ban-den'}_${query.from}_${query.to}.${format}`;
      res.status(200);
      res.setHeader(
        'Content-Type',
        format === 'pdf'
          ? 'application/pdf'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      res.setHeader('Content-Length', String(body.length));
      res.setHeader(
        'Content-Disposition',
        contentDisposition(name, format === 'pdf' ? disposition : 'attachment'),
      );
      res.setHeader('Cache-Control', 'private, no-cache');
      if (format === 'pdf' && disposition === 'inline') allowSameOriginFraming(res);
      res.end(body);
    },
  });
}
