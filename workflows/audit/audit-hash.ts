import { createHash, createHmac } from 'node:crypto';
import type { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  readonly seq: number;
  readonly prevHash: string;
  readonly type: string;
  readonly actorUserId: string | null;
  readonly actorUsername: string | null;
  readonly unitId: string | null;
  readonly occurredAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly payload: unknown;
}

/**
 * The link of an audit row, over the canonical JSON of every stored column except `hash`: with a key,
 * HMAC-SHA256 under it (the row's `key_id` is then part of what is signed); without one, plain SHA-256
 * (the rows written before the chain was keyed). Hex.
 */
export function auditHash(f: HashedFields, key?: AuditKey): string {
  const fields: Record<string, unknown> = {
    seq: f.seq,
    prevHash: f.prevHash,
    type: f.type,
    actor: { userId: f.actorUserId, username: f.actorUsername },
    unitId: f.unitId,
    time: f.occurredAt.toISOString(),
    ip: f.ip,
    userAgent: f.userAgent,
    requestId: f.requestId,
    payload: f.payload,
  };
  if (!key) return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
  return createHmac('sha256', key.secret)
    .update(canonicalJson({ ...fields, keyId: key.id }), 'utf8')
    .digest('hex');
}
