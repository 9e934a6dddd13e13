import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccessError } from './access-error';
import { AccountError } from './account-error';
import { assertAdminsRemain } from './admin-guard';
import { authorize } from './authorize';
import type { User } from './user';
import { toUser, USER_COLUMNS, userRepository, type UserRow } from './user-repository';

const userNotFound = () =>
  new AccessError('USER_NOT_FOUND', { vi: 'Không tìm thấy tài khoản', en: 'User not found' });

/**
 * Locks an account (it can no longer log in; its web sessions and API tokens are revoked) or unlocks it
 * (it may log in again; a temporary lockout after failed logins is cleared too). Admins over the account's
 * unit; nobody locks their own account (USER_SELF_LOCK), nor the last active province admin
 * (LAST_PROVINCE_ADMIN). Locking a locked account changes nothing.
 */
export async function setUserLocked(
  ctx: DomainContext,
  input: { readonly userId: string; readonly locked: boolean },
): Promise<User> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const user = await userRepository.findById(m, input.userId);
    if (!user) throw userNotFound();
    await authorize(m, ctx.actor, 'accounts.manage', { unitId: user.unitId, notFound: userNotFound });
    if (input.locked && user.id === ctx.actor.userId) {
      throw new AccountError('USER_SELF_LOCK', {
        vi: 'Không thể tự khóa tài khoản của mình',
        en: 'You cannot lock your own account',
      });
    }
    if (input.locked ? !user.active : user.active && user.lockedUntil === null) return user;
    if (input.locked) await assertAdminsRemain(m, ctx.actor, user, { ...user, active: false });
    const rows: [UserRow[], number] = await m.query(
      `UPDATE users u SET active = $2, updated_at = $3,
              locked_until = CASE WHEN $2 THEN NULL ELSE u.locked_until END,
              failed_login_count = CASE WHEN $2 THEN 0 ELSE u.failed_login_count END
        WHERE u.id = $1 RETURNING ${USER_COLUMNS}`,
      [user.id, !input.locked, now],
    );
    let sessionsRevoked = 0;
    if (input.locked) {
      const [, n] = (await m.query(
        `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id, now],
      )) as [unknown, number];
      sessionsRevoked = n;
    }
    await appendAuditEvent(
      m,
      ctx,
      input.locked
        ? { type: 'USER_LOCKED', unitId: user.unitId, payload: { userId: user.id, sessionsRevoked } }
        : { type: 'USER_UNLOCKED', unitId: user.unitId, payload: { userId: user.id } },
    );
    return toUser(rows[0][0]!);
  });
}
