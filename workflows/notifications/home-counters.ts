import type { DomainContext, Role } from '../context';
import { vietnamDate } from '../directory/vietnam-date';
import { listOutgoing, type ListOutgoingInput } from '../documents/list-outgoing';
import { listIncoming, type ListIncomingQuery } from '../exchange/list-incoming';

/** The home page's counters (issue 14 item 10), in the order they are shown. */
export const HOME_COUNTERS = [
  'toSign',
  'toSeal',
  'toRegister',
  'toAssign',
  'overdue',
  'dueThisWeek',
] as const;
export type HomeCounterKey = (typeof HOME_COUNTERS)[number];

export interface HomeCounter {
  readonly key: HomeCounterKey;
  readonly count: number;
  /** The web list it counts (hash). */
  readonly link: string;
}

/** The Sunday ending the Vietnam week of `today` (YYYY-MM-DD). */
export function endOfWeek(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

type Source = { readonly outgoing: ListOutgoingInput } | { readonly incoming: ListIncomingQuery };

/**
 * Each counter is the length of the list it links to, computed by that list's own function (same access
 * predicates: a specialist's overdue are their own assignments, a leader's the unit's), page by page.
 */
async function countOf(ctx: DomainContext, source: Source): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page =
      'outgoing' in source
        ? await listOutgoing(ctx, { ...source.outgoing, limit: 200, cursor })
        : await listIncoming(ctx, { ...source.incoming, limit: 200, cursor });
    n += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

const has = (ctx: DomainContext, ...roles: Role[]) => ctx.actor.roles.some((r) => roles.includes(r));

/** The counters of the caller's roles: what waits for them, with the list each one opens. */
export async function homeCounters(ctx: DomainContext): Promise<{ items: HomeCounter[]; dueBy: string }> {
  const dueBy = endOfWeek(vietnamDate(ctx.clock.now()));
  const wanted: { key: HomeCounterKey; link: string; source: Source; when: boolean }[] = [
    { key: 'toSign', link: '#/review', source: { outgoing: { box: 'to_sign' } }, when: has(ctx, 'leader') },
    { key: 'toSeal', link: '#/seal', source: { outgoing: { box: 'to_number' } }, when: has(ctx, 'clerk') },
    {
      key: 'toRegister',
      link: '#/inbox?status=01',
      source: { incoming: { status: ['01'] } },
      when: has(ctx, 'clerk'),
    },
    {
      key: 'toAssign',
      link: '#/inbox?status=04',
      source: { incoming: { status: ['04'] } },
      when: has(ctx, 'leader'),
    },
    {
      key: 'overdue',
      link: '#/inbox?overdue=1',
      source: { incoming: { overdue: true } },
      when: has(ctx, 'leader', 'specialist'),
    },
    {
      key: 'dueThisWeek',
      link: `#/inbox?dueBy=${dueBy}`,
      source: { incoming: { dueBy } },
      when: has(ctx, 'leader', 'specialist'),
    },
  ];
  const items: HomeCounter[] = [];
  for (const c of wanted.filter((w) => w.when))
    items.push({ key: c.key, link: c.link, count: await countOf(ctx, c.source) });
  return { items, dueBy };
}
