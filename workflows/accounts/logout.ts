import type { DataSource } from 'typeorm';
import type { Clock, RequestMetadata } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { looksLikeSessionToken, sessionTokenHash } from './session-token';

/** Ends the web session (or API token) holding this secret. True when a live session was revoked. */
export async function logout(
  db: DataSource,
  clock: Clock,
  token: string,
  requestMetadata: RequestMetadata = {},
): Promise<boolean> {
  if (!looksLikeSessionToken(token)) return false;
  const now = clock.now();
  return db.transaction(async (m) => {
    const rows: { id: string; user_id: string; username: string; unit_id: string }[] = await m
      .query(
        `UPDATE sessions s SET revoked_at = $2 FROM users u
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.id = s.user_id
        RETURNING s.id, s.user_id, u.username, u.unit_id`,
        [sessionTokenHash(token), now],
      )
      .then((r: [typeof rows, number]) => r[0]);
    const s = rows[0];
    if (!s) return false;
    await appendAuditEvent(
      m,
      { actor: { userId: s.user_id, username: s.username, unitId: s.unit_id }, requestMetadata, clock },
      { type: 'USER_LOGGED_OUT', payload: { sessionId: s.id } },
    );
    return true;
  });
}
