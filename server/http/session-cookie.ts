import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'vanban_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The value of one cookie from the Cookie header (no cookie-parser: one cookie is all we read). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Sets the session cookie with a relative lifetime (Max-Age): the browser's clock may differ from the
 * server's, and an absolute Expires computed on the server could already be past for the browser.
 */
export function setSessionCookie(res: Response, token: string, lifetimeMs: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: Math.max(0, Math.floor(lifetimeMs)),
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/**
 * The CSRF token of a session: SHA-256 of a fixed label and the session secret. Only someone who
 * holds the HttpOnly cookie's value (or was handed the token by login or GET /api/me) can send it, and
 * every replica computes the same value without shared state.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`vanban-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
