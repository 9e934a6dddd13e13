import type { DomainContext } from '../context';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import { vietnamDate } from '../directory/vietnam-date';
import { INCOMING_READERS, readsWholeInbox } from './incoming-readers';

export interface IncomingSummary {
  readonly unitId: string;
  /** Documents per current status code. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Urgent documents that arrived and wait for the clerk (01). */
  readonly urgentWaiting: number;
  /** In progress past their deadline. */
  readonly overdue: number;
  /** Recall requests (13) waiting for an answer. */
  readonly recallPending: number;
  /** In progress and assigned to the caller. */
  readonly assignedToMe: number;
}

/**
 * The counters of an inbox (tabs and dashboard): one aggregate query over the unit's incoming
 * documents, with the same visibility as listIncoming (a specialist-only account counts its own).
 */
export async function incomingSummary(
  ctx: DomainContext,
  input: { readonly unitId?: string } = {},
): Promise<IncomingSummary> {
  const { actor } = ctx;
  assertRole(actor, ...INCOMING_READERS);
  const unitId = input.unitId ?? actor.unitId;
  if (!(await isSameUnitOrAncestor(ctx.db, actor, unitId))) throw DirectoryError.notFound(unitId);
  const rows: {
    status_code: string;
    n: number;
    urgent_waiting: number;
    overdue: number;
    recall_pending: number;
    mine: number;
  }[] = await ctx.db.query(
    `SELECT status_code, count(*)::int AS n,
       count(*) FILTER (WHERE urgent AND status_code = '01')::int AS urgent_waiting,
       count(*) FILTER (WHERE status_code = '05' AND deadline < $3::date)::int AS overdue,
       count(*) FILTER (WHERE recall_code = '13')::int AS recall_pending,
       count(*) FILTER (WHERE status_code = '05' AND assignee_user_ids @> ARRAY[$2::uuid])::int AS mine
     FROM incoming_documents
     WHERE recipient_unit_id = $1 AND ($4 OR assignee_user_ids @> ARRAY[$2::uuid])
     GROUP BY status_code`,
    [unitId, actor.userId, vietnamDate(ctx.clock.now()), readsWholeInbox(actor)],
  );
  const sum = (k: 'urgent_waiting' | 'overdue' | 'recall_pending' | 'mine') =>
    rows.reduce((a, r) => a + r[k], 0);
  return {
    unitId,
    byStatus: Object.fromEntries(rows.map((r) => [r.status_code, r.n])),
    urgentWaiting: sum('urgent_waiting'),
    overdue: sum('overdue'),
    recallPending: sum('recall_pending'),
    assignedToMe: sum('mine'),
  };
}
