import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { verifyAuditChain } from '../../workflows/audit/verify-audit-chain';
import type { RouteTable } from '../http/route-table';

/** The audit trail: chain verification (and, once the audit module offers it, the event list). */
export function auditRoutes(table: RouteTable): void {
  table.route({
    method: 'post',
    path: '/api/admin/audit/verify',
    tags: ['audit'],
    summary: 'Kiểm tra chuỗi nhật ký / Verify the audit chain',
    description:
      'Recomputes every link of the hash chain. `ok: false` names the first broken link (`firstBrokenSeq`) ' +
      'and why (SEQ_GAP, PREV_HASH_MISMATCH, HASH_MISMATCH).',
    auth: POLICY['audit.verify'].roles,
    response: z.union([
      z.object({ ok: z.literal(true), count: z.number(), headHash: z.string() }),
      z.object({
        ok: z.literal(false),
        count: z.number(),
        firstBrokenSeq: z.number(),
        reason: z.enum(['SEQ_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH']),
      }),
    ]),
    handler: async ({ ctx }) => verifyAuditChain(ctx.db),
  });
}
