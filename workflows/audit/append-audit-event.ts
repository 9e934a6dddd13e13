import type { EntityManager } from 'typeorm';
import type { Actor, Clock, RequestMetadata } from '../context';
import type { AuditEvent } from './audit-event';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { currentAuditKey } from './audit-key';

/** Who and when, for an audit row. A DomainContext fits; system jobs pass `actor: null`. */
export interface AuditSource {
  readonly actor?: Pick<Actor, 'userId' | 'username' | 'unitId'> | null;
  readonly requestMetadata?: RequestMetadata;
  readonly clock: Clock;
}

/** Advisory lock key that serialises appends ("VBAUDIT" as an int8). */
export const AUDIT_CHAIN_LOCK = '24279696367962452';

/**
 * Appends one event to the hash-chained audit trail INSIDE the caller's transaction (`manager` must be a
 * transactional EntityManager, READ COMMITTED — PostgreSQL's default): the event commits or rolls back
 * with the state change it records. `pg_advisory_xact_lock` serialises concurrent appenders until their
 * commit, so the chain stays one line; seq numbers are gapless because they are not taken from a sequence.
 * The event's unit is `event.unitId` when given, else the actor's unit. The link is an HMAC under the
 * audit key (currentAuditKey) when the server set one, which it always does.
 */
export async function appendAuditEvent(
  manager: EntityManager,
  source: AuditSource,
  event: AuditEvent,
): Promise<{ seq: number; hash: string }> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAuditEvent must run inside the transaction of the change it records');
  }
  await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_CHAIN_LOCK]);
  const last: { seq: string; hash: string }[] = await manager.query(
    'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
  );
  const seq = last.length ? Number(last[0]!.seq) + 1 : 1;
  const prevHash = last.length ? last[0]!.hash : GENESIS_HASH;
  // Stored exactly as hashed: a JSON round trip drops undefined members and turns dates into strings.
  const payload = JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>;
  const row = {
    seq,
    prevHash,
    type: event.type,
    actorUserId: source.actor?.userId ?? null,
    actorUsername: source.actor?.username ?? null,
    unitId: event.unitId !== undefined ? event.unitId : (source.actor?.unitId ?? null),
    occurredAt: new Date(source.clock.now().getTime()),
    ip: source.requestMetadata?.ip ?? null,
    userAgent: source.requestMetadata?.userAgent ?? null,
    requestId: source.requestMetadata?.requestId ?? null,
    payload,
  };
  const key = currentAuditKey();
  const hash = auditHash(row, key);
  await manager.query(
    `INSERT INTO audit_events
       (seq, type, actor_user_id, actor_username, unit_id, occurred_at, ip, user_agent, request_id, payload,
        prev_hash, hash, key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13)`,
    [
      seq,
      row.type,
      row.actorUserId,
      row.actorUsername,
      row.unitId,
      row.occurredAt,
      row.ip,
      row.userAgent,
      row.requestId,
      JSON.stringify(payload),
      prevHash,
      hash,
      key?.id ?? null,
    ],
  );
  return { seq, hash };
}
