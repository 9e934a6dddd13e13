import type { EntityManager } from 'typeorm';
import type { Actor, Role } from '../context';
import { AccountError } from './account-error';
import type { User } from './user';

/**
 * Guards against an administration change that would leave nobody able to administer (issue 14 item
 * 12): an admin does not remove their own admin role, lock or deactivate themselves, or move their own
 * account to another unit — their reach is their unit's subtree, so a move could only shrink it or put
 * them outside it (409 USER_SELF_DEMOTE); and the last active admin of the province-level root unit is
 * neither locked, deactivated, demoted nor moved away (409 LAST_PROVINCE_ADMIN).
 *
 * `after` describes the account as the change would leave it. Call inside the change's transaction:
 * the active province admins are locked FOR UPDATE, so two admins demoting each other at the same time
 * cannot both succeed.
 */
export async function assertAdminsRemain(
  m: EntityManager,
  actor: Actor,
  user: User,
  after: { readonly roles: readonly Role[]; readonly active: boolean; readonly unitId: string },
): Promise<void> {
  const wasAdmin = user.active && user.roles.includes('admin');
  const staysAdmin = after.active && after.roles.includes('admin');
  if (user.id === actor.userId) {
    if ((wasAdmin && !staysAdmin) || after.unitId !== user.unitId) {
      throw new AccountError('USER_SELF_DEMOTE', {
        vi: 'Không thể tự bỏ quyền quản trị, tự vô hiệu hóa hoặc tự chuyển tài khoản của mình sang đơn vị khác',
        en: 'You cannot remove your own admin role, deactivate your own account or move it to another unit',
      });
    }
  }
  if (!wasAdmin || (staysAdmin && after.unitId === user.unitId)) return;
  const admins = (await m.query(
    `SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id
      WHERE u.active AND 'admin' = ANY(u.roles) AND n.parent_id IS NULL AND n.level = 'province'
      ORDER BY u.id FOR UPDATE OF u`,
  )) as { id: string }[];
  if (!admins.some((a) => a.id === user.id)) return;
  const remainsInProvince = staysAdmin && (await isProvinceRoot(m, after.unitId));
  if (!remainsInProvince && admins.length <= 1) {
    throw new AccountError(
      'LAST_PROVINCE_ADMIN',
      {
        vi: 'Đây là quản trị viên cấp tỉnh cuối cùng còn hoạt động; hãy cấp quyền quản trị cho tài khoản khác trước',
        en: 'This is the last active province administrator; give another account the admin role first',
      },
      { userId: user.id },
    );
  }
}

async function isProvinceRoot(m: EntityManager, unitId: string): Promise<boolean> {
  const rows = (await m.query(
    `SELECT 1 FROM units WHERE id = $1 AND parent_id IS NULL AND level = 'province'`,
    [unitId],
  )) as unknown[];
  return rows.length > 0;
}
