import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../signing/errors';

/**
 * The key of the audit chain's HMAC. It is never stored in the database: whoever can write the database
 * (even as its superuser, triggers bypassed) cannot recompute a valid chain after an edit without it.
 */
export interface AuditKey {
  /** First 16 hex digits of SHA-256(key): recorded on each keyed row, names the key without revealing it. */
  readonly id: string;
  readonly secret: Buffer;
}

export function auditKeyOf(secret: Buffer): AuditKey {
  return { id: createHash('sha256').update(secret).digest('hex').slice(0, 16), secret };
}

/** The key file under DATA_DIR when AUDIT_HMAC_KEY is not set. */
export function auditKeyPath(dataDir: string): string {
  return path.join(dataDir, 'audit', 'hmac.key');
}

/**
 * The audit key: `AUDIT_HMAC_KEY` (64 hex digits or base64 of at least 32 bytes) when given, else the
 * key file `DATA_DIR/audit/hmac.key` (32 random bytes, mode 0600 in a 0700 directory), created on the
 * first call. Several replicas share it through the shared DATA_DIR, or each is given AUDIT_HMAC_KEY.
 */
export function loadAuditKey(o: {
  readonly envKey?: string;
  readonly dataDir: string;
  readonly create?: boolean;
}): AuditKey {
  if (o.envKey) {
    const text = o.envKey.trim();
    const secret = /^[0-9a-fA-F]{64,}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (secret.length < 32) {
      throw new CodedError('CONFIG_INVALID', {
        vi: 'Cấu hình không hợp lệ: AUDIT_HMAC_KEY phải có ít nhất 32 byte (64 chữ số hex hoặc base64)',
        en: 'Invalid configuration: AUDIT_HMAC_KEY must hold at least 32 bytes (64 hex digits or base64)',
      });
    }
    return auditKeyOf(secret);
  }
  const file = auditKeyPath(o.dataDir);
  try {
    return auditKeyOf(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || o.create === false) throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  try {
    // 'wx': two replicas creating it at once keep the first one's key.
    fs.writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return auditKeyOf(secret);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return auditKeyOf(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  }
}

let current: AuditKey | undefined;

/**
 * The key new audit events are chained with, set once by the server (and the CLI) at start. Without one
 * (unit tests of other modules, a database used before the key existed) events are chained with plain
 * SHA-256, which `verifyAuditChain` accepts only before the first keyed event.
 */
export function useAuditKey(key: AuditKey | undefined): void {
  current = key;
}

export function currentAuditKey(): AuditKey | undefined {
  return current;
}
