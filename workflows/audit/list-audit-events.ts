import type { DomainContext } from '../context';
import { authorize } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import { unitRepository } from '../directory/unit-repository';
import type { AuditRecord } from './audit-event';

export interface ListAuditEventsQuery {
  /** Events of this unit and the units below it. Default: the actor's unit. */
  readonly unitId?: string;
  readonly type?: string;
  readonly actorUserId?: string;
  /** The actor's username as recorded (exact, case-insensitive). */
  readonly actorUsername?: string;
  /** Inclusive lower bound of `occurredAt`. */
  readonly from?: Date;
  /** Exclusive upper bound of `occurredAt`. */
  readonly to?: Date;
  /** 1..500, default 100. */
  readonly limit?: number;
  /** `nextCursor` of the previous page (events are listed newest first). */
  readonly cursor?: string;
}

export interface AuditEventPage {
  readonly items: AuditRecord[];
  readonly nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Audit events of a unit and its subtree, newest first (auditors and admins of that unit or above;
 * another unit answers UNIT_NOT_FOUND). Events without a unit (failed logins of unknown usernames) are
 * listed for a root unit only.
 */
export async function listAuditEvents(
  ctx: DomainContext,
  query: ListAuditEventsQuery = {},
): Promise<AuditEventPage> {
  const unitId = query.unitId ?? ctx.actor.unitId;
  if (!UUID.test(unitId)) throw DirectoryError.notFound(unitId);
  await authorize(ctx.db, ctx.actor, 'audit.read', {
    unitId,
    notFound: () => DirectoryError.notFound(unitId),
  });
  const unit = await unitRepository.findById(ctx.db, unitId);
  if (!unit) throw DirectoryError.notFound(unitId);
  const limit = Math.min(500, Math.max(1, Math.trunc(query.limit ?? 100)));
  const params: unknown[] = [unitId];
  const where = [
    `(e.unit_id IN (SELECT id FROM subtree)${unit.parentId === null ? ' OR e.unit_id IS NULL' : ''})`,
  ];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (query.type) where.push(`e.type = ${p(query.type)}`);
  if (query.actorUserId) {
    if (!UUID.test(query.actorUserId)) return { items: [], nextCursor: null };
    where.push(`e.actor_user_id = ${p(query.actorUserId)}`);
  }
  if (query.actorUsername) where.push(`lower(e.actor_username) = lower(${p(query.actorUsername.trim())})`);
  if (query.from) where.push(`e.occurred_at >= ${p(query.from)}`);
  if (query.to) where.push(`e.occurred_at < ${p(query.to)}`);
  if (query.cursor) {
    const before = Number(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(before)) where.push(`e.seq < ${p(before)}`);
  }
  const rows: {
    seq: string;
    type: string;
    actor_user_id: string | null;
    actor_username: string | null;
    unit_id: string | null;
    occurred_at: Date;
    ip: string | null;
    user_agent: string | null;
    request_id: string | null;
    payload: Record<string, unknown>;
    prev_hash: string;
    hash: string;
  }[] = await ctx.db.query(
    `WITH RECURSIVE subtree(id, depth) AS (
       SELECT id, 0 FROM units WHERE id = $1
       UNION ALL SELECT u.id, s.depth + 1 FROM units u JOIN subtree s ON u.parent_id = s.id WHERE s.depth < 32
     )
     SELECT e.* FROM audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ${limit + 1}`,
    params,
  );
  const items: AuditRecord[] = rows.slice(0, limit).map((r) => ({
    seq: Number(r.seq),
    type: r.type,
    actorUserId: r.actor_user_id,
    actorUsername: r.actor_username,
    unitId: r.unit_id,
    occurredAt: r.occurred_at,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return {
    items,
    nextCursor:
      rows.length > limit ? Buffer.from(String(items[items.length - 1]!.seq)).toString('base64url') : null,
  };
}
