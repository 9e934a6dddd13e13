import type { DataSource } from 'typeorm';
import { queryPrepared } from '../../storage/db/prepared-query';
import type { Actor, Clock, Role } from '../context';
import { AccessError } from './access-error';
import { looksLikeSessionToken, sessionTokenHash } from './session-token';
import { SESSION_IDLE_MS } from './user';

export interface AuthenticatedSession {
  readonly actor: Actor;
  readonly sessionId: string;
  readonly kind: 'web' | 'api';
  readonly expiresAt: Date;
  /** Web sessions: when it ends if unused (slides on each request). API tokens: `expiresAt`. */
  readonly idleExpiresAt: Date;
  /** The account's password was reset by an admin and not yet changed (users.must_change_password). */
  readonly mustChangePassword: boolean;
}

/** last_seen_at is written at most once a minute per session: the idle timeout needs no finer grain. */
const TOUCH_EVERY_MS = 60_000;

/** What authentication reads of a session and its account (one row). */
export interface SessionRow {
  id: string;
  kind: 'web' | 'api';
  expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  user_id: string;
  username: string;
  unit_id: string;
  roles: Role[];
  active: boolean;
  /** Optional only so that hand-made rows of older tests still type-check; the query always reads it. */
  must_change_password?: boolean;
}

/**
 * Session rows read a moment ago, kept by token hash (server/http/session-cache.ts). `get` answers only
 * while the cache knows it is told of every change (else undefined); `set` keeps a row only if nothing
 * was invalidated since `generation` was read, before the row was fetched.
 */
export interface SessionRowCache {
  readonly generation: number;
  get(tokenHash: string): SessionRow | undefined;
  set(tokenHash: string, row: SessionRow, generation: number): void;
  delete(tokenHash: string): void;
}

const SESSION_QUERY = `SELECT s.id, s.kind, s.expires_at, s.last_seen_at, s.revoked_at, u.id AS user_id, u.username,
       u.unit_id, u.roles, u.active, u.must_change_password
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.token_hash = $1`;

/**
 * Resolves a session cookie value or bearer API token. Unknown, malformed or revoked tokens and
 * inactive accounts → null; a known token past its absolute expiry, or a web session idle for 8 hours →
 * SESSION_EXPIRED. Touches last_seen_at, which slides the idle timeout.
 *
 * With a `cache`, a row read a moment ago is used again (the cache is emptied whenever a session or an
 * account changes, see migration 1764500000000); an answer other than success from a cached row is
 * checked again against the database before it is given. Unknown tokens are never cached.
 */
export async function authenticateSession(
  db: DataSource,
  clock: Clock,
  token: string,
  cache?: SessionRowCache,
): Promise<AuthenticatedSession | null> {
  if (!looksLikeSessionToken(token)) return null;
  const hash = sessionTokenHash(token);
  // A row that demands a password change is never taken from the cache: the change that clears the flag
  // must take effect at once, not when its notification arrives.
  const cached = cache?.get(hash);
  if (cached && !cached.must_change_password) {
    try {
      const fromCache = await judge(db, clock, cached);
      if (fromCache) return fromCache;
    } catch (e) {
      if (!(e instanceof AccessError)) throw e;
    }
    // Revoked, inactive or expired by the cached row: say so only if the database says so too.
    cache!.delete(hash);
  }
  const generation = cache?.generation ?? 0;
  const s = (await queryPrepared<SessionRow>(db, SESSION_QUERY, [hash]))[0];
  if (!s) return null;
  const session = await judge(db, clock, s);
  if (session && !s.must_change_password) cache?.set(hash, s, generation);
  return session;
}

/** The session that row `s` grants now (touching it at most once a minute), null, or SESSION_EXPIRED. */
async function judge(db: DataSource, clock: Clock, s: SessionRow): Promise<AuthenticatedSession | null> {
  if (s.revoked_at || !s.active) return null;
  const now = clock.now();
  const idleEnd = s.kind === 'web' ? s.last_seen_at.getTime() + SESSION_IDLE_MS : Infinity;
  if (now >= s.expires_at || now.getTime() >= idleEnd) {
    throw new AccessError('SESSION_EXPIRED', {
      vi: 'Phiên làm việc đã hết hạn, vui lòng đăng nhập lại',
      en: 'The session has expired; please log in again',
    });
  }
  if (now.getTime() - s.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`, [s.id, now]);
    s.last_seen_at = now;
  }
  return {
    actor: { userId: s.user_id, username: s.username, unitId: s.unit_id, roles: s.roles },
    sessionId: s.id,
    kind: s.kind,
    expiresAt: s.expires_at,
    idleExpiresAt:
      s.kind === 'web'
        ? new Date(Math.min(s.expires_at.getTime(), now.getTime() + SESSION_IDLE_MS))
        : s.expires_at,
    mustChangePassword: s.must_change_password === true,
  };
}

/** The actor behind a session cookie or bearer token; see `authenticateSession`. */
export async function authenticate(db: DataSource, clock: Clock, token: string): Promise<Actor | null> {
  return (await authenticateSession(db, clock, token))?.actor ?? null;
}
