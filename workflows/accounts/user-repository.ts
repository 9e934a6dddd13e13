import type { Role } from '../context';
import type { Queryable } from '../directory/unit-repository';
import type { User } from './user';

export const USER_COLUMNS = `u.id, u.username, u.full_name, u.title, u.unit_id, u.roles, u.active, u.locked_until,
  u.email, u.must_change_password, u.created_at, u.updated_at`;

export interface UserRow {
  id: string;
  username: string;
  full_name: string;
  title: string | null;
  unit_id: string;
  roles: Role[];
  active: boolean;
  locked_until: Date | null;
  email: string | null;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    title: r.title,
    unitId: r.unit_id,
    roles: r.roles,
    active: r.active,
    lockedUntil: r.locked_until,
    email: r.email,
    mustChangePassword: r.must_change_password,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL for accounts; returns plain objects (the password hash only where login needs it). */
export const userRepository = {
  async findById(q: Queryable, id: string): Promise<User | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: UserRow[] = await q.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return rows[0] && toUser(rows[0]);
  },

  async findForLogin(
    q: Queryable,
    username: string,
  ): Promise<(User & { passwordHash: string | null; failedLoginCount: number }) | undefined> {
    const rows: (UserRow & { password_hash: string | null; failed_login_count: number })[] = await q.query(
      `SELECT ${USER_COLUMNS}, u.password_hash, u.failed_login_count FROM users u WHERE u.username = $1 FOR UPDATE`,
      [username],
    );
    const r = rows[0];
    return r && { ...toUser(r), passwordHash: r.password_hash, failedLoginCount: r.failed_login_count };
  },
};
