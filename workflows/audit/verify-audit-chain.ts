import type { DataSource } from 'typeorm';
import { anchorImprint, defaultAuditAnchors, type AuditAnchor } from './audit-anchor';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { currentAuditKey, type AuditKey } from './audit-key';

export type AuditChainBreak =
  | 'SEQ_GAP'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'UNKEYED_AFTER_KEYED'
  | 'KEY_UNKNOWN'
  | 'ANCHOR_MISMATCH'
  | 'TRUNCATED';

export const AUDIT_CHAIN_BREAKS: readonly AuditChainBreak[] = [
  'SEQ_GAP',
  'PREV_HASH_MISMATCH',
  'HASH_MISMATCH',
  'UNKEYED_AFTER_KEYED',
  'KEY_UNKNOWN',
  'ANCHOR_MISMATCH',
  'TRUNCATED',
];

export type AuditChainVerdict =
  | {
      readonly ok: true;
      readonly count: number;
      readonly headHash: string;
      /** First row of the keyed chain (null: none keyed yet). */
      readonly keyedFromSeq: number | null;
      /** Anchors checked (copies of the head kept outside the database). */
      readonly anchors: number;
    }
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
  key_id: string | null;
}

/**
 * Walks the whole audit trail in seq order (keyset pages of 2,000 rows) and recomputes every link:
 * seq must run 1, 2, 3, ...; each `prev_hash` must equal the previous row's `hash`; each `hash` must
 * equal the HMAC under the audit key for keyed rows (their `key_id` must be the key's), or SHA-256 for
 * the unkeyed rows that came before the chain was keyed — no unkeyed row may follow a keyed one. Then
 * every anchor (head copies kept outside the database) must match: its row present with its hash (rows
 * cut off the end: TRUNCATED), and the keyed chain starting no later than it said. Returns the first
 * broken link.
 */
export async function verifyAuditChain(
  db: DataSource,
  o: { readonly key?: AuditKey; readonly anchors?: readonly AuditAnchor[] } = {},
): Promise<AuditChainVerdict> {
  const key = 'key' in o ? o.key : currentAuditKey();
  const anchors = o.anchors ?? defaultAuditAnchors();
  const anchorsAt = new Map<number, AuditAnchor[]>();
  for (const a of anchors) anchorsAt.set(a.seq, [...(anchorsAt.get(a.seq) ?? []), a]);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let keyedFromSeq: number | null = null;
  const broken = (seq: number, reason: AuditChainBreak): AuditChainVerdict => ({
    ok: false,
    count,
    firstBrokenSeq: seq,
    reason,
  });
  for (;;) {
    const rows: Row[] = await db.query(
      `SELECT seq, type, actor_user_id, actor_username, unit_id, occurred_at, ip, user_agent, request_id,
              payload, prev_hash, hash, key_id
         FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT 2000`,
      [expectedSeq],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return broken(expectedSeq, 'SEQ_GAP');
      if (r.prev_hash !== prevHash) return broken(seq, 'PREV_HASH_MISMATCH');
      if (r.key_id === null && keyedFromSeq !== null) return broken(seq, 'UNKEYED_AFTER_KEYED');
      if (r.key_id !== null && r.key_id !== key?.id) return broken(seq, 'KEY_UNKNOWN');
      const recomputed = auditHash(
        {
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
        },
        r.key_id === null ? undefined : key,
      );
      if (recomputed !== r.hash) return broken(seq, 'HASH_MISMATCH');
      if (r.key_id !== null) keyedFromSeq ??= seq;
      for (const a of anchorsAt.get(seq) ?? []) {
        const keyedLater =
          a.keyedFromSeq !== null && (keyedFromSeq === null || keyedFromSeq > a.keyedFromSeq);
        if (a.hash !== r.hash || keyedLater || anchorImprint(a) !== a.imprint) {
          return broken(seq, 'ANCHOR_MISMATCH');
        }
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
  const beyond = anchors.filter((a) => a.seq > count);
  if (beyond.length > 0) return broken(count + 1, 'TRUNCATED');
  return { ok: true, count, headHash: prevHash, keyedFromSeq, anchors: anchors.length };
}
