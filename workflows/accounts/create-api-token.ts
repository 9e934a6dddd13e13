import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccountError } from './account-error';
import { newSessionToken, sessionTokenHash } from './session-token';

export interface CreateApiTokenInput {
  /** What the integration is (shown in the token list). */
  readonly name: string;
  /** Default: one year from now; at most two years. */
  readonly expiresAt?: Date;
}

export interface CreatedApiToken {
  readonly id: string;
  readonly name: string;
  readonly expiresAt: Date;
  /** The bearer secret: returned this once, only its SHA-256 is stored. */
  readonly token: string;
}

const YEAR_MS = 365 * 24 * 3600_000;

/** A bearer token acting as the calling user (same unit and roles), for integrations. */
export async function createApiToken(
  ctx: DomainContext,
  input: CreateApiTokenInput,
): Promise<CreatedApiToken> {
  const name = typeof input.name === 'string' ? input.name.normalize('NFC').trim() : '';
  const now = ctx.clock.now();
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + YEAR_MS);
  if (!name || name.length > 100) {
    throw new AccountError('TOKEN_NAME_INVALID', {
      vi: 'Tên token phải có từ 1 đến 100 ký tự',
      en: 'A token name has 1 to 100 characters',
    });
  }
  if (
    !(expiresAt instanceof Date) ||
    Number.isNaN(expiresAt.getTime()) ||
    expiresAt <= now ||
    expiresAt.getTime() - now.getTime() > 2 * YEAR_MS
  ) {
    throw new AccountError('TOKEN_EXPIRY_INVALID', {
      vi: 'Thời hạn token phải trong tương lai và không quá 2 năm',
      en: 'A token must expire in the future and within two years',
    });
  }
  const token = newSessionToken();
  return ctx.db.transaction(async (m) => {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO sessions (user_id, token_hash, kind, name, created_at, expires_at, last_seen_at, ip, user_agent)
       VALUES ($1, $2, 'api', $3, $4, $5, $4, $6, $7) RETURNING id`,
      [
        ctx.actor.userId,
        sessionTokenHash(token),
        name,
        now,
        expiresAt,
        ctx.requestMetadata.ip ?? null,
        ctx.requestMetadata.userAgent?.slice(0, 500) ?? null,
      ],
    );
    const id = rows[0]!.id;
    await appendAuditEvent(m, ctx, {
      type: 'API_TOKEN_CREATED',
      payload: { tokenId: id, name, expiresAt: expiresAt.toISOString() },
    });
    return { id, name, expiresAt, token };
  });
}
