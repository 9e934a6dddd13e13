import { createHash, randomBytes } from 'node:crypto';

/** A new bearer secret: 32 random bytes, base64url (43 characters). Shown once, never stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: SHA-256, hex. A fast hash suffices: the token has 256 bits of entropy. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database. */
export function looksLikeSessionToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
