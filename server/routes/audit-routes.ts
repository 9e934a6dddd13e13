import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import {
  AUDIT_EXPORT_MAX_ROWS,
  collectAuditExport,
  renderAuditCsv,
  renderAuditXlsx,
} from '../../workflows/audit/export-audit-events';
import { listAuditEvents } from '../../workflows/audit/list-audit-events';
import { AUDIT_CHAIN_BREAKS, verifyAuditChain } from '../../workflows/audit/verify-audit-chain';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { cursor, dateTime, limit } from './schemas';

const auditEvent = z.object({
  seq: z.number(),
  type: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  unitId: z.string().nullable(),
  occurredAt: dateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const eventFilters = {
  unit: z.uuid().optional(),
  type: z.string().max(64).optional(),
  actor: z.uuid().optional(),
  username: z.string().trim().min(1).max(100).optional().describe('The actor’s username (exact)'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** The audit trail: events of a unit and below, their export, and verification of the whole hash chain. */
export function auditRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/audit/events/export',
    tags: ['audit'],
    summary: 'Xuất nhật ký hệ thống / Export audit events (CSV, XLSX)',
    description:
      'The events the same filters as `GET /api/audit/events` select, newest first, with the event’s ' +
      'Vietnamese name, the unit’s name and the details. CSV is UTF-8 with a byte-order mark (RFC 4180, ' +
      `CRLF); XLSX one sheet with a frozen header. At most ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en-GB')} ` +
      'rows: more answer 422 AUDIT_EXPORT_TOO_LARGE. `X-Row-Count` carries the number of events.',
    auth: POLICY['audit.read'].roles,
    query: z.strictObject({ ...eventFilters, format: z.enum(['csv', 'xlsx']) }),
    errors: ['UNIT_NOT_FOUND', 'AUDIT_EXPORT_TOO_LARGE'],
    handler: async ({ ctx, query, res }) => {
      const rows = await collectAuditExport(ctx, {
        unitId: query.unit,
        type: query.type,
        actorUserId: query.actor,
        actorUsername: query.username,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      });
      const now = ctx.clock.now();
      const stamp = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const bytes = query.format === 'csv' ? renderAuditCsv(rows) : await renderAuditXlsx(rows, now);
      res.status(200);
      res.setHeader(
        'Content-Type',
        query.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      res.setHeader('Content-Length', String(bytes.length));
      res.setHeader('X-Row-Count', String(rows.length));
      res.setHeader(
        'Content-Disposition',
        contentDisposition(`nhat-ky-he-thong-${stamp}.${query.format}`, 'attachment'),
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(bytes);
    },
  });

  table.route({
    method: 'get',
    path: '/api/audit/events',
    tags: ['audit'],
    summary: 'Nhật ký hệ thống / Audit events',
    description:
      'Events of `unit` (default: the caller’s) and the units below it, newest first; filters by event type, ' +
      'actor (id or username) and period (`from` inclusive, `to` exclusive).',
    auth: POLICY['audit.read'].roles,
    query: z.strictObject({ ...eventFilters, limit, cursor }),
    response: z.object({ items: z.array(auditEvent), nextCursor: z.string().nullable() }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) =>
      listAuditEvents(ctx, {
        unitId: query.unit,
        type: query.type,
        actorUserId: query.actor,
        actorUsername: query.username,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/admin/audit/verify',
    tags: ['audit'],
    summary: 'Kiểm tra chuỗi nhật ký / Verify the audit chain',
    description:
      'Recomputes every link of the hash chain. `ok: false` names the first broken link (`firstBrokenSeq`) ' +
      'and why (SEQ_GAP, PREV_HASH_MISMATCH, HASH_MISMATCH, UNKEYED_AFTER_KEYED, KEY_UNKNOWN, ANCHOR_MISMATCH, ' +
      'TRUNCATED); links are HMACs under the audit key and the chain is checked against its anchors.',
    auth: POLICY['audit.verify'].roles,
    response: z.union([
      z.object({
        ok: z.literal(true),
        count: z.number(),
        headHash: z.string(),
        keyedFromSeq: z.number().nullable(),
        anchors: z.number(),
      }),
      z.object({
        ok: z.literal(false),
        count: z.number(),
        firstBrokenSeq: z.number(),
        reason: z.enum(AUDIT_CHAIN_BREAKS),
      }),
    ]),
    handler: async ({ ctx }) => verifyAuditChain(ctx.db),
  });
}
