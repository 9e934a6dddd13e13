import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { createUser } from '../../workflows/accounts/create-user';
import { getUser } from '../../workflows/accounts/get-user';
import { listUsers } from '../../workflows/accounts/list-users';
import type { RouteTable } from '../http/route-table';
import { cursor, limit, role, userSchema, uuidParam } from './schemas';

/** Accounts: read by admins and auditors of the unit or above, managed by admins. */
export function userRoutes(table: RouteTable): void {
  table.route({
    method: 'get',
    path: '/api/users',
    tags: ['users'],
    summary: 'Danh sách tài khoản của một đơn vị / Accounts of a unit',
    description: '`unit` defaults to the caller’s unit; a unit outside the caller’s reach answers 404.',
    auth: POLICY['accounts.read'].roles,
    query: z.strictObject({ unit: z.uuid().optional(), q: z.string().max(100).optional(), limit, cursor }),
    response: z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) =>
      listUsers(ctx, { unitId: query.unit, q: query.q, limit: query.limit, cursor: query.cursor }),
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
      unitId: z.uuid(),
      roles: z.array(role).min(1).max(6),
      password: z.string().min(1).max(1000).optional(),
    }),
    response: userSchema,
    errors: ['USERNAME_TAKEN', 'UNIT_NOT_FOUND'],
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
}
