import { z } from 'zod';
import { setPassword } from '../../workflows/accounts/set-password';
import type { RouteTable } from '../http/route-table';
import { requestState } from '../http/request-state';

/** Every user changes their own password (issue 14 item 12). */
export function passwordRoutes(table: RouteTable): void {
  table.route({
    method: 'post',
    path: '/api/me/password',
    tags: ['auth'],
    summary: 'Đổi mật khẩu của tôi / Change my password',
    description:
      'The current password is required; the new one follows the password policy (at least 10 characters, ' +
      'not containing the username). The caller’s other web sessions end; this one stays open.',
    auth: 'authenticated',
    status: 204,
    body: z.strictObject({
      currentPassword: z.string().min(1).max(1000),
      password: z.string().min(1).max(1000),
    }),
    errors: ['PASSWORD_INCORRECT', 'PASSWORD_TOO_WEAK'],
    handler: async ({ ctx, body, res }) => {
      const state = requestState(res);
      await setPassword(ctx, {
        userId: ctx.actor.userId,
        currentPassword: body.currentPassword,
        password: body.password,
        keepSessionId: state.authMethod === 'session' ? state.credentialId : undefined,
      });
      return undefined;
    },
  });
}
