import type { DomainContext, Role } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { DirectoryError } from '../directory/directory-error';
import { isActiveOn } from '../directory/unit';
import { unitRepository } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import { AccessError } from './access-error';
import { assertEmail, assertFullName, assertRoles } from './account-rules';
import { assertAdminsRemain } from './admin-guard';
import { authorize } from './authorize';
import type { User } from './user';
import { toUser, USER_COLUMNS, userRepository, type UserRow } from './user-repository';

export interface UpdateUserInput {
  readonly userId: string;
  readonly fullName?: string;
  readonly title?: string | null;
  /** '' or null: no e-mail notifications. */
  readonly email?: string | null;
  readonly roles?: readonly Role[];
  /** false: the account can no longer log in and its sessions stop authenticating. */
  readonly active?: boolean;
  /** Move the account to another unit (the admin must manage both). */
  readonly unitId?: string;
}

const userNotFound = () =>
  new AccessError('USER_NOT_FOUND', { vi: 'Không tìm thấy tài khoản', en: 'User not found' });

/**
 * Changes an account's name, title, roles, unit or active flag (admins over the account's unit). An admin
 * keeps their own admin role, activity and unit (USER_SELF_DEMOTE); the last active province admin stays
 * one (LAST_PROVINCE_ADMIN), see admin-guard.ts.
 */
export async function updateUser(ctx: DomainContext, input: UpdateUserInput): Promise<User> {
  const fullName = input.fullName === undefined ? undefined : assertFullName(input.fullName);
  const roles = input.roles === undefined ? undefined : assertRoles(input.roles);
  const email = input.email === undefined ? undefined : assertEmail(input.email);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const user = await userRepository.findById(m, input.userId);
    if (!user) throw userNotFound();
    await authorize(m, ctx.actor, 'accounts.manage', { unitId: user.unitId, notFound: userNotFound });
    if (input.unitId !== undefined && input.unitId !== user.unitId) {
      const unit = await unitRepository.findById(m, input.unitId);
      if (!unit) throw DirectoryError.notFound(input.unitId);
      await authorize(m, ctx.actor, 'accounts.manage', {
        unitId: unit.id,
        notFound: () => DirectoryError.notFound(unit.id),
      });
      if (!isActiveOn(unit, vietnamDate(now))) throw DirectoryError.dissolved(unit.id, unit.validTo ?? '');
    }
    const changes: Record<string, unknown> = {};
    if (fullName !== undefined && fullName !== user.fullName) changes.fullName = fullName;
    if (input.title !== undefined && (input.title?.trim() || null) !== user.title)
      changes.title = input.title?.trim() || null;
    if (roles !== undefined && [...roles].sort().join() !== [...user.roles].sort().join())
      changes.roles = roles;
    if (email !== undefined && email !== user.email) changes.email = email;
    if (input.active !== undefined && input.active !== user.active) changes.active = input.active;
    if (input.unitId !== undefined && input.unitId !== user.unitId) changes.unitId = input.unitId;
    if (Object.keys(changes).length === 0) return user;
    await assertAdminsRemain(m, ctx.actor, user, {
      roles: (changes.roles as Role[] | undefined) ?? user.roles,
      active: (changes.active as boolean | undefined) ?? user.active,
      unitId: (changes.unitId as string | undefined) ?? user.unitId,
    });
    const rows: [UserRow[], number] = await m.query(
      `UPDATE users u SET full_name = $2, title = $3, roles = $4::text[], active = $5, unit_id = $6, updated_at = $7,
              email = $8
        WHERE u.id = $1 RETURNING ${USER_COLUMNS}`,
      [
        user.id,
        changes.fullName ?? user.fullName,
        'title' in changes ? changes.title : user.title,
        changes.roles ?? user.roles,
        changes.active ?? user.active,
        changes.unitId ?? user.unitId,
        now,
        'email' in changes ? changes.email : user.email,
      ],
    );
    await appendAuditEvent(m, ctx, {
      type: 'USER_UPDATED',
      unitId: user.unitId,
      payload: { userId: user.id, changes },
    });
    return toUser(rows[0][0]!);
  });
}
