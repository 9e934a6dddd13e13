import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { getFixityCoverageFor } from '../../workflows/archive/fixity';
import type { RouteTable } from '../http/route-table';

const run = z.object({
  id: z.uuid(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z
    .enum(['running', 'finished', 'crashed', 'incomplete'])
    .describe('A run without its finish is crashed or incomplete, never finished'),
  objectsTotal: z.number(),
  objectsChecked: z.number(),
  bytesChecked: z.number(),
  failures: z.number(),
  resumedFrom: z.uuid().nullable(),
  error: z.string().nullable(),
});

const failure = z.object({
  objectId: z.uuid().nullable(),
  recordId: z.uuid().nullable(),
  sha256: z.string().nullable(),
  event: z.enum(['mismatch', 'missing', 'read-refused']),
  repaired: z.boolean(),
  occurredAt: z.string(),
  runId: z.uuid().nullable(),
});

/** Fixity coverage of the archival objects (issue 11 item 5; docs/archive.md, "Fixity"). */
export function fixityRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/archive/fixity',
    tags: ['archive'],
    summary: 'Kiểm tra toàn vẹn lưu trữ / Archive fixity coverage',
    description:
      'Archival objects checked in the last `days` (default 30), never checked, failing; the last 20 ' +
      'failures (mismatch, missing, reads refused, and whether a replica repaired them) and the last 10 runs ' +
      'of the fixity checker. A run whose process died without finishing shows as crashed or incomplete. ' +
      "Scoped to the caller's units: an archivist or auditor sees the objects (and failures) of the archival " +
      'records of their unit and the units below it; an admin and the province unit (the province archive) ' +
      'see every object (`scope`). The runs are the one checker’s, province-wide.',
    auth: POLICY['archive.fixity.read'].roles,
    query: z.strictObject({ days: z.coerce.number().int().min(1).max(3650).optional() }),
    response: z.object({
      days: z.number(),
      scope: z
        .enum(['province', 'units'])
        .describe("province: every archival object; units: the caller's unit and the units below it"),
      totalObjects: z.number(),
      totalBytes: z.number(),
      checkedWithinDays: z.number(),
      neverChecked: z.number(),
      failing: z.number(),
      lastFailures: z.array(failure),
      runs: z.array(run),
    }),
    handler: async ({ ctx, query }) => getFixityCoverageFor(ctx, query.days ?? 30),
  });
}
