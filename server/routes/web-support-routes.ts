import { z } from 'zod';
import { listSigners } from '../../workflows/documents/list-signers';
import type { RouteTable } from '../http/route-table';

/** Read-only lookups the web pages need beside the workflow routes. */
export function webSupportRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/signers',
    tags: ['outgoing'],
    summary: 'Người ký của đơn vị / Leaders who may sign',
    description:
      'The active leaders of the caller’s unit: the choices for `signerUserId` (người ký) of a draft, ' +
      'ordered by name.',
    auth: ['specialist', 'leader', 'clerk'],
    response: z.object({
      items: z.array(z.object({ id: z.uuid(), fullName: z.string(), title: z.string().nullable() })),
    }),
    handler: async ({ ctx }) => ({ items: await listSigners(ctx) }),
  });
}
