import type { DomainContext } from '../context';

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
  readonly revokedAt: Date | null;
}

/** The caller's own API tokens, newest first (never the secret). */
export async function listApiTokens(ctx: DomainContext): Promise<ApiTokenInfo[]> {
  const rows: {
    id: string;
    name: string | null;
    created_at: Date;
    expires_at: Date;
    last_seen_at: Date;
    revoked_at: Date | null;
  }[] = await ctx.db.query(
    `SELECT id, name, created_at, expires_at, last_seen_at, revoked_at FROM sessions
      WHERE user_id = $1 AND kind = 'api' ORDER BY created_at DESC, id LIMIT 200`,
    [ctx.actor.userId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  }));
}
