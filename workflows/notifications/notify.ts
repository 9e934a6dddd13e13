import type { EntityManager } from 'typeorm';
import type { Role } from '../context';
import { enqueueJobs } from '../exchange/enqueue-job';
import type { NotificationKind } from './notification-kinds';

/** Job kind that e-mails one notification (server/jobs/mail-notifications.ts). */
export const NOTIFICATION_MAIL_JOB = 'notification.mail';

/** Channels a user can turn a kind off on (account page). */
export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** What a producer says happened and to whom (the cross-team interface; see docs/notifications.md). */
export interface NotificationInput {
  /** One of NOTIFICATION_KINDS (labelled, and each user can turn it off per channel). */
  kind: NotificationKind;
  /**
   * Who: the listed users, and/or the active users of `unitId` holding any of `roles` (all of the unit's
   * users when `roles` is absent; with `roles` and no `unitId`, those roles in every unit). Inactive users never.
   */
  recipients: { userIds?: string[]; unitId?: string; roles?: Role[] };
  subject: { vi: string; en: string };
  /** Web hash of the page to open, e.g. '#/inbox/<id>'. */
  link?: string;
  urgent?: boolean;
  /** The same key twice for one user stores one notification (and one e-mail). */
  dedupeKey?: string;
  /** When it happened (default now); jobs pass their clock's time. */
  at?: Date;
}

/**
 * Stores one notification per recipient in the caller's transaction (`m`), so it commits or rolls back
 * with the change that caused it, and queues its e-mail (job `notification.mail`) for recipients with an
 * e-mail address who did not turn e-mail off for this kind. A user who turned both channels off gets nothing.
 */
export async function notify(m: EntityManager, n: NotificationInput): Promise<void> {
  const userIds = n.recipients.userIds ?? [];
  const hasGroup = n.recipients.unitId !== undefined || (n.recipients.roles?.length ?? 0) > 0;
  if (userIds.length === 0 && !hasGroup) return;
  const at = n.at ?? new Date();
  const rows: { id: string; mail: boolean }[] = await m.query(
    `WITH target AS (
       SELECT u.id, u.email FROM users u
       WHERE u.active AND (
         u.id = ANY($1::uuid[])
         OR ($2::boolean AND ($3::uuid IS NULL OR u.unit_id = $3::uuid)
             AND (cardinality($4::text[]) = 0 OR u.roles && $4::text[])))
     ), chosen AS (
       SELECT t.id, t.email,
              NOT EXISTS (SELECT 1 FROM notification_opt_outs o
                          WHERE o.user_id = t.id AND o.kind = $5 AND o.channel = 'in_app') AS in_app,
              t.email IS NOT NULL AND t.email <> '' AND NOT EXISTS (
                SELECT 1 FROM notification_opt_outs o
                WHERE o.user_id = t.id AND o.kind = $5 AND o.channel = 'email') AS mail
       FROM target t
     ), inserted AS (
       INSERT INTO notifications (user_id, kind, subject_vi, subject_en, link, urgent, in_app, dedupe_key, created_at)
       SELECT c.id, $5, $6, $7, $8, $9, c.in_app, $10, $11 FROM chosen c WHERE c.in_app OR c.mail
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, user_id
     )
     SELECT i.id, c.mail FROM inserted i JOIN chosen c ON c.id = i.user_id`,
    [
      userIds,
      hasGroup,
      n.recipients.unitId ?? null,
      n.recipients.roles ?? [],
      n.kind,
      n.subject.vi,
      n.subject.en,
      n.link ?? null,
      n.urgent ?? false,
      n.dedupeKey ?? null,
      at,
    ],
  );
  await enqueueJobs(
    m,
    rows
      .filter((r) => r.mail)
      .map((r) => ({
        kind: NOTIFICATION_MAIL_JOB,
        payload: { notificationId: r.id },
        runAt: at,
        dedupeKey: `${NOTIFICATION_MAIL_JOB}:${r.id}`,
        maxAttempts: 8,
      })),
  );
}
