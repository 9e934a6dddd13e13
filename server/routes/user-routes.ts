import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { createUser } from '../../workflows/accounts/create-user';
import { getUser } from '../../workflows/accounts/get-user';
import { listUsers } from '../../workflows/accounts/list-users';
import { setUserLocked } from '../../workflows/accounts/lock-user';
import { resetPassword } from '../../workflows/accounts/reset-password';
import { updateUser } from '../../workflows/accounts/update-user';
import type { RouteTable } from '../http/route-table';
import { cursor, limit, role, userSchema, uuidParam } from './schemas';

/** An account as administrators see it: with its e-mail address and whether it must change its password. */
const adminUserSchema = userSchema.extend({
  email: z.string().nullable(),
  mustChangePassword: z
    .boolean()
    .describe('Set by a password reset: the user must choose a new password at the next login'),
});

const userErrors = ['USER_NOT_FOUND', 'FORBIDDEN'] as const;

/**
 * Accounts: read by admins and auditors of the unit or above, managed by admins of the unit or above (an
 * admin of a district manages its communes' accounts; the province-wide reach is the UBND tỉnh's). A unit
 * or account outside the caller's reach answers 404, never 403.
 */
export function userRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/users',
    tags: ['users'],
    summary: 'Tìm tài khoản / Search accounts',
    description:
      '`unit` defaults to the caller’s unit (`subtree=true`: and the units below it); a unit outside the ' +
      'caller’s reach answers 404. `q` matches part of the username, full name or e-mail; `role` and ' +
      '`state` filter. Pages of `limit` by username continue with `cursor` = the previous `nextCursor`.',
    auth: POLICY['accounts.read'].roles,
    query: z.strictObject({
      unit: z.uuid().optional(),
      subtree: z.enum(['true', 'false']).optional(),
      q: z.string().max(100).optional(),
      role: role.optional(),
      state: z.enum(['active', 'locked']).optional(),
      limit,
      cursor,
    }),
    response: z.object({ items: z.array(adminUserSchema), nextCursor: z.string().nullable() }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) =>
      listUsers(ctx, {
        unitId: query.unit,
        subtree: query.subtree === 'true',
        q: query.q,
        role: query.role,
        state: query.state,
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/users',
    tags: ['users'],
    summary: 'Tạo tài khoản / Create an account',
    auth: POLICY['accounts.manage'].roles,
    status: 201,
    body: z.strictObject({
      username: z.string().min(1).max(63),
      fullName: z.string().min(1).max(200),
      title: z.string().max(200).nullable().optional(),
      email: z.string().max(254).nullable().optional(),
      unitId: z.uuid(),
      roles: z.array(role).min(1).max(6),
      password: z.string().min(1).max(1000).optional(),
    }),
    response: adminUserSchema,
    errors: [
      'USERNAME_TAKEN',
      'USERNAME_INVALID',
      'FULL_NAME_INVALID',
      'EMAIL_INVALID',
      'PASSWORD_TOO_WEAK',
      'UNIT_NOT_FOUND',
      'UNIT_DISSOLVED',
    ],
    handler: async ({ ctx, body }) => createUser(ctx, body),
  });

  table.route({
    method: 'get',
    path: '/api/users/:id',
    tags: ['users'],
    summary: 'Thông tin tài khoản / One account',
    auth: 'authenticated',
    params: uuidParam,
    response: userSchema,
    errors: ['USER_NOT_FOUND'],
    handler: async ({ ctx, params }) => getUser(ctx, params.id),
  });

  table.route({
    method: 'patch',
    path: '/api/users/:id',
    tags: ['users'],
    summary: 'Sửa tài khoản / Edit an account',
    description:
      'Full name, title, e-mail (`null` or empty: none), unit (the admin must manage both units; an active ' +
      'unit), roles. Only the fields sent change; an audit event USER_UPDATED lists them. Your own admin ' +
      'role and unit stay (409 USER_SELF_DEMOTE); the last active admin of the province-level root unit ' +
      'keeps the role and the unit (409 LAST_PROVINCE_ADMIN).',
    auth: POLICY['accounts.manage'].roles,
    params: uuidParam,
    body: z.strictObject({
      fullName: z.string().min(1).max(200).optional(),
      title: z.string().max(200).nullable().optional(),
      email: z.string().max(254).nullable().optional(),
      unitId: z.uuid().optional(),
      roles: z.array(role).min(1).max(6).optional(),
    }),
    response: adminUserSchema,
    errors: [
      ...userErrors,
      'FULL_NAME_INVALID',
      'EMAIL_INVALID',
      'ROLE_INVALID',
      'UNIT_NOT_FOUND',
      'UNIT_DISSOLVED',
      'USER_SELF_DEMOTE',
      'LAST_PROVINCE_ADMIN',
    ],
    handler: async ({ ctx, params, body }) => updateUser(ctx, { userId: params.id, ...body }),
  });

  table.route({
    method: 'post',
    path: '/api/users/:id/lock',
    tags: ['users'],
    summary: 'Khóa tài khoản / Lock an account',
    description:
      'The account can no longer log in; its web sessions and API tokens are revoked at once. Your own ' +
      'account cannot be locked (409 USER_SELF_LOCK), nor the last active admin of the province-level ' +
      'root unit (409 LAST_PROVINCE_ADMIN).',
    auth: POLICY['accounts.manage'].roles,
    params: uuidParam,
    response: adminUserSchema,
    errors: [...userErrors, 'USER_SELF_LOCK', 'LAST_PROVINCE_ADMIN'],
    handler: async ({ ctx, params }) => setUserLocked(ctx, { userId: params.id, locked: true }),
  });

  table.route({
    method: 'post',
    path: '/api/users/:id/unlock',
    tags: ['users'],
    summary: 'Mở khóa tài khoản / Unlock an account',
    description: 'The account may log in again (a temporary lockout after failed logins is cleared too).',
    auth: POLICY['accounts.manage'].roles,
    params: uuidParam,
    response: adminUserSchema,
    errors: [...userErrors],
    handler: async ({ ctx, params }) => setUserLocked(ctx, { userId: params.id, locked: false }),
  });

  table.route({
    method: 'post',
    path: '/api/users/:id/reset-password',
    tags: ['users'],
    summary: 'Cấp lại mật khẩu / Reset a password',
    description:
      'Returns a one-time password this once (only its hash is stored). The account’s web sessions end and ' +
      'at the next login it must choose its own password (`mustChangePassword` in the login answer). Your ' +
      'own password is changed with POST /api/me/password instead (409 USER_SELF_RESET).',
    auth: POLICY['accounts.manage'].roles,
    params: uuidParam,
    response: z.object({ oneTimePassword: z.string() }),
    errors: [...userErrors, 'USER_SELF_RESET'],
    handler: async ({ ctx, params, res }) => {
      res.set('Cache-Control', 'no-store');
      return resetPassword(ctx, { userId: params.id });
    },
  });
}
