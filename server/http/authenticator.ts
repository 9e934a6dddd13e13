import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { authenticateSession, type SessionRowCache } from '../../workflows/accounts/authenticate';
import type { Actor, Clock } from '../../workflows/context';
import { HttpError } from './http-error';
import { requestState } from './request-state';
import { CSRF_HEADER, csrfTokenMatches, readCookie, SESSION_COOKIE } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a caller whose password was reset by an admin (users.must_change_password) may still do: read
 * who they are and change the password. Logout is a public route and never gets here. Everything else
 * answers 403 PASSWORD_CHANGE_REQUIRED, for web sessions and bearer API tokens alike (the reset keeps
 * the account's tokens; they work again once the account has chosen its own password).
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/me', 'HEAD /api/me', 'POST /api/me/password']);

function assertPasswordChanged(req: Request, routeTemplate: string | undefined, mustChange: boolean): void {
  if (mustChange && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${req.method} ${routeTemplate ?? req.path}`)) {
    throw HttpError.passwordChangeRequired();
  }
}

/**
 * Resolves the caller of a request:
 * - `Authorization: Bearer <token>`: an API token (kind `api`); no CSRF check, since browsers never
 *   attach it on their own;
 * - otherwise the `vanban_session` cookie: a web session (kind `web`); unsafe methods must carry
 *   `X-CSRF-Token` equal to the session's CSRF token (csrfTokenFor), which only the page that logged
 *   in received.
 * A credential that is present but unknown or revoked answers 401 (TOKEN_INVALID / UNAUTHENTICATED),
 * an expired one SESSION_EXPIRED; no credential at all resolves to undefined.
 *
 * With `sessions` (a live SessionCache), reads (GET, HEAD, OPTIONS) may use a session row checked a
 * moment ago; every other method checks the database, so a change of state is never made on a session
 * revoked in the milliseconds before its notification arrived.
 */
export function createAuthenticator(deps: { db: DataSource; clock: Clock; sessions?: SessionRowCache }) {
  return async function authenticateRequest(req: Request, res: Response): Promise<Actor | undefined> {
    const state = requestState(res);
    const cache = deps.sessions && SAFE_METHODS.has(req.method) ? deps.sessions : undefined;
    const authorization = req.get('authorization');
    if (authorization) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (!bearer) throw HttpError.tokenInvalid();
      const session = await authenticateSession(deps.db, deps.clock, bearer, cache);
      if (!session || session.kind !== 'api') throw HttpError.tokenInvalid();
      assertPasswordChanged(req, state.routeTemplate, session.mustChangePassword);
      state.actor = session.actor;
      state.authMethod = 'bearer';
      state.credentialId = session.sessionId;
      return session.actor;
    }

    const cookie = readCookie(req, SESSION_COOKIE);
    if (!cookie) return undefined;
    const session = await authenticateSession(deps.db, deps.clock, cookie, cache);
    if (!session || session.kind !== 'web') throw HttpError.unauthenticated();
    if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(cookie, req.get(CSRF_HEADER))) {
      throw HttpError.csrfRejected();
    }
    assertPasswordChanged(req, state.routeTemplate, session.mustChangePassword);
    state.actor = session.actor;
    state.authMethod = 'session';
    state.credentialId = session.sessionId;
    return session.actor;
  };
}
