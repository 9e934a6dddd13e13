import { ROLES, type Role } from '../context';
import { AccountError } from './account-error';
import { MIN_PASSWORD_LENGTH } from './user';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Lower case, trimmed; `[a-z0-9._-]`, 2 to 63 characters, starting with a letter or digit. */
export function normaliseUsername(username: unknown): string {
  return typeof username === 'string' ? username.trim().toLowerCase() : '';
}

export function assertUsername(username: unknown): string {
  const u = normaliseUsername(username);
  if (!USERNAME_PATTERN.test(u)) {
    throw new AccountError('USERNAME_INVALID', {
      vi: 'Tên đăng nhập gồm 2–63 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang',
      en: 'A username has 2-63 characters: a-z, 0-9, dot, underscore, hyphen',
    });
  }
  return u;
}

export function assertPassword(password: unknown, username?: string): string {
  const p = typeof password === 'string' ? password : '';
  const weak =
    [...p].length < MIN_PASSWORD_LENGTH ||
    p.length > 256 ||
    (username !== undefined && p.toLowerCase().includes(username.toLowerCase())) ||
    /^(.)\1*$/.test(p);
  if (weak) {
    throw new AccountError('PASSWORD_TOO_WEAK', {
      vi: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự và không chứa tên đăng nhập`,
      en: `A password needs at least ${MIN_PASSWORD_LENGTH} characters and must not contain the username`,
    });
  }
  return p;
}

export function assertRoles(roles: unknown): Role[] {
  const list = Array.isArray(roles) ? roles : [];
  const bad = list.filter((r) => !ROLES.includes(r as Role));
  if (list.length === 0 || bad.length > 0) {
    throw new AccountError(
      'ROLE_INVALID',
      {
        vi: 'Vai trò không hợp lệ (chuyên viên, lãnh đạo, văn thư, lưu trữ, thanh tra, quản trị)',
        en: `Invalid roles; allowed: ${ROLES.join(', ')}`,
      },
      { invalid: bad.map(String).slice(0, 10) },
    );
  }
  return [...new Set(list as Role[])];
}

export function assertFullName(fullName: unknown): string {
  const n = typeof fullName === 'string' ? fullName.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  if (n.length === 0 || n.length > 200) {
    throw new AccountError('FULL_NAME_INVALID', {
      vi: 'Họ và tên phải có từ 1 đến 200 ký tự',
      en: 'A full name has 1 to 200 characters',
    });
  }
  return n;
}

/** Trimmed, lower-cased e-mail address (one `@`, a dotted domain, at most 254 characters); '' or null: none. */
export function assertEmail(email: unknown): string | null {
  if (email === null || (typeof email === 'string' && email.trim() === '')) return null;
  const e = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (e.length > 254 || !/^[^\s@<>(),;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(e)) {
    throw new AccountError('EMAIL_INVALID', {
      vi: 'Địa chỉ thư điện tử không hợp lệ',
      en: 'Invalid e-mail address',
    });
  }
  return e;
}
