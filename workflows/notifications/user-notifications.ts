import type { DomainContext } from '../context';
import { NotificationError } from './notification-error';
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES } from './notification-kinds';
import type { NotificationChannel } from './notify';

export interface NotificationView {
  id: string;
  kind: string;
  subject: { vi: string; en: string };
  link: string | null;
  urgent: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  unreadCount: number;
  nextCursor: string | null;
}

interface Row {
  id: string;
  kind: string;
  subject_vi: string;
  subject_en: string;
  link: string | null;
  urgent: boolean;
  created_at: Date;
  read_at: Date | null;
}

const encodeCursor = (r: Row) =>
  Buffer.from(`${r.created_at.toISOString()}|${r.id}`, 'utf8').toString('base64url');

function decodeCursor(c: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) return null;
  return { at: d, id: id! };
}

/** The caller's own notifications shown in the bell (newest first), with the unread count. */
export async function listNotifications(
  ctx: DomainContext,
  q: { unreadOnly?: boolean; limit?: number; cursor?: string },
): Promise<NotificationPage> {
  const limit = Math.min(q.limit ?? 20, 100);
  const cur = q.cursor ? decodeCursor(q.cursor) : null;
  const rows: Row[] = await ctx.db.query(
    `SELECT id, kind, subject_vi, subject_en, link, urgent, created_at, read_at FROM notifications
     WHERE user_id = $1 AND in_app AND (NOT $2::boolean OR read_at IS NULL)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [ctx.actor.userId, q.unreadOnly ?? false, cur?.at ?? null, cur?.id ?? null, limit + 1],
  );
  const [{ n }] = (await ctx.db.query(
    `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND in_app AND read_at IS NULL`,
    [ctx.actor.userId],
  )) as [{ n: number }];
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      subject: { vi: r.subject_vi, en: r.subject_en },
      link: r.link,
      urgent: r.urgent,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at ? r.read_at.toISOString() : null,
    })),
    unreadCount: n,
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

/** Marks one of the caller's notifications read (idempotent); another user's is NOTIFICATION_NOT_FOUND. */
export async function markNotificationRead(ctx: DomainContext, id: string): Promise<{ unreadCount: number }> {
  const rows: { id: string }[] = await ctx.db.query(
    `WITH u AS (UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id)
     SELECT id FROM u`,
    [id, ctx.actor.userId, ctx.clock.now()],
  );
  if (rows.length === 0) throw NotificationError.notFound(id);
  return { unreadCount: await unread(ctx) };
}

/** Marks every notification of the caller read. */
export async function markAllNotificationsRead(
  ctx: DomainContext,
): Promise<{ marked: number; unreadCount: number }> {
  const rows: { id: string }[] = await ctx.db.query(
    `WITH u AS (UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id)
     SELECT id FROM u`,
    [ctx.actor.userId, ctx.clock.now()],
  );
  return { marked: rows.length, unreadCount: 0 };
}

async function unread(ctx: DomainContext): Promise<number> {
  const [{ n }] = (await ctx.db.query(
    `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND in_app AND read_at IS NULL`,
    [ctx.actor.userId],
  )) as [{ n: number }];
  return n;
}

export interface NotificationPreferences {
  email: string | null;
  kinds: { kind: string; label: { vi: string; en: string }; inApp: boolean; email: boolean }[];
}

/** The caller's e-mail address and, for every known kind, whether each channel is on. */
export async function getNotificationPreferences(ctx: DomainContext): Promise<NotificationPreferences> {
  const [user] = (await ctx.db.query(`SELECT email FROM users WHERE id = $1`, [ctx.actor.userId])) as {
    email: string | null;
  }[];
  const off: { kind: string; channel: NotificationChannel }[] = await ctx.db.query(
    `SELECT kind, channel FROM notification_opt_outs WHERE user_id = $1`,
    [ctx.actor.userId],
  );
  const isOff = (kind: string, channel: NotificationChannel) =>
    off.some((o) => o.kind === kind && o.channel === channel);
  return {
    email: user?.email ?? null,
    kinds: NOTIFICATION_KIND_NAMES.map((kind) => ({
      kind,
      label: NOTIFICATION_KINDS[kind],
      inApp: !isOff(kind, 'in_app'),
      email: !isOff(kind, 'email'),
    })),
  };
}

/**
 * Replaces the caller's preferences: the e-mail address (null removes it) and the channels of the listed
 * kinds (kinds not listed keep theirs).
 */
export async function setNotificationPreferences(
  ctx: DomainContext,
  p: {
    email?: string | null;
    kinds?: { kind: (typeof NOTIFICATION_KIND_NAMES)[number]; inApp: boolean; email: boolean }[];
  },
): Promise<NotificationPreferences> {
  await ctx.db.transaction(async (m) => {
    if (p.email !== undefined)
      await m.query(`UPDATE users SET email = $2, updated_at = $3 WHERE id = $1`, [
        ctx.actor.userId,
        p.email === null || p.email === '' ? null : p.email,
        ctx.clock.now(),
      ]);
    for (const k of p.kinds ?? []) {
      for (const [channel, on] of [
        ['in_app', k.inApp],
        ['email', k.email],
      ] as const) {
        if (on)
          await m.query(
            `DELETE FROM notification_opt_outs WHERE user_id = $1 AND kind = $2 AND channel = $3`,
            [ctx.actor.userId, k.kind, channel],
          );
        else
          await m.query(
            `INSERT INTO notification_opt_outs (user_id, kind, channel) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
            [ctx.actor.userId, k.kind, channel],
          );
      }
    }
  });
  return getNotificationPreferences(ctx);
}
