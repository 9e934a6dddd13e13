import type { DomainContext, Role } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { DirectoryError } from '../directory/directory-error';
import { isActiveOn } from '../directory/unit';
import { unitRepository } from '../directory/unit-repository';
import { vietnamDate } from '../directory/vietnam-date';
import { AccountError } from './account-error';
import { assertEmail, assertFullName, assertPassword, assertRoles, assertUsername } from './account-rules';
import { authorize } from './authorize';
import { hashPassword } from './password-hash';
import type { User } from './user';
import { toUser, USER_COLUMNS, type UserRow } from './user-repository';

export interface CreateUserInput {
  readonly username: string;
  readonly fullName: string;
  readonly title?: string | null;
  readonly unitId: string;
  readonly roles: readonly Role[];
  /** For e-mail notifications; omitted or '': none. */
  readonly email?: string | null;
  /** Initial password; omitted: the account cannot log in until an admin sets one. */
  readonly password?: string;
}

/** Creates an account in a unit the acting admin manages (own unit and below; UBND tỉnh admin: all). */
export async function createUser(ctx: DomainContext, input: CreateUserInput): Promise<User> {
  const username = assertUsername(input.username);
  const fullName = assertFullName(input.fullName);
  const roles = assertRoles(input.roles);
  const title = input.title?.trim() || null;
  const email = input.email === undefined ? null : assertEmail(input.email);
  const passwordHash =
    input.password === undefined ? null : await hashPassword(assertPassword(input.password, username));
  const now = ctx.clock.now();

  return ctx.db.transaction(async (m) => {
    const unit = await unitRepository.findById(m, input.unitId);
    if (!unit) throw DirectoryError.notFound(input.unitId);
    await authorize(m, ctx.actor, 'accounts.manage', {
      unitId: unit.id,
      notFound: () => DirectoryError.notFound(unit.id),
    });
    if (!isActiveOn(unit, vietnamDate(now))) throw DirectoryError.dissolved(unit.id, unit.validTo ?? '');
    let rows: UserRow[];
    try {
      rows = await m.query(
        `INSERT INTO users AS u (username, full_name, title, unit_id, roles, password_hash, created_at, updated_at, email)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $7, $8) RETURNING ${USER_COLUMNS}`,
        [username, fullName, title, unit.id, roles, passwordHash, now, email],
      );
    } catch (e) {
      if ((e as { constraint?: string }).constraint === 'users_username_key') {
        throw new AccountError(
          'USERNAME_TAKEN',
          { vi: `Tên đăng nhập ${username} đã được dùng`, en: `Username ${username} is already taken` },
          { username },
        );
      }
      throw e;
    }
    const user = toUser(rows[0]!);
    await appendAuditEvent(m, ctx, {
      type: 'USER_CREATED',
      unitId: unit.id,
      payload: { userId: user.id, username, unitId: unit.id, roles },
    });
    return user;
  });
}
