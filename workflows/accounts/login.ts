import type { DataSource } from 'typeorm';
import type { Actor, Clock } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { AccessError } from './access-error';
import { normaliseUsername, USERNAME_PATTERN } from './account-rules';
import {
  hashPassword,
  needsRehash,
  padToCurrentCost,
  passwordHashCost,
  verifyPassword,
  type ScryptParameters,
} from './password-hash';
import { newSessionToken, sessionTokenHash } from './session-token';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type User } from './user';
import { userRepository } from './user-repository';

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
}

export interface LoginResult {
  /** The session secret for the cookie: shown once, only its SHA-256 is stored. */
  readonly token: string;
  readonly sessionId: string;
  /** Absolute end (24 hours after login). */
  readonly expiresAt: Date;
  /** End if idle (8 hours after the last request), slides with use. */
  readonly idleExpiresAt: Date;
  readonly actor: Actor;
  readonly user: User;
}

/** Verified against when the username is unknown, so that both answers cost the same scrypt. */
let decoy: { readonly params: ScryptParameters; readonly hash: Promise<string> } | undefined;

/** A hash at the current cost that no password matches (made once per cost). */
function decoyHash(): Promise<string> {
  const params = passwordHashCost();
  if (decoy?.params !== params)
    decoy = { params, hash: hashPassword('decoy password, never matches', params) };
  return decoy.hash;
}

type Outcome = { ok: true; result: LoginResult } | { ok: false; error: AccessError };

function publicUser(u: User & { passwordHash?: unknown; failedLoginCount?: unknown }): User {
  const { passwordHash: _h, failedLoginCount: _c, ...user } = u;
  return { ...user, lockedUntil: null };
}

const failed = () =>
  new AccessError('LOGIN_FAILED', {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
    en: 'Wrong username or password',
  });

/**
 * Password login → a web session. Unknown user, inactive account and wrong password all answer
 * LOGIN_FAILED after the same work (no user enumeration): one scrypt at the current cost, against a
 * decoy for an unknown user, and a hash stored at a lower cost is padded up to it (padToCurrentCost).
 * A successful login re-hashes a hash stored below the current cost (OWASP's N = 2^17). The 5th consecutive failure locks the account
 * for 15 minutes; attempts while locked answer LOGIN_LOCKED without checking the password. Failures
 * are committed (counter, audit event) before the error is thrown.
 */
export async function login(db: DataSource, clock: Clock, input: LoginInput): Promise<LoginResult> {
  const username = normaliseUsername(input.username);
  const password = typeof input.password === 'string' ? input.password : '';
  const meta = { ip: input.ip, userAgent: input.userAgent, requestId: input.requestId };
  const now = clock.now();

  const outcome = await db.transaction(async (m): Promise<Outcome> => {
    const user = USERNAME_PATTERN.test(username) ? await userRepository.findForLogin(m, username) : undefined;
    const audit = { actor: null, requestMetadata: meta, clock };

    if (user?.lockedUntil && user.lockedUntil > now) {
      await appendAuditEvent(m, audit, {
        type: 'USER_LOGIN_FAILED',
        unitId: user.unitId,
        payload: { username, reason: 'LOGIN_LOCKED', lockedUntil: user.lockedUntil.toISOString() },
      });
      return {
        ok: false,
        error: new AccessError(
          'LOGIN_LOCKED',
          {
            vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau 15 phút',
            en: 'Account temporarily locked after repeated failed logins; try again in 15 minutes',
          },
          { lockedUntil: user.lockedUntil.toISOString() },
        ),
      };
    }

    const good = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !user.active || !user.passwordHash || !good) {
      if (user?.passwordHash && needsRehash(user.passwordHash)) await padToCurrentCost(user.passwordHash);
      if (user) {
        const count = user.failedLoginCount + 1;
        const lock = count >= MAX_FAILED_LOGINS;
        const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MS) : null;
        await m.query(`UPDATE users SET failed_login_count = $2, locked_until = $3 WHERE id = $1`, [
          user.id,
          lock ? 0 : count,
          lockedUntil ?? user.lockedUntil,
        ]);
        if (lockedUntil) {
          await appendAuditEvent(m, audit, {
            type: 'USER_LOCKED_OUT',
            unitId: user.unitId,
            payload: { userId: user.id, lockedUntil: lockedUntil.toISOString() },
          });
        }
      }
      await appendAuditEvent(m, audit, {
        type: 'USER_LOGIN_FAILED',
        unitId: user?.unitId ?? null,
        payload: { username: username.slice(0, 63), reason: 'LOGIN_FAILED' },
      });
      return { ok: false, error: failed() };
    }

    const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : user.passwordHash;
    await m.query(
      `UPDATE users SET failed_login_count = 0, locked_until = NULL, password_hash = $2 WHERE id = $1`,
      [user.id, rehash],
    );
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO sessions (user_id, token_hash, kind, created_at, expires_at, last_seen_at, ip, user_agent)
       VALUES ($1, $2, 'web', $3, $4, $3, $5, $6) RETURNING id`,
      [
        user.id,
        sessionTokenHash(token),
        now,
        expiresAt,
        input.ip ?? null,
        input.userAgent?.slice(0, 500) ?? null,
      ],
    );
    const sessionId = rows[0]!.id;
    const actor: Actor = { userId: user.id, username: user.username, unitId: user.unitId, roles: user.roles };
    await appendAuditEvent(
      m,
      { actor, requestMetadata: meta, clock },
      { type: 'USER_LOGGED_IN', payload: { sessionId } },
    );
    return {
      ok: true,
      result: {
        token,
        sessionId,
        expiresAt,
        idleExpiresAt: new Date(Math.min(expiresAt.getTime(), now.getTime() + SESSION_IDLE_MS)),
        actor,
        user: publicUser(user),
      },
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
