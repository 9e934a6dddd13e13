import { CodedError } from '../../signing/errors';
import type { Actor, Clock } from '../context';
import type { Queryable } from '../directory/unit-repository';

/**
 * Limits on files uploaded for later use (`uploaded_files`, POST /api/files): kept `retentionMs`, then
 * swept; while kept they count against their uploader's and their unit's quota of pending bytes, and each
 * user may upload `perUserPerHour` files per hour (counted in the database, so across replicas).
 * Server configuration: UPLOAD_RETENTION_HOURS, UPLOAD_QUOTA_USER_BYTES, UPLOAD_QUOTA_UNIT_BYTES,
 * UPLOADS_PER_USER_PER_HOUR.
 */
export interface UploadQuota {
  readonly retentionMs: number;
  readonly userBytes: number;
  readonly unitBytes: number;
  readonly perUserPerHour: number;
}

export const DEFAULT_UPLOAD_QUOTA: UploadQuota = {
  retentionMs: 24 * 3600_000,
  userBytes: 2 * 1024 ** 3,
  unitBytes: 20 * 1024 ** 3,
  perUserPerHour: 120,
};

/** UPLOAD_QUOTA_EXCEEDED (413) or RATE_LIMITED (429, with retryAfterSeconds), numbers in the details. */
export class UploadQuotaError extends CodedError {}

const HOUR_MS = 3600_000;

/** "1.5 GiB", "300 MiB", "12 KiB" — the message's numbers. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(1))} ${units[i]}`;
}

/**
 * Whether `actor` may add a file of `bytes` (the declared or received size; undefined: only the rate
 * and what is already held are checked). Called before the body is received (declared size) and again,
 * under the unit's advisory lock, in the transaction that records the file (received size), so that
 * parallel uploads cannot together pass a quota.
 */
export async function assertUploadAllowed(
  q: Queryable,
  actor: Actor,
  clock: Clock,
  quota: UploadQuota,
  bytes: number | undefined,
): Promise<void> {
  const now = clock.now();
  const since = new Date(now.getTime() - quota.retentionMs);
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const [row]: {
    user_bytes: string;
    unit_bytes: string;
    last_hour: string;
    oldest_in_hour: Date | null;
  }[] = await q.query(
    `SELECT
       COALESCE(SUM(size) FILTER (WHERE owner_user_id = $1), 0) AS user_bytes,
       COALESCE(SUM(size), 0) AS unit_bytes,
       COUNT(*) FILTER (WHERE owner_user_id = $1 AND created_at > $4) AS last_hour,
       MIN(created_at) FILTER (WHERE owner_user_id = $1 AND created_at > $4) AS oldest_in_hour
     FROM uploaded_files WHERE unit_id = $2 AND created_at > $3`,
    [actor.userId, actor.unitId, since, hourAgo],
  );
  const lastHour = Number(row!.last_hour);
  if (lastHour >= quota.perUserPerHour) {
    const oldest = row!.oldest_in_hour ?? now;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now.getTime()) / 1000));
    throw new UploadQuotaError(
      'RATE_LIMITED',
      {
        vi: `Đã tải lên ${lastHour} tệp trong một giờ qua (tối đa ${quota.perUserPerHour} tệp/giờ); thử lại sau ${retryAfterSeconds} giây`,
        en: `${lastHour} files uploaded in the last hour (at most ${quota.perUserPerHour} per hour); retry in ${retryAfterSeconds} s`,
      },
      {
        details: {
          scope: 'user',
          uploadsLastHour: lastHour,
          limitPerHour: quota.perUserPerHour,
          retryAfterSeconds,
        },
      },
    );
  }
  if (bytes === undefined) return;
  const hours = Math.round(quota.retentionMs / HOUR_MS);
  for (const [scope, used, limit] of [
    ['user', Number(row!.user_bytes), quota.userBytes],
    ['unit', Number(row!.unit_bytes), quota.unitBytes],
  ] as const) {
    if (used + bytes <= limit) continue;
    const who = scope === 'user' ? { vi: 'của bạn', en: 'your' } : { vi: 'của đơn vị', en: "your unit's" };
    throw new UploadQuotaError(
      'UPLOAD_QUOTA_EXCEEDED',
      {
        vi:
          `Vượt hạn mức tệp tải lên đang chờ ${who.vi}: đang giữ ${formatBytes(used)} + tệp này ${formatBytes(bytes)} ` +
          `> ${formatBytes(limit)}. Tệp tải lên được giữ ${hours} giờ rồi tự xóa; hãy dùng các tệp đã tải lên hoặc thử lại sau`,
        en:
          `Quota of ${who.en} pending uploads exceeded: ${formatBytes(used)} held + this file ${formatBytes(bytes)} ` +
          `> ${formatBytes(limit)}. Uploaded files are kept ${hours} h, then deleted; use those uploaded or retry later`,
      },
      { details: { scope, usedBytes: used, fileBytes: bytes, limitBytes: limit, retentionHours: hours } },
    );
  }
}
