import { z } from 'zod';
import type { Response } from 'express';
import { buildReport } from '../../workflows/reports/build-report';
import { ReportError } from '../../workflows/reports/report-error';
import { exportReport, type ReportFile } from '../../workflows/reports/export-report';
import { getIssuedReport, listIssuedReports } from '../../workflows/reports/issued-reports';
import { listReportDocuments } from '../../workflows/reports/list-report-documents';
import { COUNT_KEYS, DRILL_MEASURES } from '../../workflows/reports/measures';
import { REPORT_ROLES, type ReportScope } from '../../workflows/reports/report-scope';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { uuidParam } from './schemas';

const label = z.object({ vi: z.string(), en: z.string() });
const counts = z.object(
  Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number()])) as Record<
    (typeof COUNT_KEYS)[number],
    z.ZodNumber
  >,
);
const rate = z.object({
  numerator: z.number(),
  denominator: z.number(),
  hundredths: z
    .number()
    .nullable()
    .describe('Hundredths of a percent, half-up (9996 = 99,96 %); null for 0 of 0'),
  text: z.string().describe('As the province writes it: 99,96% (33.545/33.557 văn bản đi)'),
  percent: z.string(),
});
const rates = z.object({
  exchange: rate,
  signedSeal: rate,
  signedLeader: rate,
  handledEarly: rate,
  handledOnTime: rate,
  handledLate: rate,
  averageHandlingHours: z.number().nullable(),
});
const usage = z.object({
  units: z.number(),
  unitsUsing: z.number(),
  accounts: z.number(),
  organisationCertificates: z.number(),
  leaderCertificates: z.number(),
  certificates: z.number(),
  unitsWithBothCertificates: z.number(),
  unitsWithBothCertificatesRate: rate,
});
const figures = { counts, rates, usage };
const level = z.enum(['province_district', 'commune']);
const period = z.object({
  key: z.string(),
  kind: z.enum(['month', 'quarter', 'half', 'nine_months', 'year', 'custom']),
  window: z.enum(['calendar', 'decree09']),
  from: z.string(),
  to: z.string().describe('Exclusive'),
  lastDay: z.string(),
  label,
  future: z.boolean(),
  ongoing: z.boolean(),
});
const scopeSchema = z.object({
  kind: z.enum(['unit', 'subtree', 'level', 'province']),
  unitId: z.string().optional(),
  level: level.optional(),
});
const reportSchema = z.object({
  measuresVersion: z.string(),
  source: z.enum(['rollup', 'raw']),
  generatedAt: z.string(),
  period,
  scope: scopeSchema,
  asOf: z.string(),
  units: z.array(
    z.object({
      unit: z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        level: z.enum(['province', 'district', 'commune']),
        reportLevel: level,
        parentId: z.string().nullable(),
        validFrom: z.string(),
        validTo: z.string().nullable(),
        successorId: z.string().nullable(),
        dissolvedInPeriod: z.boolean(),
      }),
      ...figures,
    }),
  ),
  levels: z.array(z.object({ level, label, ...figures })),
  total: z.object(figures),
  trend: z.array(z.object({ from: z.string(), to: z.string(), counts, rates })),
  ranking: z.array(z.object({ unitId: z.string(), name: z.string(), exchange: rate, signedSeal: rate })),
  digitisedRecords: z.number().nullable(),
  notes: z.array(label),
});

const reportQuery = z.strictObject({
  period: z
    .string()
    .min(4)
    .max(40)
    .describe('2026-Q1, 2026-M03, 2026-H1, 2026-9M, 2026, or 2026-01-01..2026-03-31'),
  window: z
    .enum(['calendar', 'decree09'])
    .default('calendar')
    .describe('decree09: 15th of the month before to the 14th'),
  scope: z.enum(['unit', 'subtree', 'level', 'province']).default('province'),
  unitId: z.uuid().optional().describe('For scope unit and subtree'),
  level: level.optional().describe('For scope level'),
});

function scopeOf(q: z.output<typeof reportQuery>): ReportScope {
  if (q.scope === 'unit' || q.scope === 'subtree') {
    if (!q.unitId) throw badScope('unitId');
    return { kind: q.scope, unitId: q.unitId };
  }
  if (q.scope === 'level') {
    if (!q.level) throw badScope('level');
    return { kind: 'level', level: q.level };
  }
  return { kind: 'province' };
}

function badScope(field: string): ReportError {
  return new ReportError(
    'REPORT_SCOPE_INVALID',
    { vi: `Phạm vi báo cáo này cần ${field}`, en: `This report scope needs ${field}` },
    { field },
  );
}

const errors = [
  'REPORT_PERIOD_INVALID',
  'REPORT_PERIOD_TOO_LONG',
  'REPORT_SCOPE_INVALID',
  'REPORT_SCOPE_FORBIDDEN',
];

const issuedReport = z.object({
  id: z.string(),
  unitId: z.string(),
  scope: z.string(),
  periodKey: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  issuedAt: z.string(),
  report: reportSchema,
});

/** Reports (issue 13): the report, its drill-down, exports and issued reports. */
export function reportRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/reports',
    tags: ['reports'],
    summary: 'Báo cáo gửi nhận văn bản điện tử và ký số / Exchange and signing report',
    description:
      'Counts, rates (Vietnamese text and hundredths), per unit as it was in the period, per level, total, ' +
      'monthly trend and ranking — what the dashboard draws. A scope beyond the caller answers 403 ' +
      'REPORT_SCOPE_FORBIDDEN without counts. Definitions: docs/reports.md.',
    auth: REPORT_ROLES,
    query: reportQuery,
    response: reportSchema,
    errors,
    handler: async ({ ctx, query }) =>
      buildReport(ctx, { period: query.period, window: query.window, scope: scopeOf(query) }),
  });

  table.route({
    method: 'get',
    path: '/api/reports/documents',
    tags: ['reports'],
    summary: 'Văn bản của một ô báo cáo / Documents behind a report cell',
    description:
      'The documents counted in one measure of a scope and period; for the rates also those left out of ' +
      'the numerator (or, classified, out of the denominator) with the reason.',
    auth: REPORT_ROLES,
    query: reportQuery.extend({
      measure: z.enum(DRILL_MEASURES),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
    response: z.object({
      measure: z.enum(DRILL_MEASURES),
      total: z.number(),
      excludedTotal: z.number(),
      limit: z.number(),
      offset: z.number(),
      included: z.array(
        z.object({
          kind: z.enum(['outgoing', 'incoming']),
          id: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          number: z.string(),
          subject: z.string(),
          day: z.string(),
          medium: z.enum(['electronic', 'paper']).nullable(),
          classified: z.boolean(),
          deadline: z.string().nullable(),
          link: z.string(),
          reason: label.nullable(),
        }),
      ),
      excluded: z.array(
        z.object({
          kind: z.enum(['outgoing', 'incoming']),
          id: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          number: z.string(),
          subject: z.string(),
          day: z.string(),
          medium: z.enum(['electronic', 'paper']).nullable(),
          classified: z.boolean(),
          deadline: z.string().nullable(),
          link: z.string(),
          reason: label.nullable(),
        }),
      ),
    }),
    errors,
    handler: async ({ ctx, query }) =>
      listReportDocuments(ctx, {
        period: query.period,
        window: query.window,
        scope: scopeOf(query),
        measure: query.measure,
        limit: query.limit,
        offset: query.offset,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/reports/export',
    tags: ['reports'],
    summary: 'Xuất báo cáo (CSV, XLSX, PDF) / Export a report',
    description:
      'CSV with a UTF-8 byte order mark; XLSX grouped by level with the province’s headings; PDF with charts.',
    auth: REPORT_ROLES,
    query: reportQuery.extend({ format: z.enum(['csv', 'xlsx', 'pdf']) }),
    errors,
    handler: async ({ ctx, query, res }) => {
      const report = await buildReport(ctx, {
        period: query.period,
        window: query.window,
        scope: scopeOf(query),
      });
      const file = await exportReport(report, query.format);
      sendReportFile(res, file);
    },
  });

  table.route({
    method: 'get',
    path: '/api/reports/issued',
    tags: ['reports'],
    summary: 'Báo cáo đã ban hành / Issued reports',
    description: 'Reports generated at the end of each period, as issued (never recomputed).',
    auth: REPORT_ROLES,
    query: z.strictObject({ unitId: z.uuid() }),
    response: z.object({ items: z.array(issuedReport) }),
    errors: ['REPORT_SCOPE_FORBIDDEN'],
    handler: async ({ ctx, query }) => ({ items: await listIssuedReports(ctx, { unitId: query.unitId }) }),
  });

  table.route({
    method: 'get',
    path: '/api/reports/issued/:id',
    tags: ['reports'],
    summary: 'Một báo cáo đã ban hành / One issued report',
    description:
      'The report as it was issued at the end of its period (the notification links to it). A report of a ' +
      'unit outside the caller’s scope answers 404 like an unknown id.',
    auth: REPORT_ROLES,
    params: uuidParam,
    response: issuedReport,
    errors: ['REPORT_NOT_FOUND'],
    handler: async ({ ctx, params }) => getIssuedReport(ctx, { id: params.id }),
  });

  table.route({
    method: 'get',
    path: '/api/reports/issued/:id/export',
    tags: ['reports'],
    summary: 'Tải báo cáo đã ban hành / Download an issued report',
    description: 'CSV, XLSX or PDF of the issued report, built from what was issued (never recomputed).',
    auth: REPORT_ROLES,
    params: uuidParam,
    query: z.strictObject({ format: z.enum(['csv', 'xlsx', 'pdf']) }),
    errors: ['REPORT_NOT_FOUND'],
    handler: async ({ ctx, params, query, res }) => {
      const issued = await getIssuedReport(ctx, { id: params.id });
      const file = await exportReport(issued.report, query.format);
      sendReportFile(res, file);
    },
  });
}

/** A report's export as a download (never cached: it holds the caller's figures). */
function sendReportFile(res: Response, file: ReportFile): void {
  res.status(200);
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('Content-Length', String(file.bytes.length));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, 'attachment'));
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.bytes);
}
