import path from 'node:path';
import { z } from 'zod';
import { CodedError } from '../signing/errors';
import { DEFAULT_LOGIN_RATE_LIMITS, type LoginRateLimits } from './http/login-rate-limiter';
import { DEFAULT_UPLOAD_QUOTA, type UploadQuota } from '../workflows/documents/upload-quota';
import { DEFAULT_DEV_PIN } from '../workflows/signing/dev-signing-authority';

/**
 * The server's configuration: the one place that reads the environment. Everything else receives
 * plain objects built from it. Defaults give the embedded, zero-set-up mode (`npm start`).
 */
export interface ServerConfig {
  readonly mode: 'development' | 'production';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'embedded'; readonly dataDir: string; readonly port?: number }
    | {
        readonly kind: 'external';
        /** DATABASE_URL: what requests and jobs connect as (a role without superuser rights). */
        readonly url: string;
        /** DATABASE_MIGRATION_URL: the tables' owner, for migrations and grants (default: DATABASE_URL). */
        readonly migrationUrl?: string;
      };
  readonly objectStore:
    | { readonly kind: 'local'; readonly root: string }
    | {
        readonly kind: 's3';
        readonly endPoint: string;
        readonly port?: number;
        readonly useSSL: boolean;
        readonly accessKey: string;
        readonly secretKey: string;
        readonly bucket: string;
        readonly region: string;
        readonly objectLock: boolean;
      };
  readonly seedDemo: boolean;
  readonly bodyLimitBytes: number;
  readonly uploadLimitBytes: number;
  readonly trustProxy: boolean;
  readonly cookieSecure: boolean;
  readonly logLevel: string;
  /** Bearer token for /metrics; when unset, /metrics answers loopback clients only. */
  readonly metricsToken?: string;
  /** edXML exchange and federation (docs/edxml-federation.md). */
  readonly federation: FederationConfig;
  /** The signing service (docs/signing-service.md). */
  readonly signing: SigningConfig;
  /** VALIDATION_UPLOAD_RETENTION_DAYS: how long validation batch uploads are kept (30; storage sweep). */
  readonly validationUploadRetentionDays: number;
  /**
   * Uploaded files (POST /api/files): UPLOAD_RETENTION_HOURS (24, then the storage sweep deletes them),
   * UPLOAD_QUOTA_USER_BYTES (2 GiB) and UPLOAD_QUOTA_UNIT_BYTES (20 GiB) of pending uploads,
   * UPLOADS_PER_USER_PER_HOUR (120).
   */
  readonly uploadQuota: UploadQuota;
  /** JOB_LEASE_SECONDS: lease of a claimed job, renewed while it runs; a dead replica's jobs wait this long (30). */
  readonly jobLeaseSeconds: number;
  /**
   * SMTP_URL (e.g. smtp://user:pass@mail.tinh.gov.vn:587) and MAIL_FROM: e-mail notifications
   * (docs/notifications.md); none: notifications stay in the bell only.
   */
  readonly mail?: { readonly smtpUrl: string; readonly from: string };
  /** LOGIN_FAILURES_PER_ADDRESS[_PER_MINUTE], LOGIN_FAILURES_PER_USERNAME[_PER_MINUTE]: failed logins allowed. */
  readonly loginRateLimits: LoginRateLimits;
  /**
   * DATABASE_CONNECT_TIMEOUT_MS (3000), DATABASE_STATEMENT_TIMEOUT_MS (5000; jobs: at least 60 000),
   * DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS (60000): a silent database answers 503 within these.
   */
  /** AUDIT_HMAC_KEY: key of the audit chain's HMAC (else the key file DATA_DIR/audit/hmac.key). */
  readonly auditHmacKey?: string;
  /** AUDIT_ANCHOR_MINUTES: how often the audit chain's head is anchored outside the database (10). */
  readonly auditAnchorMinutes: number;
  readonly databaseTimeouts: {
    readonly connectMs: number;
    readonly statementMs: number;
    readonly idleInTransactionMs: number;
  };
}

/** PAdES levels, timestamp and revocation services, PKCS#11 tokens, two-step sessions, demo PIN. */
export interface SigningConfig {
  /** SIGNING_LEADER_LEVEL (B-T), SIGNING_SEAL_LEVEL (B-LTA), SIGNING_ATTACHMENT_LEVEL (B-LT). */
  readonly levels: {
    readonly leader: PadesLevelName;
    readonly seal: PadesLevelName;
    readonly attachment: PadesLevelName;
  };
  /** SIGNING_SEAL_LEVELS: the levels a clerk may choose when sealing (B-LT,B-LTA). */
  readonly sealLevels: readonly PadesLevelName[];
  /** SIGNING_TSA_URL: RFC 3161 service in production (development uses the development TSA). */
  readonly tsaUrl?: string;
  /** SIGNING_REVOCATION_HOSTS: hosts that may be asked for CRLs / OCSP in production (comma-separated). */
  readonly revocationHosts: readonly string[];
  /** SIGNING_PKCS11_TOKENS: JSON `{ "name": { "modulePath", "tokenLabel", "keyLabel" | "keyId" } }`. */
  readonly pkcs11Tokens: Readonly<
    Record<string, { modulePath: string; tokenLabel: string; keyLabel?: string; keyId?: string }>
  >;
  /** SIGNING_SESSION_TTL_SECONDS: lifetime of a two-step signing session (900). */
  readonly sessionTtlSeconds: number;
  /** DEV_SIGNING_PIN: the PIN of development credentials (development mode only; DEFAULT_DEV_PIN). */
  readonly devPin: string;
  /** SIGNING_STAMP_PROFILE: path of a stamp profile JSON (docs/signing.md); the built-in A4 profile otherwise. */
  readonly stampProfilePath?: string;
}

export type PadesLevelName = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
const PADES_LEVEL_NAMES: readonly PadesLevelName[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

const padesLevel = (name: string, value: string | undefined, fallback: PadesLevelName): PadesLevelName => {
  if (value === undefined || value === '') return fallback;
  if (!(PADES_LEVEL_NAMES as readonly string[]).includes(value)) {
    throw new ConfigError(name, 'phải là B-B, B-T, B-LT hoặc B-LTA / must be B-B, B-T, B-LT or B-LTA');
  }
  return value as PadesLevelName;
};

function loadSigningConfig(env: NodeJS.ProcessEnv): SigningConfig {
  const sealLevels = (env.SIGNING_SEAL_LEVELS || 'B-LT,B-LTA')
    .split(',')
    .map((l) => padesLevel('SIGNING_SEAL_LEVELS', l.trim(), 'B-LTA'));
  const seal = padesLevel('SIGNING_SEAL_LEVEL', env.SIGNING_SEAL_LEVEL, 'B-LTA');
  if (!sealLevels.includes(seal)) {
    throw new ConfigError(
      'SIGNING_SEAL_LEVEL',
      'phải thuộc SIGNING_SEAL_LEVELS / must be one of SIGNING_SEAL_LEVELS',
    );
  }
  if (env.SIGNING_TSA_URL && !z.url().safeParse(env.SIGNING_TSA_URL).success) {
    throw new ConfigError('SIGNING_TSA_URL', 'không phải URL / is not a URL');
  }
  const token = z.strictObject({
    modulePath: z.string().min(1),
    tokenLabel: z.string().min(1),
    keyLabel: z.string().min(1).optional(),
    keyId: z
      .string()
      .regex(/^([0-9a-fA-F]{2})+$/)
      .optional(),
  });
  let pkcs11Tokens: SigningConfig['pkcs11Tokens'] = {};
  if (env.SIGNING_PKCS11_TOKENS) {
    let raw: unknown;
    try {
      raw = JSON.parse(env.SIGNING_PKCS11_TOKENS);
    } catch {
      throw new ConfigError('SIGNING_PKCS11_TOKENS', 'không phải JSON / is not JSON');
    }
    const parsed = z.record(z.string().min(1), token).safeParse(raw);
    if (!parsed.success || Object.values(parsed.data).some((t) => !t.keyLabel && !t.keyId)) {
      throw new ConfigError(
        'SIGNING_PKCS11_TOKENS',
        'cần { tên: { modulePath, tokenLabel, keyLabel | keyId } } / needs { name: { modulePath, tokenLabel, keyLabel | keyId } }',
      );
    }
    pkcs11Tokens = parsed.data;
  }
  return {
    levels: {
      leader: padesLevel('SIGNING_LEADER_LEVEL', env.SIGNING_LEADER_LEVEL, 'B-T'),
      seal,
      attachment: padesLevel('SIGNING_ATTACHMENT_LEVEL', env.SIGNING_ATTACHMENT_LEVEL, 'B-LT'),
    },
    sealLevels,
    tsaUrl: env.SIGNING_TSA_URL || undefined,
    revocationHosts: (env.SIGNING_REVOCATION_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    pkcs11Tokens,
    sessionTtlSeconds: int('SIGNING_SESSION_TTL_SECONDS', env.SIGNING_SESSION_TTL_SECONDS, 900, 60, 86400),
    devPin: env.DEV_SIGNING_PIN || DEFAULT_DEV_PIN,
    stampProfilePath: env.SIGNING_STAMP_PROFILE || undefined,
  };
}

export class ConfigError extends CodedError {
  constructor(variable: string, problem: string) {
    super(
      'CONFIG_INVALID',
      {
        vi: `Cấu hình không hợp lệ: biến môi trường ${variable} ${problem}`,
        en: `Invalid configuration: environment variable ${variable} ${problem}`,
      },
      { details: { variable } },
    );
  }
}

const bool = (name: string, value: string | undefined, fallback: boolean): boolean => {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(name, 'phải là true hoặc false / must be true or false');
};

const int = (name: string, value: string | undefined, fallback: number, min = 0, max = 2 ** 40): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      name,
      `phải là số nguyên từ ${min} đến ${max} / must be an integer in [${min}, ${max}]`,
    );
  }
  return n;
};

/** edXML exchange and federation with other systems (docs/edxml-federation.md). */
export interface FederationConfig {
  /** FEDERATION_SIGNING_P12: the PKCS#12 of the key edXML packages are signed with (development: the dev PKI's). */
  readonly signingP12?: string;
  /** FEDERATION_SIGNING_PASSWORD: its password. */
  readonly signingPassword?: string;
  /** EDXML_MAX_BYTES: largest edXML package received or built (64 MiB). */
  readonly maxBytes: number;
  /** FEDERATION_TIMEOUT_MS: how long a peer may take to answer a delivery (60 000). */
  readonly timeoutMs: number;
  /** FEDERATION_INBOX_REQUIRE_TLS: the inbox refuses plain HTTP (default true in production). */
  readonly inboxRequiresTls: boolean;
}

/** Failed-login throttling (server/http/login-rate-limiter.ts): burst and refill per minute, per address and per username. */
function loadLoginRateLimits(env: NodeJS.ProcessEnv): LoginRateLimits {
  const d = DEFAULT_LOGIN_RATE_LIMITS;
  const limit = (name: string, fallback: number) => int(name, env[name], fallback, 1, 1_000_000);
  return {
    perIp: {
      capacity: limit('LOGIN_FAILURES_PER_ADDRESS', d.perIp.capacity),
      refillPerMinute: limit('LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE', d.perIp.refillPerMinute),
    },
    perUsername: {
      capacity: limit('LOGIN_FAILURES_PER_USERNAME', d.perUsername.capacity),
      refillPerMinute: limit('LOGIN_FAILURES_PER_USERNAME_PER_MINUTE', d.perUsername.refillPerMinute),
    },
  };
}

function loadFederationConfig(env: NodeJS.ProcessEnv, cwd: string, mode: string): FederationConfig {
  if (env.FEDERATION_SIGNING_PASSWORD && !env.FEDERATION_SIGNING_P12) {
    throw new ConfigError(
      'FEDERATION_SIGNING_PASSWORD',
      'cần FEDERATION_SIGNING_P12 / needs FEDERATION_SIGNING_P12',
    );
  }
  return {
    signingP12: env.FEDERATION_SIGNING_P12 ? path.resolve(cwd, env.FEDERATION_SIGNING_P12) : undefined,
    signingPassword: env.FEDERATION_SIGNING_PASSWORD || undefined,
    maxBytes: int('EDXML_MAX_BYTES', env.EDXML_MAX_BYTES, 64 * 1024 * 1024, 64 * 1024),
    timeoutMs: int('FEDERATION_TIMEOUT_MS', env.FEDERATION_TIMEOUT_MS, 60_000, 1000, 600_000),
    inboxRequiresTls: bool(
      'FEDERATION_INBOX_REQUIRE_TLS',
      env.FEDERATION_INBOX_REQUIRE_TLS,
      mode === 'production',
    ),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const mode =
    (env.VANBAN_MODE ?? env.NODE_ENV ?? 'development') === 'production' ? 'production' : 'development';
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const port = int('PORT', env.PORT, 8080, 0, 65535);
  const host = env.HOST || (mode === 'production' ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(
    /\/+$/,
    '',
  );
  if (!z.url().safeParse(publicUrl).success)
    throw new ConfigError('PUBLIC_URL', 'không phải URL / is not a URL');

  const database: ServerConfig['database'] = env.DATABASE_URL
    ? { kind: 'external', url: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL || undefined }
    : {
        kind: 'embedded',
        dataDir: path.join(dataDir, 'pg'),
        port: env.EMBEDDED_PG_PORT ? int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 0, 1, 65535) : undefined,
      };

  let objectStore: ServerConfig['objectStore'];
  if (env.S3_ENDPOINT) {
    let url: URL;
    try {
      url = new URL(env.S3_ENDPOINT.includes('://') ? env.S3_ENDPOINT : `http://${env.S3_ENDPOINT}`);
    } catch {
      throw new ConfigError('S3_ENDPOINT', 'không phải URL / is not a URL');
    }
    if (!env.S3_ACCESS_KEY || !env.S3_SECRET_KEY) {
      throw new ConfigError(
        'S3_ACCESS_KEY/S3_SECRET_KEY',
        'bắt buộc khi có S3_ENDPOINT / are required with S3_ENDPOINT',
      );
    }
    objectStore = {
      kind: 's3',
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      useSSL: url.protocol === 'https:',
      accessKey: env.S3_ACCESS_KEY,
      secretKey: env.S3_SECRET_KEY,
      bucket: env.S3_BUCKET || 'vanban',
      region: env.S3_REGION || 'us-east-1',
      objectLock: bool('S3_OBJECT_LOCK', env.S3_OBJECT_LOCK, true),
    };
  } else {
    objectStore = {
      kind: 'local',
      root: path.resolve(cwd, env.OBJECTS_DIR || path.join(dataDir, 'objects')),
    };
  }

  const seedDemo = bool('SEED_DEMO', env.SEED_DEMO, mode === 'development');
  if (seedDemo && mode === 'production') {
    // The demo province is thousands of accounts sharing one published password.
    throw new ConfigError(
      'SEED_DEMO',
      'không được bật khi VANBAN_MODE=production (tài khoản dùng thử có mật khẩu công khai) / cannot be true when VANBAN_MODE=production (the demo accounts share a published password)',
    );
  }

  return {
    mode,
    host,
    port,
    publicUrl,
    dataDir,
    database,
    objectStore,
    seedDemo,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024 * 1024, 1024),
    uploadLimitBytes: int('UPLOAD_LIMIT_BYTES', env.UPLOAD_LIMIT_BYTES, 300 * 1024 * 1024, 1024),
    trustProxy: bool('TRUST_PROXY', env.TRUST_PROXY, false),
    cookieSecure: bool('COOKIE_SECURE', env.COOKIE_SECURE, publicUrl.startsWith('https:')),
    logLevel: env.LOG_LEVEL || 'info',
    metricsToken: env.METRICS_TOKEN || undefined,
    loginRateLimits: loadLoginRateLimits(env),
    federation: loadFederationConfig(env, cwd, mode),
    signing: loadSigningConfig(env),
    validationUploadRetentionDays: int(
      'VALIDATION_UPLOAD_RETENTION_DAYS',
      env.VALIDATION_UPLOAD_RETENTION_DAYS,
      30,
      1,
      3650,
    ),
    uploadQuota: {
      retentionMs: int('UPLOAD_RETENTION_HOURS', env.UPLOAD_RETENTION_HOURS, 24, 1, 24 * 365) * 3600_000,
      userBytes: int(
        'UPLOAD_QUOTA_USER_BYTES',
        env.UPLOAD_QUOTA_USER_BYTES,
        DEFAULT_UPLOAD_QUOTA.userBytes,
        1024,
      ),
      unitBytes: int(
        'UPLOAD_QUOTA_UNIT_BYTES',
        env.UPLOAD_QUOTA_UNIT_BYTES,
        DEFAULT_UPLOAD_QUOTA.unitBytes,
        1024,
      ),
      perUserPerHour: int(
        'UPLOADS_PER_USER_PER_HOUR',
        env.UPLOADS_PER_USER_PER_HOUR,
        DEFAULT_UPLOAD_QUOTA.perUserPerHour,
        1,
        1_000_000,
      ),
    },
    jobLeaseSeconds: int('JOB_LEASE_SECONDS', env.JOB_LEASE_SECONDS, 30, 3, 3600),
    mail: env.SMTP_URL
      ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM || 'VanBan <no-reply@localhost>' }
      : undefined,
    auditHmacKey: env.AUDIT_HMAC_KEY || undefined,
    auditAnchorMinutes: int('AUDIT_ANCHOR_MINUTES', env.AUDIT_ANCHOR_MINUTES, 10, 1, 1440),
    databaseTimeouts: {
      connectMs: int('DATABASE_CONNECT_TIMEOUT_MS', env.DATABASE_CONNECT_TIMEOUT_MS, 3000, 100, 600_000),
      statementMs: int(
        'DATABASE_STATEMENT_TIMEOUT_MS',
        env.DATABASE_STATEMENT_TIMEOUT_MS,
        5000,
        100,
        3_600_000,
      ),
      idleInTransactionMs: int(
        'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        60_000,
        1000,
        3_600_000,
      ),
    },
  };
}
