import type { Role } from '../context';

/** An account as the domain returns it: never the password hash. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly title: string | null;
  readonly unitId: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  readonly lockedUntil: Date | null;
  /** Where e-mail notifications go; null: none. */
  readonly email: string | null;
  /** After an admin's reset: the user must choose a new password (the web app sends them to the form). */
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_ABSOLUTE_MS = 24 * 3600_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const MIN_PASSWORD_LENGTH = 10;
