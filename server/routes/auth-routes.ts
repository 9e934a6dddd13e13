import { z } from 'zod';
import { isCodedError } from '../../signing/errors';
import { createApiToken } from '../../workflows/accounts/create-api-token';
import { getUser } from '../../workflows/accounts/get-user';
import { listApiTokens } from '../../workflows/accounts/list-api-tokens';
import { login } from '../../workflows/accounts/login';
import { logout } from '../../workflows/accounts/logout';
import { revokeToken } from '../../workflows/accounts/revoke-token';
import { getUnit } from '../../workflows/directory/get-unit';
import type { LoginRateLimiter } from '../http/login-rate-limiter';
import { requestState } from '../http/request-state';
import type { RouteTable } from '../http/route-table';
import { HttpError } from '../http/http-error';
import {
  clearSessionCookie,
  CSRF_HEADER,
  csrfTokenFor,
  csrfTokenMatches,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from '../http/session-cookie';
import { dateTime, role, uuidParam } from './schemas';

const meSchema = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    title: z.string().nullable(),
    roles: z.array(role).readonly(),
    unit: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    mustChangePassword: z
      .boolean()
      .describe('After a password reset: send the user to the change-password form'),
  }),
  authMethod: z.enum(['session', 'bearer']),
  csrfToken: z
    .string()
    .optional()
    .describe('Send as X-CSRF-Token on unsafe requests with the session cookie'),
});

const loginResponse = z.object({
  csrfToken: z.string(),
  expiresAt: dateTime,
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    fullName: z.string(),
    roles: z.array(role).readonly(),
    mustChangePassword: z
      .boolean()
      .describe('The password was a one-time password from a reset: the user must choose a new one first'),
  }),
});

const tokenInfo = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  createdAt: dateTime,
  expiresAt: dateTime,
  lastSeenAt: dateTime,
  revokedAt: dateTime.nullable(),
});

/** Login, logout, the caller's profile, API tokens. */
export function authRoutes(
  table: RouteTable,
  deps: { cookieSecure: boolean; loginLimiter: LoginRateLimiter },
): void {
  table.route({
    method: 'post',
    path: '/api/auth/login',
    tags: ['auth'],
    summary: 'Đăng nhập bằng mật khẩu / Password login',
    description:
      'Sets the HttpOnly `vanban_session` cookie (SameSite=Strict) and returns the CSRF token to send as ' +
      'X-CSRF-Token. Failed attempts are rate limited per client address and per username (429 RATE_LIMITED; ' +
      'successful logins are not counted); 5 failures lock the account for 15 minutes (423 LOGIN_LOCKED).',
    auth: 'public',
    body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    response: loginResponse,
    errors: ['LOGIN_FAILED', 'LOGIN_LOCKED', 'RATE_LIMITED'],
    handler: async ({ body, req, res, requestMetadata }) => {
      const attempt = deps.loginLimiter.begin(req.ip ?? 'unknown', body.username);
      const { db, clock } = table.context;
      let session: Awaited<ReturnType<typeof login>>;
      try {
        session = await login(db, clock, { ...body, ...requestMetadata });
      } catch (e) {
        // Only a wrong guess (or one at a locked account) keeps its tokens.
        if (!isCodedError(e) || (e.code !== 'LOGIN_FAILED' && e.code !== 'LOGIN_LOCKED')) attempt.release();
        throw e;
      }
      attempt.release();
      const lifetimeMs = session.expiresAt.getTime() - clock.now().getTime();
      setSessionCookie(res, session.token, lifetimeMs, deps.cookieSecure);
      return { csrfToken: csrfTokenFor(session.token), expiresAt: session.expiresAt, user: session.user };
    },
  });

  table.route({
    method: 'post',
    path: '/api/auth/logout',
    tags: ['auth'],
    summary: 'Đăng xuất / Log out',
    description:
      'Revokes the session of the cookie (if any) and clears the cookie (204). With a session cookie the ' +
      'request must carry its X-CSRF-Token like any other change (403 `CSRF_REJECTED`): another site ' +
      'must not be able to end a session.',
    auth: 'public',
    status: 204,
    errors: ['CSRF_REJECTED'],
    handler: async ({ req, res, requestMetadata }) => {
      const token = readCookie(req, SESSION_COOKIE);
      if (token && !csrfTokenMatches(token, req.get(CSRF_HEADER))) throw HttpError.csrfRejected();
      const { db, clock } = table.context;
      if (token) await logout(db, clock, token, requestMetadata);
      clearSessionCookie(res, deps.cookieSecure);
      return undefined;
    },
  });

  table.route({
    method: 'get',
    path: '/api/me',
    tags: ['auth'],
    summary: 'Người dùng hiện tại / The signed-in user',
    auth: 'authenticated',
    response: meSchema,
    handler: async ({ ctx, req, res }) => {
      const user = await getUser(ctx, ctx.actor.userId);
      const unit = await getUnit(ctx.db, user.unitId);
      const state = requestState(res);
      const cookie = state.authMethod === 'session' ? readCookie(req, SESSION_COOKIE) : undefined;
      return {
        user: { ...user, unit },
        authMethod: state.authMethod ?? 'session',
        ...(cookie ? { csrfToken: csrfTokenFor(cookie) } : {}),
      };
    },
  });

  table.route({
    method: 'get',
    path: '/api/tokens',
    tags: ['auth'],
    summary: 'Mã truy cập API của tôi / My API tokens',
    auth: 'authenticated',
    response: z.object({ items: z.array(tokenInfo) }),
    handler: async ({ ctx }) => ({ items: await listApiTokens(ctx) }),
  });

  table.route({
    method: 'post',
    path: '/api/tokens',
    tags: ['auth'],
    summary: 'Tạo mã truy cập API / Create an API token',
    description: 'The token acts as the caller (same unit and roles). Its secret is returned this once.',
    auth: 'authenticated',
    status: 201,
    body: z.strictObject({
      name: z.string().min(1).max(100),
      expiresAt: z.iso.datetime({ offset: true }).optional(),
    }),
    response: z.object({ id: z.uuid(), name: z.string(), expiresAt: dateTime, token: z.string() }),
    errors: ['TOKEN_NAME_INVALID', 'TOKEN_EXPIRY_INVALID'],
    handler: async ({ ctx, body }) =>
      createApiToken(ctx, {
        name: body.name,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
      }),
  });

  table.route({
    method: 'delete',
    path: '/api/tokens/:id',
    tags: ['auth'],
    summary: 'Thu hồi mã truy cập / Revoke an API token',
    auth: 'authenticated',
    params: uuidParam,
    status: 204,
    errors: ['TOKEN_NOT_FOUND'],
    handler: async ({ ctx, params }) => {
      await revokeToken(ctx, { tokenId: params.id });
      return undefined;
    },
  });
}
