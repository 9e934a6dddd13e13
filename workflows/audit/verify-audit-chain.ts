import type { DataSource } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';

export type AuditChainBreak = 'SEQ_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export type AuditChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | {
      readonly ok: false;
      readonly count: number;
      readonly firstBrokenSeq: number;
      readonly reason: AuditChainBreak;
    };

interface Row {
  seq: string;
  type: string;
  actor_user_id: string | null;
  actor_username: string | null;
  unit_id: string | null;
  occurred_at: Date;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  payload: unknown;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the whole audit trail in seq order (keyset pages of 2,000 rows) and recomputes every link:
 * seq must run 1, 2, 3, ...; each `prev_hash` must equal the previous row's `hash`; each `hash` must
 * equal SHA-256 of the row's canonical JSON. Returns the first broken link. A chain cannot show that
 * rows were cut off its end: compare `headHash` with a copy kept elsewhere for that.
 */
export async function verifyAuditChain(db: DataSource): Promise<AuditChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT seq, type, actor_user_id, actor_username, unit_id, occurred_at, ip, user_agent, request_id,
              payload, prev_hash, hash
         FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT 2000`,
      [expectedSeq],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, count, firstBrokenSeq: expectedSeq, reason: 'SEQ_GAP' };
      if (r.prev_hash !== prevHash)
        return { ok: false, count, firstBrokenSeq: seq, reason: 'PREV_HASH_MISMATCH' };
      const recomputed = auditHash({
        seq,
        prevHash: r.prev_hash,
        type: r.type,
        actorUserId: r.actor_user_id,
        actorUsername: r.actor_username,
        unitId: r.unit_id,
        occurredAt: r.occurred_at,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
        payload: r.payload,
      });
      if (recomputed !== r.hash) return { ok: false, count, firstBrokenSeq: seq, reason: 'HASH_MISMATCH' };
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
  return { ok: true, count, headHash: prevHash };
}
