import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { listAuditEvents } from '../../workflows/audit/list-audit-events';
import { AUDIT_CHAIN_BREAKS, verifyAuditChain } from '../../workflows/audit/verify-audit-chain';
import type { RouteTable } from '../http/route-table';
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

/** The audit trail: events of a unit and below, and verification of the whole hash chain. */
export function auditRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/audit/events',
    tags: ['audit'],
    summary: 'Nhật ký hệ thống / Audit events',
    description:
      'Events of `unit` (default: the caller’s) and the units below it, newest first; filters by event type, ' +
      'actor (id or username) and period (`from` inclusive, `to` exclusive).',
    auth: POLICY['audit.read'].roles,
    query: z.strictObject({
      unit: z.uuid().optional(),
      type: z.string().max(64).optional(),
      actor: z.uuid().optional(),
      username: z.string().trim().min(1).max(100).optional().describe('The actor’s username (exact)'),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      limit,
      cursor,
    }),
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
