import { z } from 'zod';
import { HOME_COUNTERS, homeCounters } from '../../workflows/notifications/home-counters';
import type { RouteTable } from '../http/route-table';

/** The home page (issue 14 item 10): what waits for the caller, per role. */
export function homeRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/home/counters',
    tags: ['home'],
    summary: 'Việc cần làm / What waits for me',
    description:
      'Counters of the caller’s roles — toSign (leader), toSeal and toRegister (clerk), toAssign (leader), ' +
      'overdue and dueThisWeek (leader: the unit’s; specialist: their assignments) — each the length of ' +
      'the list at `link`, computed by that list’s own query and access rules. `dueBy`: the Sunday ending ' +
      'this week (Vietnam).',
    auth: 'authenticated',
    response: z.object({
      items: z.array(z.object({ key: z.enum(HOME_COUNTERS), count: z.number(), link: z.string() })),
      dueBy: z.string(),
    }),
    handler: async ({ ctx }) => homeCounters(ctx),
  });
}
