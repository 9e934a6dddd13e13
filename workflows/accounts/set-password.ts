import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccessError } from './access-error';
import { AccountError } from './account-error';
import { assertPassword } from './account-rules';
import { authorize } from './authorize';
import { hashPassword, verifyPassword } from './password-hash';

export interface SetPasswordInput {
  readonly userId: string;
  readonly password: string;
  /** Required when users change their own password. */
  readonly currentPassword?: string;
  /** The web session the change was made in, kept open when users change their own password. */
  readonly keepSessionId?: string;
}

const userNotFound = () =>
  new AccessError('USER_NOT_FOUND', { vi: 'Không tìm thấy tài khoản', en: 'User not found' });

/**
 * Changes a password: one's own (with the current password), or any account of a unit the acting admin
 * manages (a reset; also clears a lockout). Other web sessions of the account end; API tokens stay.
 */
export async function setPassword(ctx: DomainContext, input: SetPasswordInput): Promise<void> {
  const self = input.userId === ctx.actor.userId;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (m) => {
    const rows: { id: string; username: string; unit_id: string; password_hash: string | null }[] =
      /^[0-9a-f-]{36}$/i.test(input.userId)
        ? await m.query(`SELECT id, username, unit_id, password_hash FROM users WHERE id = $1 FOR UPDATE`, [
            input.userId,
          ])
        : [];
    const user = rows[0];
    if (!user) throw userNotFound();
    if (self) {
      const ok =
        user.password_hash !== null &&
        (await verifyPassword(input.currentPassword ?? '', user.password_hash));
      if (!ok) {
        throw new AccountError('PASSWORD_INCORRECT', {
          vi: 'Mật khẩu hiện tại không đúng',
          en: 'The current password is wrong',
        });
      }
    } else {
      await authorize(m, ctx.actor, 'accounts.manage', { unitId: user.unit_id, notFound: userNotFound });
    }
    const hash = await hashPassword(assertPassword(input.password, user.username));
    await m.query(
      `UPDATE users SET password_hash = $2, failed_login_count = 0, locked_until = NULL, updated_at = $3,
         must_change_password = NOT $4 WHERE id = $1`,
      [user.id, hash, now, self],
    );
    const [, revoked] = (await m.query(
      `UPDATE sessions SET revoked_at = $2
       WHERE user_id = $1 AND kind = 'web' AND revoked_at IS NULL AND ($3::text IS NULL OR id::text <> $3)`,
      [user.id, now, self ? (input.keepSessionId ?? null) : null],
    )) as [unknown, number];
    await appendAuditEvent(m, ctx, {
      type: 'USER_PASSWORD_SET',
      unitId: user.unit_id,
      payload: { userId: user.id, bySelf: self, sessionsRevoked: revoked },
    });
  });
}
