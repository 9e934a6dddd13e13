import { randomInt } from 'node:crypto';
import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccessError } from './access-error';
import { AccountError } from './account-error';
import { assertPassword } from './account-rules';
import { authorize } from './authorize';
import { hashPassword } from './password-hash';
import { userRepository } from './user-repository';

const userNotFound = () =>
  new AccessError('USER_NOT_FOUND', { vi: 'Không tìm thấy tài khoản', en: 'User not found' });

/** No 0/O, 1/l/I: the password is read off a screen and typed. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 random characters in four groups (about 92 bits), e.g. `k7Qm-x2Pa-Hn4r-T9wc`. */
export function oneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/**
 * An admin's password reset: a fresh one-time password, returned this once and stored only as its scrypt
 * hash; the account must choose its own password at the next login (`mustChangePassword`). Its web
 * sessions end and a lockout after failed logins is cleared; API tokens stay. Admins over the account's
 * unit; one's own password is changed with the current one instead (USER_SELF_RESET).
 */
export async function resetPassword(
  ctx: DomainContext,
  input: { readonly userId: string },
): Promise<{ readonly oneTimePassword: string }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const user = await userRepository.findById(m, input.userId);
    if (!user) throw userNotFound();
    await authorize(m, ctx.actor, 'accounts.manage', { unitId: user.unitId, notFound: userNotFound });
    if (user.id === ctx.actor.userId) {
      throw new AccountError('USER_SELF_RESET', {
        vi: 'Đổi mật khẩu của chính bạn tại trang Tài khoản (cần mật khẩu hiện tại)',
        en: 'Change your own password on the account page (the current password is needed)',
      });
    }
    let password = oneTimePassword();
    for (;;) {
      try {
        assertPassword(password, user.username);
        break;
      } catch {
        password = oneTimePassword();
      }
    }
    const hash = await hashPassword(password);
    await m.query(
      `UPDATE users SET password_hash = $2, must_change_password = true, failed_login_count = 0,
              locked_until = NULL, updated_at = $3 WHERE id = $1`,
      [user.id, hash, now],
    );
    const [, revoked] = (await m.query(
      `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND kind = 'web' AND revoked_at IS NULL`,
      [user.id, now],
    )) as [unknown, number];
    await appendAuditEvent(m, ctx, {
      type: 'USER_PASSWORD_RESET',
      unitId: user.unitId,
      payload: { userId: user.id, sessionsRevoked: revoked },
    });
    return { oneTimePassword: password };
  });
}
