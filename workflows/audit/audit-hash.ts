import { createHash } from 'node:crypto';
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

/** SHA-256 (hex) over the canonical JSON of every stored column of an audit row except `hash`. */
export function auditHash(f: HashedFields): string {
  const text = canonicalJson({
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
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
