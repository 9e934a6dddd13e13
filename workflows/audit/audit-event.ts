import type { Role } from '../context';

/**
 * Payload of every audit event type. Later modules add theirs by declaration merging, e.g.
 *
 *   declare module '../audit/audit-event' {
 *     interface AuditEventPayloads { DOCUMENT_SENT: { documentId: string; recipients: string[] } }
 *   }
 *
 * Payloads are JSON: strings, numbers, booleans, null, arrays and plain objects (dates as ISO strings).
 * Never put secrets (passwords, tokens) in a payload.
 */
export interface AuditEventPayloads {
  USER_LOGGED_IN: { sessionId: string };
  USER_LOGIN_FAILED: { username: string; reason: 'LOGIN_FAILED' | 'LOGIN_LOCKED'; lockedUntil?: string };
  USER_LOCKED_OUT: { userId: string; lockedUntil: string };
  USER_LOGGED_OUT: { sessionId: string };
  USER_CREATED: { userId: string; username: string; unitId: string; roles: Role[] };
  USER_UPDATED: { userId: string; changes: Record<string, unknown> };
  USER_PASSWORD_SET: { userId: string; bySelf: boolean; sessionsRevoked: number };
  USER_PASSWORD_RESET: { userId: string; sessionsRevoked: number };
  USER_LOCKED: { userId: string; sessionsRevoked: number };
  USER_UNLOCKED: { userId: string };
  API_TOKEN_CREATED: { tokenId: string; name: string; expiresAt: string };
  API_TOKEN_REVOKED: { tokenId: string };
  UNIT_CREATED: { unitId: string; code: string; name: string; level: string; parentId: string | null };
  UNIT_RENAMED: { unitId: string; oldName: string; newName: string; effectiveOn: string };
  UNITS_MERGED: {
    sourceIds: string[];
    intoId: string;
    newUnit: boolean;
    effectiveOn: string;
    accountsMoved: number;
  };
  UNIT_DISSOLVED: {
    unitId: string;
    successorId: string;
    effectiveOn: string;
    childrenMoved: number;
    accountsMoved: number;
  };
  DEMO_PROVINCE_SEEDED: { rootUnitId: string; units: number; users: number };
}

export type AuditEventType = keyof AuditEventPayloads;

/** The discriminated union of audit events: `{ type: 'UNIT_RENAMED', payload: {...} } | ...`. */
export type AuditEvent = {
  [K in AuditEventType]: {
    readonly type: K;
    readonly payload: AuditEventPayloads[K];
    readonly unitId?: string | null;
  };
}[AuditEventType];

/** A stored audit event, as read back. */
export interface AuditRecord {
  readonly seq: number;
  readonly type: string;
  readonly actorUserId: string | null;
  readonly actorUsername: string | null;
  readonly unitId: string | null;
  readonly occurredAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly payload: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}
